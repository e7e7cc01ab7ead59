"""Compose the folium map from the zone, point and boundary tables (offline by default).

Drawing order (bottom first): sea and land in a basemap pane below any web tiles, graticule,
territorial airspace per state, Dokdo/Takeshima, ADIZs with their edges (approximate segments
dashed), reference points and labels. Every text that comes from data is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import mapping
from shapely.ops import polylabel

from layers.attribution import ATTRIBUTION_HTML
from layers.geo.bounds import Bounds
from layers.geo.geodesy import distance_m
from layers.markup import escape, shorten
from layers.style import (
    ADIZ_LABELS,
    DEFAULT_COLOUR,
    DISPUTED_COLOUR,
    GRATICULE,
    REFERENCE_POINT_COLOUR,
    STATE_COLOURS,
    state_name,
    zone_style,
)
from layers.timefmt import KST, LocalZone
from layers.tracks.naming import any_notional, caveat, tracks_heading
from layers.tracks.track import Track
from layers.webmap.controls import (
    LARGE_MAP_CSS,
    AttributionText,
    FitOnResize,
    GraticuleLabels,
    LabelDeclutter,
    LayerListHandle,
    Legend,
    MapCss,
    ZoomDetailClass,
)
from layers.webmap.edges import edge_layer as _edge_layer
from layers.webmap.edges import edges_of as _edges_of
from layers.webmap.features import constant_style
from layers.webmap.features import feature as _feature
from layers.webmap.features import geojson_layer as _geojson
from layers.webmap.graticule import graticule_lines
from layers.webmap.legend import legend_html
from layers.webmap.offline import localize
from layers.webmap.text import short_label, zone_tooltip
from layers.webmap.tools import add_tools
from layers.webmap.tracks import add_crossings, add_tracks
from layers.webmap.weight import panning_limits, parts_within, round_geojson_layers
from layers.zones.disputed import disputed_layer_name, disputed_text, is_disputed

#: Default view (Bounds: west, south, east, north, degrees): Korea, Japan, the Sea of Japan (East Sea)
#: and the northern East China Sea.
DEFAULT_VIEW = Bounds(122.0, 29.0, 143.0, 45.5)
#: Graticule extent (min_lon, min_lat, max_lon, max_lat) and steps in degrees.
GRATICULE_BOUNDS = Bounds(100.0, 10.0, 170.0, 60.0)
MAJOR_STEP_DEG = 5.0
MINOR_STEP_DEG = 1.0
BASEMAP_PANE = "pm-basemap"
OSM_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'

#: Overlay names in the layer control (trusted text; an HTML swatch before each).
LAND_LAYER = "Land"
SEA_LAYER = "Sea of Japan (East Sea)"
GRATICULE_LAYER = "Graticule"
POINTS_LAYER = "Reference points"
WEB_TILES_LAYER = "OpenStreetMap tiles (online)"

Style = dict[str, Any]


def _swatch(colour: str) -> str:
    return f'<span class="pm-swatch" style="border-color:{colour};background:{colour}55"></span> '


def _label(
    location: tuple[float, float], text_html: str, css_class: str, placement: str = "center"
) -> folium.Marker:
    """A non-interactive text label at ``location`` (lat, lon): centred on it, or just
    ``"below"``, to the ``"right"`` or ``"right-below"`` of it. ``text_html`` must already
    be escaped."""
    box = f'<div class="pm-label-box pm-{placement} {css_class}">{text_html}</div>'
    icon = folium.DivIcon(html=box, class_name="pm-label", icon_size=(0, 0))
    return folium.Marker(location, icon=icon, interactive=False, keyboard=False)


def _zone_style(zone: Any, class_name: str) -> Style:
    style = zone_style(zone["kind"], zone["state"], disputed=is_disputed(zone))
    return {
        "color": style.colour,
        "fillColor": style.fill,
        "fillOpacity": style.fill_opacity,
        "weight": style.weight,
        "dashArray": style.dash,
        "className": class_name,
    }


def base_map(view: Bounds = DEFAULT_VIEW) -> folium.Map:
    """An empty map without tiles: sea colour background, scale bar, basemap pane."""
    west, south, east, north = view.unwrapped()
    # Panning is limited to the basemap's extent unless the view lies outside it (near Alaska)
    inside = panning_limits(view, GRATICULE_BOUNDS) is not None
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        zoom_snap=0.5,
        min_zoom=4 if inside else 2,
        max_bounds=inside,
        min_lat=GRATICULE_BOUNDS[1],
        max_lat=GRATICULE_BOUNDS[3],
        min_lon=GRATICULE_BOUNDS[0],
        max_lon=GRATICULE_BOUNDS[2],
    )
    fmap.fit_bounds(view.leaflet())
    FitOnResize(view.leaflet()).add_to(fmap)
    MapCss().add_to(fmap)
    folium.map.CustomPane(BASEMAP_PANE, z_index=150, pointer_events=False).add_to(fmap)
    return fmap


def add_web_tiles(fmap: folium.Map) -> None:
    """OpenStreetMap tiles (needs the internet): drawn over the offline land and sea."""
    folium.TileLayer(
        tiles=OSM_TILES_URL, attr=OSM_ATTRIBUTION, name=WEB_TILES_LAYER, overlay=True,
        control=True, show=True, max_zoom=19,
    ).add_to(fmap)


def add_sea(fmap: folium.Map, zones: gpd.GeoDataFrame) -> None:
    """The Sea of Japan (East Sea) limits (dotted) and its label with both names."""
    seas = zones[zones["kind"] == "sea"]
    if seas.empty:
        return
    group = folium.FeatureGroup(name=_swatch("#5b8db8") + SEA_LAYER).add_to(fmap)
    features = [_feature(zid, mapping(z.geometry)) for zid, z in seas.iterrows()]
    style = {"color": "#5b8db8", "weight": 1, "dashArray": "2 5", "fill": False,
             "className": "pm-sea"}
    _geojson(features, lambda _f: style, pane=BASEMAP_PANE, interactive=False).add_to(group)
    for _, sea in seas.iterrows():
        anchor = polylabel(max(_polygons(sea.geometry), key=lambda p: p.area), tolerance=0.05)
        local = " / ".join(escape(sea.get(k)) for k in ("name_ja", "name_ko") if sea.get(k))
        text = escape(sea["name"]).replace(" (", "<br>(", 1)
        if local:
            text += f'<br><span style="font-size:12px">{local}</span>'
        _label((anchor.y, anchor.x), text, "pm-sea-label").add_to(group)


def _polygons(geometry: Any) -> list[Any]:
    return list(getattr(geometry, "geoms", [geometry]))


def add_land(fmap: folium.Map, zones: gpd.GeoDataFrame, extent: Any = None) -> None:
    """Land polygons, opaque, in the basemap pane (below web tiles and all zones); with an
    ``extent`` (the panning limits) only the parts that can be panned to."""
    land = zones[zones["kind"] == "land"]
    if land.empty:
        return
    group = folium.FeatureGroup(name=_swatch("#9a948a") + LAND_LAYER).add_to(fmap)
    shown = ((zid, parts_within(z.geometry, extent)) for zid, z in land.iterrows())
    features = [_feature(zid, mapping(geom)) for zid, geom in shown if geom is not None]
    style = _zone_style(land.iloc[0], "pm-land")
    _geojson(features, lambda _f: style, pane=BASEMAP_PANE, interactive=False).add_to(group)


def add_graticule(fmap: folium.Map) -> None:
    """Meridians and parallels: labelled every 5°, fine lines every 1° from zoom 6."""
    group = folium.FeatureGroup(name=_swatch(GRATICULE) + GRATICULE_LAYER).add_to(fmap)
    for step, skip, cls, weight in (
        (MINOR_STEP_DEG, MAJOR_STEP_DEG, "pm-graticule pm-graticule-minor", 0.5),
        (MAJOR_STEP_DEG, None, "pm-graticule", 0.9),
    ):
        lines = graticule_lines(GRATICULE_BOUNDS, step, skip)
        features = [_feature(f"{ln.axis}{ln.value:g}", mapping(ln.geometry)) for ln in lines]
        style = {"color": GRATICULE, "weight": weight, "opacity": 0.8, "className": cls}
        _geojson(features, constant_style(style), interactive=False).add_to(group)
    major = graticule_lines(GRATICULE_BOUNDS, MAJOR_STEP_DEG)
    GraticuleLabels(
        [(ln.value, ln.label) for ln in major if ln.axis == "lon"],
        [(ln.value, ln.label) for ln in major if ln.axis == "lat"],
    ).add_to(group)
    ZoomDetailClass().add_to(fmap)


def add_airspace(fmap: folium.Map, zones: gpd.GeoDataFrame) -> list[str]:
    """One toggle per state's territorial airspace (disputed zones excluded); returns the states."""
    airspace = zones[(zones["kind"] == "territorial-airspace")]
    airspace = airspace[[not is_disputed(z) for _, z in airspace.iterrows()]]
    states: list[str] = []
    for zone_id, zone in airspace.iterrows():
        colour = STATE_COLOURS.get(zone["state"], DEFAULT_COLOUR)
        name = f"Territorial airspace: {escape(state_name(zone['state']))}"
        group = folium.FeatureGroup(name=_swatch(colour) + name).add_to(fmap)
        style = _zone_style(zone, "pm-airspace")
        feature = _feature(str(zone_id), mapping(zone.geometry), zone_tooltip(zone))
        _geojson([feature], constant_style(style)).add_to(group)
        states.append(zone["state"])
    return states


def add_disputed(fmap: folium.Map, zones: gpd.GeoDataFrame) -> list[str]:
    """Disputed zones (Dokdo/Takeshima): own colour, dashed, with both names and a label.
    Returns each zone's legend text (:func:`layers.zones.disputed.disputed_text`)."""
    airspace = zones[zones["kind"] == "territorial-airspace"]
    disputed = airspace[[is_disputed(z) for _, z in airspace.iterrows()]]
    if disputed.empty:
        return []
    name = disputed_layer_name([z for _, z in disputed.iterrows()])
    group = folium.FeatureGroup(name=_swatch(DISPUTED_COLOUR) + escape(name)).add_to(fmap)
    for zone_id, zone in disputed.iterrows():
        style = _zone_style(zone, "pm-disputed")
        feature = _feature(str(zone_id), mapping(zone.geometry), zone_tooltip(zone))
        _geojson([feature], constant_style(style)).add_to(group)
        _, miny, maxx, maxy = zone.geometry.bounds
        text = escape(zone["name"]).replace(" (", "<br>(", 1)
        label = _label(
            ((miny + maxy) / 2, maxx), text, "pm-zone-label pm-disputed-label", "right-below"
        )
        label.add_to(group)
    return [disputed_text(z) for _, z in disputed.iterrows()]


def add_adiz(
    fmap: folium.Map, zones: gpd.GeoDataFrame, boundaries: gpd.GeoDataFrame | None
) -> list[tuple[str, str]]:
    """One toggle per ADIZ: a faint fill, and its edges drawn from ``boundaries`` (solid where
    official or reported, dashed where approximate) carrying the hover labels; without
    edges the fill carries the zone's label. Returns
    (state, label) pairs for the legend."""
    adiz = zones[zones["kind"] == "adiz"]
    shown: list[tuple[str, str]] = []
    for zone_id, zone in adiz.iterrows():
        label = ADIZ_LABELS.get(zone["state"], escape(zone["name"]))
        colour = STATE_COLOURS.get(zone["state"], DEFAULT_COLOUR)
        group = folium.FeatureGroup(name=_swatch(colour) + label).add_to(fmap)
        edges = _edges_of(boundaries, str(zone_id))
        fill = _zone_style(zone, "pm-adiz")
        if edges:
            fill = {**fill, "weight": 0}  # the edges carry the outline
        if edges:  # the hover label on the edges, not over the whole zone (it covers most of the map)
            feature = _feature(str(zone_id), mapping(zone.geometry))
            _geojson([feature], constant_style(fill), interactive=False).add_to(group)
        else:
            feature = _feature(str(zone_id), mapping(zone.geometry), zone_tooltip(zone))
            _geojson([feature], constant_style(fill)).add_to(group)
        if edges:
            _edge_layer(edges, colour, fill["weight"] or 2.2).add_to(group)
        shown.append((zone["state"], label))
    return shown


def add_points(fmap: folium.Map, points: gpd.GeoDataFrame | None) -> None:
    """Reference points as small dots with their name (escaped) as tooltip and label."""
    if points is None or points.empty:
        return
    group = folium.FeatureGroup(name=_swatch(REFERENCE_POINT_COLOUR) + POINTS_LAYER).add_to(fmap)
    features = []
    for number, (_, point) in enumerate(points.iterrows()):
        tip = f"<b>{escape(point.get('name', ''))}</b>"
        if point.get("kind"):
            tip += f"<br>{escape(point['kind'])}"
        if point.get("source"):
            tip += f"<br>Source: {escape(shorten(point['source']))}"
        features.append(_feature(f"point-{number}", mapping(point.geometry), tip))
    style = {"color": "#ffffff", "weight": 1.2, "fill": True, "fillColor": REFERENCE_POINT_COLOUR,
             "fillOpacity": 1, "radius": 4, "className": "pm-point"}
    _geojson(features, lambda _f: style, marker=folium.CircleMarker(radius=4)).add_to(group)
    for name, location in point_labels(points).items():
        _label(location, escape(name), "pm-point-label", "right").add_to(group)


#: A point's label is left out when a labelled point lies closer than this (metres).
LABEL_MIN_SEPARATION_M = 60_000.0


def point_labels(points: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """Label text -> position (lat, lon) for reference points, in file order.

    The text is :func:`short_label` of the name. Disputed points (the Dokdo/Takeshima
    islets: their zone has its own label) and points within
    :data:`LABEL_MIN_SEPARATION_M` of a labelled point get no label (tooltip only).
    """
    labels: dict[str, tuple[float, float]] = {}
    for _, point in points.iterrows():
        name = short_label(str(point.get("name") or ""))
        if not name or name in labels or is_disputed(point):
            continue
        lat, lon = point.geometry.y, point.geometry.x
        if labels:
            others = np.array(list(labels.values()))
            here = np.ones(len(others))
            near = distance_m(here * lon, here * lat, others[:, 1], others[:, 0])
            if (near < LABEL_MIN_SEPARATION_M).any():
                continue
        labels[name] = (lat, lon)
    return labels


def build_map(
    zones: gpd.GeoDataFrame,
    points: gpd.GeoDataFrame | None = None,
    boundaries: gpd.GeoDataFrame | None = None,
    tracks: Sequence[Track] = (),
    events: pd.DataFrame | None = None,
    *,
    web_tiles: bool = False,
    view: Bounds = DEFAULT_VIEW,
    collapsed_layers: bool = False,
    tools: bool = False,
    draw: bool = False,
    local: LocalZone = KST,
    large_text: bool = False,
    crossing_markers: bool = True,
    places: Sequence[tuple[Any, Any]] = (),
) -> folium.Map:
    """The whole map from the display-resolution layers, localized for offline use.

    ``tracks`` are drawn densified along geodesics; ``events`` (the crossing report's
    events table) as entry/exit markers. ``web_tiles`` adds OpenStreetMap tiles (online only;
    off by default). ``collapsed_layers`` folds the layer list into a button (it opens on
    hover or tap). ``tools`` adds the measure tool, fullscreen and mouse coordinates;
    ``draw`` a route-drawing tool (:mod:`layers.webmap.tools`). Tooltips give times in
    ``local`` (the scenario's time zone) and UTC. ``large_text``: presentation mode's larger
    labels, legend and tooltips, the map filling its frame's height. ``crossing_markers=False``
    leaves the markers out (the legend still explains them; the app adds them with the aircraft,
    :func:`layers.webmap.tracks.crossings_group`).
    """
    from layers.webmap.places import PLACE_COLOUR, add_event_places

    fmap = base_map(view)
    if large_text:
        MapCss(LARGE_MAP_CSS).add_to(fmap)
    if web_tiles:
        add_web_tiles(fmap)
    add_sea(fmap, zones)
    add_land(fmap, zones, panning_limits(view, GRATICULE_BOUNDS))
    add_graticule(fmap)
    airspace_states = add_airspace(fmap, zones)
    disputed = add_disputed(fmap, zones)
    adiz = add_adiz(fmap, zones, boundaries)
    add_points(fmap, points)
    with_places = add_event_places(fmap, places, local)  # reported-event places (layers.scenarios.places)
    centre_lon = view.unwrapped().centre[0]  # tracks near the antimeridian are drawn around it
    track_entries = add_tracks(fmap, tracks, centre_lon, local)
    with_events = events is not None and not events.empty
    if with_events and crossing_markers:
        add_crossings(fmap, events, tracks, centre_lon, local)
    legend = legend_html(airspace_states, adiz, track_entries, with_events, disputed, any_notional(tracks),
                         heading=tracks_heading(tracks), caveat=caveat(tracks) or None,
                         places_colour=PLACE_COLOUR if with_places else None)
    Legend(legend, position="bottomleft").add_to(fmap)
    LabelDeclutter().add_to(fmap)
    AttributionText(ATTRIBUTION_HTML).add_to(fmap)
    layer_list = folium.LayerControl(collapsed=collapsed_layers).add_to(fmap)
    LayerListHandle(layer_list).add_to(fmap)
    if tools or draw:
        add_tools(fmap, draw=draw)
    return localize(round_geojson_layers(fmap))

