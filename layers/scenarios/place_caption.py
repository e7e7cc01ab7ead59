"""The text of a reported-event place (:mod:`layers.scenarios.places`), said once for every
surface: the web map's tooltip, the briefing PNG's labels, the KML and GeoJSON properties.

Times are the event's UTC time shown in the scenario's local zone with UTC
(:mod:`layers.timefmt`). A place is where a text puts an event: every caption says it is not a
track.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from layers.scenarios.places import Place
from layers.timefmt import KST, LocalZone, clock, local_and_utc

#: What every caption and legend says a place is: where the text puts the event, not a track.
PLACE_HEADING = "Reported place (not a track)"


def event_time(event: Mapping[str, Any]) -> Any:
    """The event's UTC time, or ``None`` when no time was published."""
    time = event.get("time")
    return None if time is None or pd.isna(time) else time


def place_caption_lines(event: Mapping[str, Any], place: Place, local: LocalZone | None = None) -> list[str]:
    """The caption of a place as plain text lines (escape them for HTML): what was reported
    (not a track), when (local time with UTC, :func:`layers.timefmt.local_and_utc`), the aircraft,
    the place as published and the basis, in ``local`` (KST when ``None``)."""
    time = event_time(event)
    when = local_and_utc(time, local or KST) if time is not None else "time not published"
    lines = [f"{PLACE_HEADING}: {event.get('event', '')}", when,
             f"Aircraft: {event.get('aircraft', '')}"]
    if event.get("place"):
        lines.append(f"Place as published: {event['place']}")
    lines.append(f"Basis: {place.basis}")
    return lines


def place_short_label(event: Mapping[str, Any], local: LocalZone | None = None) -> str:
    """A map label: the event's local clock time (``"05:48 KST"``), or ``"time not published"``."""
    time = event_time(event)
    return clock(time, zone=local or KST) if time is not None else "time not published"


__all__ = ["PLACE_HEADING", "event_time", "place_caption_lines", "place_short_label"]
