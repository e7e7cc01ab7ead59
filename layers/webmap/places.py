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
from shapely.geometry import mapping

from layers.scenarios.place_caption import place_caption_lines
from layers.scenarios.places import Place
from layers.timefmt import KST, LocalZone

PLACES_LAYER = "Reported event places"
PLACE_COLOUR = "#7b3294"
#: Tooltip width bound (CSS), so a long published place wraps.
TOOLTIP_STYLE = "max-width: 320px; white-space: normal;"


def place_tooltip(event: Mapping[str, Any], place: Place, local: LocalZone = KST) -> str:
    """HTML tooltip: the place's caption (:func:`layers.scenarios.place_caption.place_caption_lines`,
    the exports' text), escaped, its heading in bold."""
    heading, *rest = [escape(line) for line in place_caption_lines(event, place, local)]
    title, _, what = heading.partition(": ")
    lines = [f"<b>{title}</b>: {what}", *rest]
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
