"""The map layer that changes with the time slider: each aircraft's position and the path it
has flown so far, as one folium FeatureGroup (streamlit-folium swaps it without rebuilding the
map: ``st_folium(..., feature_group_to_add=...)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import folium
import pandas as pd
from shapely.geometry import mapping

from layers.geo.geodesy import distance_m
from layers.geo.lonwrap import geometry_near, lon_near
from layers.markup import escape
from layers.style import track_colour
from layers.timefmt import KST, LocalZone
from layers.tracks.naming import display_name, is_schematic
from layers.tracks.playback import flown_path, position, time_label
from layers.tracks.track import Track
from layers.webmap.tracks import DRAW_STEP_M

AIRCRAFT_LAYER = "Aircraft at the chosen time"


def aircraft_group(
    tracks: Sequence[Track], time: pd.Timestamp, reference_lon: float | None = None,
    local: LocalZone = KST,
) -> folium.FeatureGroup:
    """Flown-so-far paths (wide, translucent, under the marker) and an aircraft marker with a
    short label for every track flying (or landed/ended) at ``time`` (UTC). Longitudes are
    drawn within 180° of ``reference_lon`` (the map's centre, :mod:`layers.geo.lonwrap`)."""
    group = folium.FeatureGroup(name=AIRCRAFT_LAYER, control=False)
    stamp = escape(time_label(time, local))
    labels: list[tuple[float, float, str]] = []
    for track in tracks:
        colour = track_colour(str(track.meta.get("state", "")))
        path = geometry_near(flown_path(track, time, DRAW_STEP_M), reference_lon)
        if path is not None:
            folium.GeoJson(
                {"type": "Feature", "properties": {}, "geometry": mapping(path)},
                style_function=lambda _f, c=colour: {
                    "color": c, "weight": 8, "opacity": 0.35, "className": "pm-flown",
                },
                interactive=False,
                control=False,
            ).add_to(group)
        where = position(track, time)
        if where.status == "before" or where.lat is None or where.lon is None:
            continue
        flying = where.status == "flying"
        name = escape(display_name(track))
        tip = f"<b>{name}</b><br>{stamp}"
        if not flying:
            tip += "<br>(track ended)"
        if is_schematic(track):
            tip += "<br><b>SCHEMATIC</b>: position and time illustrative (only areas were published)"
        folium.CircleMarker(
            (where.lat, lon_near(where.lon, reference_lon)),
            radius=8 if flying else 5,
            color="#ffffff",
            weight=2.5,
            fill=True,
            fill_color=colour,
            fill_opacity=1.0 if flying else 0.5,
            class_name="pm-aircraft" if flying else "pm-aircraft pm-aircraft-ended",
            tooltip=folium.Tooltip(tip, sticky=True),
        ).add_to(group)
        if flying:
            labels.append((where.lat, lon_near(where.lon, reference_lon), name))
    for lat, lon, text in merge_labels(labels):
        html = f'<div class="pm-label-box pm-right pm-aircraft-label">{text}</div>'
        folium.Marker(
            (lat, lon),
            icon=folium.DivIcon(html=html, class_name="pm-label", icon_size=(0, 0)),
            interactive=False,
            keyboard=False,
            z_index_offset=AIRCRAFT_LABEL_Z,  # above every other label
        ).add_to(group)
    return group


#: z-index offset of the aircraft labels (Leaflet orders other markers by latitude, < 1000).
AIRCRAFT_LABEL_Z = 10_000

#: Aircraft closer than this (metres) share one label (a formation).
SHARED_LABEL_M = 30_000.0


def merge_labels(
    labels: list[tuple[float, float, str]], within_m: float = SHARED_LABEL_M
) -> list[tuple[float, float, str]]:
    """(lat, lon, text) labels with those within ``within_m`` of an earlier one joined into it
    (``"H-6K + Tu-95MS"``), so a formation's labels do not overprint each other."""
    merged: list[list[Any]] = []
    for lat, lon, text in labels:
        for item in merged:
            if distance_m(item[1], item[0], lon, lat) < within_m:
                if text not in item[2]:
                    item[2].append(text)
                break
        else:
            merged.append([lat, lon, [text]])
    return [(lat, lon, " + ".join(texts)) for lat, lon, texts in merged]
