"""The overlay map of compared patrols: every patrol's tracks on one folium map, one colour per
patrol, positions as drawn (tracks are shifted in time only: tooltips give the aligned time
``T+hh:mm`` from the patrol's chosen moment, and the real time in the patrol's local zone and UTC).

Built on :func:`layers.webmap.build.build_map` (zones, points, legend, layer list) with the
patrol layers added; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
import geopandas as gpd
import pandas as pd
from shapely.geometry import mapping

from layers.geo.lonwrap import geometry_near, lon_near
from layers.markup import escape
from layers.scenarios.compare import Comparison, aligned_label
from layers.scenarios.model import Scenario
from layers.timefmt import local_and_utc
from layers.tracks.naming import display_name
from layers.tracks.playback import tracks_view
from layers.tracks.track import Track
from layers.webmap.build import DEFAULT_VIEW, build_map
from layers.webmap.offline import localize
from layers.webmap.tracks import DRAW_STEP_M, line_swatch

#: One colour per compared patrol, in order (colour-blind-safe Okabe–Ito, without yellow).
PATROL_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000")
PATROL_LAYER_PREFIX = "Patrol "


def patrol_colour(number: int) -> str:
    """The colour of the ``number``-th compared patrol (cycling)."""
    return PATROL_COLOURS[number % len(PATROL_COLOURS)]


def time_tip(scenario: Scenario, track: Track, time: pd.Timestamp, moment: pd.Timestamp | None) -> str:
    """Escaped tooltip of one moment of a track: patrol, aircraft, ``T+hh:mm`` (when aligned),
    local time and UTC."""
    aligned = aligned_label(time, moment)
    when = local_and_utc(time, scenario.local_zone, year=True)
    parts = [f"<b>{escape(scenario.id)}</b> · {escape(display_name(track))}"]
    parts.append(escape(f"{aligned} · {when}" if aligned else when))
    return "<br>".join(parts)


def _patrol_group(fmap: folium.Map, scenario: Scenario, colour: str, moment: pd.Timestamp | None,
                  reference_lon: float | None) -> None:
    notional = " (notional)" if scenario.tracks else ""
    name = f"{PATROL_LAYER_PREFIX}{escape(scenario.id)}{notional}" if scenario.tracks else \
        f"{PATROL_LAYER_PREFIX}{escape(scenario.id)}: no tracks"
    group = folium.FeatureGroup(name=f"{line_swatch(colour)} {name}")
    group.add_to(fmap)
    for track in scenario.tracks:
        geometry = geometry_near(track.to_geometry(DRAW_STEP_M), reference_lon)
        tip = (time_tip(scenario, track, track.start, moment) + "<br>to "
               + escape(local_and_utc(track.end, scenario.local_zone, year=True))
               + "<br>Notional reconstruction, not an observed path")
        line = {"type": "Feature", "id": f"compare-{track.track_id}", "properties": {"tip": tip},
                "geometry": mapping(geometry)}
        style = {"color": colour, "weight": 3, "opacity": 0.9, "className": "pm-compare-track"}
        folium.GeoJson({"type": "FeatureCollection", "features": [line]}, style_function=lambda _f, s=style: s,
                       tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
                       control=False).add_to(group)
        fixes = [{"type": "Feature", "id": f"compare-fix-{track.track_id}-{n}",
                  "properties": {"tip": time_tip(scenario, track, time, moment)},
                  "geometry": {"type": "Point", "coordinates": [lon_near(float(fix["lon"]), reference_lon),
                                                                float(fix["lat"])]}}
                 for n, (time, fix) in enumerate(track.data.iterrows())]
        folium.GeoJson({"type": "FeatureCollection", "features": fixes},
                       style_function=lambda _f, c=colour: {"color": c, "weight": 1, "fill": True,
                                                             "fillColor": "#ffffff", "fillOpacity": 1,
                                                             "radius": 3, "className": "pm-compare-fix"},
                       marker=folium.CircleMarker(radius=3),
                       tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
                       control=False).add_to(group)
        if moment is not None and track.start <= moment <= track.end:
            lat, lon = track.position_at([moment])[["lat", "lon"]].to_numpy()[0]
            folium.CircleMarker((float(lat), lon_near(float(lon), reference_lon)), radius=7, color=colour,
                                fill=True, fill_opacity=0.9, class_name="pm-compare-moment",
                                tooltip=folium.Tooltip(time_tip(scenario, track, moment, moment))).add_to(group)


def comparison_map(comparison: Comparison, zones: gpd.GeoDataFrame, points: gpd.GeoDataFrame | None = None,
                   boundaries: gpd.GeoDataFrame | None = None) -> folium.Map:
    """The overlay map: zones as on the main map, then one layer per compared patrol."""
    tracks: Sequence[Track] = [t for s in comparison.scenarios for t in s.tracks]
    view = tracks_view(list(tracks)) or DEFAULT_VIEW
    fmap = build_map(zones, points, boundaries, (), None, view=view, collapsed_layers=True)
    centre_lon = view.unwrapped().centre[0]
    for number, scenario in enumerate(comparison.scenarios):
        _patrol_group(fmap, scenario, patrol_colour(number), comparison.moment(scenario.id), centre_lon)
    _layer_list_last(fmap)
    return localize(fmap)


def _layer_list_last(fmap: folium.Map) -> None:
    """Move the layer list (and what build_map added after it) behind the patrol layers: its
    script names every layer, so they must be defined before it."""
    names = list(fmap._children)
    first = next((i for i, name in enumerate(names)
                  if isinstance(fmap._children[name], folium.LayerControl)), None)
    if first is None:
        return
    later = [name for name in names[first:] if not name.startswith("feature_group")]
    for name in later:
        fmap._children.move_to_end(name)


__all__ = ["PATROL_COLOURS", "comparison_map", "patrol_colour", "time_tip"]
