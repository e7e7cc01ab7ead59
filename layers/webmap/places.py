"""Reported-event places on the web map: a layer of their own, "Reported event places".

A point is a marker with its geodesic uncertainty circle, a sector an outlined translucent
polygon (:mod:`layers.scenarios.places`). Each has a bounded-width tooltip: the event's local
time with UTC, the aircraft, the place as published and the basis. A place is labelled
"reported place": it is where the text puts the event, not a track.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import folium
import pandas as pd
from shapely.geometry import mapping

from layers.scenarios.places import Place
from layers.timefmt import KST, LocalZone, local_and_utc

PLACES_LAYER = "Reported event places"
PLACE_COLOUR = "#7b3294"
#: Tooltip width bound (CSS), so a long published place wraps.
TOOLTIP_STYLE = "max-width: 320px; white-space: normal;"


def place_tooltip(event: Mapping[str, Any], place: Place, local: LocalZone = KST) -> str:
    """HTML tooltip: "reported place", time (local with UTC), aircraft, place, basis (escaped)."""
    time = event.get("time")
    when = local_and_utc(time, local) if time is not None and not pd.isna(time) else "time not published"
    lines = [f"<b>Reported place</b> (not a track): {escape(str(event.get('event', '')))}",
             escape(when), f"Aircraft: {escape(str(event.get('aircraft', '')))}"]
    if event.get("place"):
        lines.append(f"Place as published: {escape(str(event['place']))}")
    lines.append(f"Basis: {escape(place.basis)}")
    return f'<div style="{TOOLTIP_STYLE}">' + "<br>".join(lines) + "</div>"


def add_event_places(fmap: folium.Map, places: Sequence[tuple[Mapping[str, Any], Place]],
                     local: LocalZone = KST) -> bool:
    """Add the layer (when there are places); True when it was added."""
    if not places:
        return False
    group = folium.FeatureGroup(name=PLACES_LAYER).add_to(fmap)
    for event, place in places:
        tip = folium.Tooltip(place_tooltip(event, place, local), sticky=True)
        style = {"color": PLACE_COLOUR, "weight": 2, "fillColor": PLACE_COLOUR,
                 "fillOpacity": 0.15, "className": "pm-place"}
        folium.GeoJson(mapping(place.area), style_function=lambda _f, s=style: s,
                       tooltip=tip).add_to(group)
        if place.point is not None:
            folium.CircleMarker((place.point.y, place.point.x), radius=5, color="#ffffff",
                                weight=1.5, fill=True, fill_color=PLACE_COLOUR, fill_opacity=1,
                                class_name="pm-place-point",
                                tooltip=folium.Tooltip(place_tooltip(event, place, local))).add_to(group)
    return True


__all__ = ["PLACES_LAYER", "add_event_places", "place_tooltip"]
