"""Map tools: from Leaflet plugins (vendored in static/, see static/README.md) measure distances
(kilometres and nautical miles), mouse coordinates and drawing a route; and a full-screen
button of our own that puts the whole page on the screen (in the app: the map with its time
slider, Play and the event card, not the map alone).

Call :func:`add_tools` before :func:`layers.webmap.offline.localize` (``build_map`` does), so the
plugins' CDN links are rewritten to the vendored files.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement
from folium.plugins import Draw, MeasureControl, MousePosition
from jinja2 import Template

from layers.units import NM_M

#: leaflet-measure has no nautical mile: a custom unit (1 nm = 1852 m exactly).
NAUTICAL_MILES = {"nauticalmiles": {"factor": 1 / NM_M, "display": "nautical miles", "decimals": 1}}

#: Mouse coordinates in degrees with hemisphere letters, e.g. 37.2417°N 131.8645°E.
_LAT_FORMATTER = "function (v) { return Math.abs(v).toFixed(4) + '°' + (v < 0 ? 'S' : 'N'); }"
_LNG_FORMATTER = "function (v) { return Math.abs(v).toFixed(4) + '°' + (v < 0 ? 'W' : 'E'); }"


#: Four corner brackets (the usual full-screen symbol), drawn, so no font is needed.
_FULLSCREEN_ICON = (
    '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="none" stroke="#222" '
    'stroke-width="2"><path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4"/></svg>'
)


class PageFullscreen(MacroElement):
    """A full-screen button (class ``pm-fullscreen``). Embedded in the app's page (a frame of
    the same origin) it puts that page on the screen, so the player and the event card stay;
    on its own (the HTML export) it puts its own page on the screen. Esc or the button again
    leaves full screen."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            function page() {
                try {
                    if (window.parent !== window && window.parent.document) { return window.parent.document; }
                } catch (error) { /* another origin: this page only */ }
                return document;
            }
            function toggle() {
                var doc = page();
                if (doc.fullscreenElement) { doc.exitFullscreen(); return; }
                var root = doc.documentElement;
                if (root.requestFullscreen) { root.requestFullscreen().catch(function () {}); }
            }
            var Control = L.Control.extend({
                options: {position: "topright"},
                onAdd: function () {
                    var bar = L.DomUtil.create("div", "leaflet-bar pm-fullscreen");
                    var link = L.DomUtil.create("a", "", bar);
                    link.href = "#";
                    link.title = {{ this.title|tojson }};
                    link.setAttribute("role", "button");
                    link.setAttribute("aria-label", {{ this.title|tojson }});
                    link.innerHTML = {{ this.icon|tojson }};
                    link.style.display = "flex";
                    link.style.alignItems = "center";
                    link.style.justifyContent = "center";
                    L.DomEvent.disableClickPropagation(bar);
                    L.DomEvent.on(link, "click", function (event) { L.DomEvent.preventDefault(event); toggle(); });
                    return bar;
                }
            });
            new Control().addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, title: str = "Full screen (the whole page: map, time slider and Play)") -> None:
        super().__init__()
        self._name = "PageFullscreen"
        self.title = title
        self.icon = _FULLSCREEN_ICON


def add_tools(fmap: folium.Map, draw: bool = False) -> None:
    """Measure tool (km and nm), full-screen button and mouse coordinates; with ``draw``, a
    polyline drawing tool (the app turns a drawn line into a track)."""
    PageFullscreen().add_to(fmap)
    MeasureControl(
        position="topright",
        primary_length_unit="kilometers",
        secondary_length_unit="nauticalmiles",
        primary_area_unit="sqkilometers",
        secondary_area_unit=None,
        units=NAUTICAL_MILES,
    ).add_to(fmap)
    MousePosition(
        position="bottomright",
        separator="  ",
        empty_string="",
        lng_first=False,
        num_digits=4,
        prefix="",
        lat_formatter=_LAT_FORMATTER,
        lng_formatter=_LNG_FORMATTER,
    ).add_to(fmap)
    if draw:
        Draw(
            export=False,
            position="topright",
            draw_options={
                "polyline": {"shapeOptions": {"color": "#111111", "weight": 3}},
                "polygon": False,
                "rectangle": False,
                "circle": False,
                "marker": False,
                "circlemarker": False,
            },
            edit_options={"edit": False, "remove": True},
        ).add_to(fmap)
