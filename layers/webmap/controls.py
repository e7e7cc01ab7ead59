"""Small Leaflet extras as folium elements: page CSS, legend, attribution text, graticule labels.

Each uses only core Leaflet (nothing to vendor). Scripts go in ``script`` macros: streamlit-folium
drops inline ``<script>`` from the header, but keeps header ``<style>``.
"""

from __future__ import annotations

from branca.element import Element, MacroElement
from jinja2 import Template

from layers.style import GRATICULE, GRATICULE_LABEL, LABEL_COLOUR, SEA_COLOUR

#: Zoom level from which the minor graticule is shown.
MINOR_GRATICULE_MIN_ZOOM = 6

MAP_CSS = f"""
.leaflet-container {{ background: {SEA_COLOUR} !important; font-family: "Noto Sans", "DejaVu Sans", sans-serif; }}
.pm-graticule-minor {{ display: none; }}
.pm-detail .pm-graticule-minor {{ display: inline; }}
.pm-grat-label {{ color: {GRATICULE_LABEL}; font-size: 11px; white-space: nowrap; width: 30px;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff; pointer-events: none; }}
.pm-label {{ color: {LABEL_COLOUR}; white-space: nowrap; pointer-events: none;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }}
.pm-label-box {{ position: absolute; white-space: nowrap; }}
.pm-center {{ transform: translate(-50%, -50%); text-align: center; }}
.pm-below {{ transform: translate(-50%, 4px); text-align: center; }}
.pm-right {{ transform: translate(7px, -50%); }}
.pm-right-below {{ transform: translate(9px, -3px); }}
.pm-sea-label {{ font-style: italic; font-size: 15px; letter-spacing: 0.06em; color: #2c5d87;
  text-align: center; line-height: 1.25; }}
.pm-zone-label {{ font-size: 11px; font-weight: 600; }}
.pm-point-label {{ font-size: 11px; }}
.pm-legend {{ background: rgba(255,255,255,0.93); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); font-size: 12px; line-height: 1.35; max-width: 250px;
  max-height: calc(100vh - 230px); overflow-y: auto; }}  /* never over the NOTIONAL banner */
.pm-legend h4 {{ margin: 4px 0 2px; font-size: 12px; }}
.pm-legend summary {{ cursor: pointer; font-weight: 700; font-size: 12px; margin-bottom: 2px; }}
.pm-legend details:not([open]) summary {{ margin-bottom: 0; }}
.pm-legend h4:first-child {{ margin-top: 0; }}
.pm-legend .pm-row {{ display: flex; align-items: center; gap: 5px; margin: 1px 0; }}
.pm-legend .pm-grid {{ display: grid; grid-template-columns: 1fr 1fr; column-gap: 10px; }}
.leaflet-control-attribution {{ font-size: 10px; line-height: 1.3; max-width: 62%; }}
.pm-legend .pm-note {{ margin-top: 4px; color: #444; font-size: 11px; }}
.pm-legend .pm-caveat {{ margin-top: 4px; color: #8a1c1c; font-weight: 600; font-size: 11px; }}
.pm-swatch {{ display: inline-block; width: 14px; height: 10px; border: 1.5px solid;
  vertical-align: middle; flex: none; }}
.pm-line {{ display: inline-block; width: 22px; height: 0; border-top: 2.5px solid;
  vertical-align: middle; flex: none; }}
.pm-line.pm-dashed {{ border-top-style: dashed; }}
.pm-line.pm-dotted {{ border-top-style: dotted; }}
.pm-dot {{ display: inline-block; width: 8px; height: 8px; border-radius: 50%;
  vertical-align: middle; flex: none; }}
.pm-arrow {{ font-size: 13px; line-height: 1; position: absolute; left: -6px; top: -7px;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff; pointer-events: none; }}
.pm-aircraft-label {{ font-size: 12px; font-weight: 700; color: #111; }}
.pm-time-label {{ font-size: 10.5px; color: #222; font-weight: 600; }}
.pm-time-label .pm-utc {{ font-weight: 400; color: #555; }}
.pm-trackline {{ vertical-align: middle; flex: none; }}
.pm-banner {{ background: rgba(255,246,214,0.95); border: 1px solid #c9a227; color: #5c4400;
  padding: 3px 8px; border-radius: 4px; font-size: 12px; font-weight: 600; max-width: 420px; }}
.leaflet-control-layers-overlays label {{ margin: 1px 0; }}
.leaflet-control-layers {{ font-size: 11.5px; line-height: 1.25; max-height: 60vh; overflow-y: auto; }}
.leaflet-control-layers-expanded {{ padding: 4px 8px 4px 5px; }}
.pm-grat-line {{ stroke: {GRATICULE}; }}
.pm-decluttered {{ visibility: hidden; }}
/* territorial airspace (land and 12 nm: most of a country) answers the pointer on its outline only */
.leaflet-pane > svg path.pm-airspace.leaflet-interactive {{ pointer-events: visibleStroke; }}
.leaflet-tooltip {{ font-size: 13px; line-height: 1.3; white-space: normal; width: max-content;
  max-width: min(360px, 45vw); overflow-wrap: anywhere; }}
"""

#: Presentation mode (a projector): larger labels, legend and tooltips, and the map as tall as
#: the frame the page gives it (streamlit-folium sets its ``#map_div`` to a fixed height).
LARGE_MAP_CSS = """
#map_div { height: 100vh !important; }
.pm-zone-label, .pm-point-label { font-size: 14px; }
.pm-sea-label { font-size: 18px; }
.pm-aircraft-label { font-size: 16px; }
.pm-time-label { font-size: 13px; }
.pm-legend, .pm-legend h4, .pm-legend summary { font-size: 15px; }
.pm-legend { max-width: 330px; }
.pm-legend .pm-note, .pm-legend .pm-caveat { font-size: 13px; }
.leaflet-tooltip { font-size: 16px; }
.leaflet-control-scale-line { font-size: 14px; }
.pm-grat-label { font-size: 13px; }
"""


class MapCss(MacroElement):
    """The map's CSS (sea colour as the background, label and legend classes) in the header."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        """
    )

    def __init__(self, css: str = MAP_CSS) -> None:
        super().__init__()
        self._name = "MapCss"
        self.css = css


#: Below this map width (CSS pixels) the legend starts folded: it would cover about a third
#: of the map (a 1280×720 projector, a laptop); its "Legend" heading opens it.
LEGEND_OPEN_MIN_WIDTH_PX = 900


class Legend(MacroElement):
    """A legend box (trusted HTML built by :mod:`layers.webmap.legend`) as a Leaflet control; it folds
    away under its "Legend" heading (open at first on maps at least
    :data:`LEGEND_OPEN_MIN_WIDTH_PX` wide, folded on narrower ones)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function (map) {
                var div = L.DomUtil.create("div", "pm-legend");
                var open = map.getSize().x >= {{ this.open_min_width }} ? " open" : "";
                div.innerHTML = '<details' + open + '><summary>Legend</summary>' +
                    {{ this.html|tojson }} + '</details>';
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.position = position
        self.open_min_width = int(LEGEND_OPEN_MIN_WIDTH_PX)


class Banner(MacroElement):
    """A short always-visible notice (trusted text, shown as text) at the top left."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var banner = L.control({position: "topleft"});
            banner.onAdd = function () {
                var div = L.DomUtil.create("div", "pm-banner");
                div.textContent = {{ this.text|tojson }};
                return div;
            };
            banner.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Banner"
        self.text = text


class AttributionText(MacroElement):
    """Adds trusted attribution HTML (data sources and licences) to the attribution control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.html|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "AttributionText"
        self.html = html


class ZoomDetailClass(MacroElement):
    """Marks the map container with ``pm-detail`` from ``min_zoom`` on (shows fine detail)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            function update() {
                L.DomUtil[map.getZoom() >= {{ this.min_zoom }} ? "addClass" : "removeClass"](
                    map.getContainer(), "pm-detail");
            }
            map.on("zoomend", update);
            map.whenReady(update);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, min_zoom: int = MINOR_GRATICULE_MIN_ZOOM) -> None:
        super().__init__()
        self._name = "ZoomDetailClass"
        self.min_zoom = min_zoom


#: Text labels by priority, highest first: where two overlap on screen the lower one is hidden.
LABEL_PRIORITY = ("pm-aircraft-label", "pm-zone-label", "pm-sea-label", "pm-point-label", "pm-time-label")


class LabelDeclutter(MacroElement):
    """Hides text labels that would overprint a label of higher priority
    (:data:`LABEL_PRIORITY`; the moving aircraft's dot counts as the highest), after every move,
    zoom, resize and layer change, so labels never collide at any zoom. Hidden labels get the
    class ``pm-decluttered``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var order = {{ this.priority|tojson }}, queued = false, pad = 2;
            function rank(box) {
                for (var i = 0; i < order.length; i++) {
                    if (box.classList.contains(order[i])) { return i; }
                }
                return order.length;
            }
            function overlaps(r, k) {
                return r.left < k.right + pad && r.right > k.left - pad &&
                    r.top < k.bottom + pad && r.bottom > k.top - pad;
            }
            function declutter() {
                queued = false;
                var root = map.getContainer();
                var kept = Array.prototype.map.call(
                    root.querySelectorAll("path.pm-aircraft:not(.pm-aircraft-ended)"),
                    function (p) { return p.getBoundingClientRect(); });
                var boxes = Array.prototype.slice.call(root.querySelectorAll(".pm-label-box"));
                boxes.forEach(function (box) { box.classList.remove("pm-decluttered"); });
                // Measure every label first, then hide: one layout, not one per label.
                var items = boxes.map(function (box, i) {
                    return {box: box, rank: rank(box), order: i, rect: box.getBoundingClientRect(),
                            shown: box.offsetParent !== null};
                });
                items.sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
                var hide = items.filter(function (item) {
                    var r = item.rect;
                    if (!r.width || !item.shown) { return false; }
                    var hit = kept.some(function (k) { return overlaps(r, k); });
                    if (hit && item.rank > 0) { return true; }
                    kept.push(r);
                    return false;
                });
                hide.forEach(function (item) { item.box.classList.add("pm-decluttered"); });
            }
            function queue() {
                if (!queued) { queued = true; window.requestAnimationFrame(declutter); }
            }
            map.on("zoomend moveend resize layeradd layerremove", queue);
            map.whenReady(queue);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, priority: tuple[str, ...] = LABEL_PRIORITY) -> None:
        super().__init__()
        self._name = "LabelDeclutter"
        self.priority = list(priority)


class GraticuleLabels(MacroElement):
    """Degree labels along the map's top (meridians) and side (parallels) edges, except
    where a control covers the edge.

    Add it to the graticule's feature group (itself on the map), so the labels hide with the
    lines; they are redrawn after each move.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (group, map) {
            var lons = {{ this.lons|tojson }}, lats = {{ this.lats|tojson }};
            var labels = L.layerGroup().addTo(group);
            function label(point, text, anchor) {
                return L.marker(map.containerPointToLatLng(point), {
                    interactive: false, keyboard: false,
                    icon: L.divIcon({className: "pm-grat-label", html: text,
                                     iconSize: null, iconAnchor: anchor})});
            }
            function covered() {  // is a point under a control (zoom, scale, legend, layers)?
                // Every box is measured once per draw, before any label is added, so the
                // page is laid out once rather than once per label.
                var box = map.getContainer().getBoundingClientRect();
                var rects = Array.prototype.map.call(
                    map.getContainer().querySelectorAll(".leaflet-control"),
                    function (control) { return control.getBoundingClientRect(); });
                return function (point) {
                    var x = point[0] + box.left, y = point[1] + box.top;
                    return rects.some(function (r) {
                        return x > r.left - 30 && x < r.right + 30 && y > r.top - 16 && y < r.bottom + 16;
                    });
                };
            }
            function draw() {  // meridians labelled along the top, parallels on both sides
                labels.clearLayers();
                var hidden = covered();
                var size = map.getSize(), bounds = map.getBounds(), mid = bounds.getCenter();
                lons.forEach(function (item) {
                    if (item[0] <= bounds.getWest() || item[0] >= bounds.getEast()) return;
                    var point = [map.latLngToContainerPoint([mid.lat, item[0]]).x, 4];
                    if (!hidden(point)) labels.addLayer(label(point, item[1], [-3, 0]));
                });
                lats.forEach(function (item) {
                    if (item[0] <= bounds.getSouth() || item[0] >= bounds.getNorth()) return;
                    var y = map.latLngToContainerPoint([item[0], mid.lng]).y;
                    if (!hidden([4, y])) labels.addLayer(label([4, y], item[1], [0, 15]));
                    if (!hidden([size.x - 4, y])) {
                        labels.addLayer(label([size.x - 4, y], item[1], [34, 15]));
                    }
                });
            }
            map.on("moveend zoomend resize", draw);
            map.whenReady(draw);
        })({{ this._parent.get_name() }}, {{ this._parent._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, lons: list[tuple[float, str]], lats: list[tuple[float, str]]) -> None:
        super().__init__()
        self._name = "GraticuleLabels"
        self.lons = [list(item) for item in lons]
        self.lats = [list(item) for item in lats]


class FitOnResize(MacroElement):
    """Fit the map to ``bounds`` [[south, west], [north, east]] again whenever its container
    changes size (an iframe often starts narrow), until the user pans, zooms or clicks."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var bounds = {{ this.bounds|tojson }};
            var touched = false;
            var box = map.getContainer();
            ["pointerdown", "wheel", "keydown", "touchstart"].forEach(function (name) {
                box.addEventListener(name, function () { touched = true; }, {passive: true});
            });
            if (window.ResizeObserver) {
                new ResizeObserver(function () {
                    if (touched) { return; }
                    map.invalidateSize();
                    map.fitBounds(bounds);
                }).observe(box);
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitOnResize"
        self.bounds = bounds


class LayerListHandle(MacroElement):
    """Makes the map's layer list (a ``folium.LayerControl``, added before this) reachable as
    ``map.pmLayerControl``, for groups added later on each run (:class:`ListedInLayers`), and
    remembers which of those groups the user switched off in it (``map.pmLayersOff``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, control) {
            map.pmLayerControl = control;
            map.pmLayersOff = map.pmLayersOff || {};
            map.on("overlayadd overlayremove", function (e) {
                if (control._handlingClick) { map.pmLayersOff[e.name] = e.type === "overlayremove"; }
            });
        })({{ this._parent.get_name() }}, {{ this.control.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, control: Element) -> None:
        super().__init__()
        self._name = "LayerListHandle"
        self.control = control


class ListedInLayers(MacroElement):
    """Lists a feature group sent with each run (not part of the cached map) in the map's layer
    list under ``name``, replacing the previous run's entry, and keeps it off when the user
    switched it off. Add it to the group; needs :class:`LayerListHandle` on the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (group, map, name) {
            var control = map.pmLayerControl;
            if (!control) { return; }
            var listed = (map.pmListed = map.pmListed || {});
            if (listed[name]) { control.removeLayer(listed[name]); }
            listed[name] = group;
            control.addOverlay(group, name);
            if ((map.pmLayersOff || {})[name]) { setTimeout(function () { map.removeLayer(group); }, 0); }
        })({{ this._parent.get_name() }}, {{ this._parent._parent.get_name() }}, {{ this.name|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = "ListedInLayers"
        self.name = name
