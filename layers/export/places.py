"""Reported-event places in the exports: one record per place, shared by GeoJSON and KML.

The places come from the briefing (:func:`layers.scenarios.places.scenario_places`); their
text from :func:`layers.scenarios.place_caption.place_caption_lines`, the same caption the web map's
tooltip says. A place is where a text puts an event, never a track: it is exported as a Polygon
(uncertainty circle or sector) and, for a point place, a Point, with ``kind`` ``reported-place``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from layers.scenarios.place_caption import event_time, place_caption_lines
from layers.scenarios.places import Place
from layers.timefmt import KST, LocalZone, iso_z

#: The ``kind`` (and GeoJSON ``layer``) of every exported place feature.
PLACE_KIND = "reported-place"
#: The KML folder and legend heading of the places.
PLACES_FOLDER = "Reported event places"
#: Legend entry of the places on the briefing PNG.
PLACE_LEGEND = "Reported event place (not a track)"


def place_properties(event: Mapping[str, Any], place: Place, local: LocalZone = KST) -> dict[str, Any]:
    """What an export says about a place: ``kind`` reported-place, the event's id, what it was,
    the aircraft, its time in UTC (ISO 8601 ``Z``) and local (ISO 8601 with the offset, and as
    read), the place as published, the basis, the place's shape (point/sector) and the caption.
    No ``time`` key: the track readers take a timed Point for a track fix."""
    time = event_time(event)
    local_time = local.local(time) if time is not None else None
    return {
        "kind": PLACE_KIND,
        "event_id": str(event.get("id", "")),
        "event": str(event.get("event", "")),
        "aircraft": str(event.get("aircraft", "")),
        "time_utc": iso_z(time) if time is not None else None,
        "time_local": local_time.isoformat() if local_time is not None else None,
        "time_zone": local.tz,
        "place": str(event["place"]) if event.get("place") else None,
        "basis": place.basis,
        "place_kind": place.kind,
        "caption": "\n".join(place_caption_lines(event, place, local)),
    }


__all__ = ["PLACES_FOLDER", "PLACE_KIND", "PLACE_LEGEND", "place_properties"]
