"""Classroom material from a scenario: the reported events as a timeline to step through, each
with its local and UTC times and its sources; and the plain notes shown beside the map.

Pure Python (no Streamlit). The text is neutral: entering an ADIZ is not a violation; the
Dokdo/Takeshima airspace is shown as disputed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from layers.scenarios.model import Scenario
from layers.timefmt import clock, rounded
from layers.tracks.playback import Moment
from layers.units import m_to_nm

ADIZ_NOTE = (
    "**Territorial airspace** is the airspace over a state's land and its territorial sea, "
    "which reaches at most 12 nautical miles (22 km) from the coast's baselines (3 nm in some "
    "straits). It is sovereign: foreign military aircraft need permission to enter it.\n\n"
    "An **air defence identification zone (ADIZ)** is a much larger area, declared by a state "
    "on its own, in which it asks aircraft to identify themselves and report their flight "
    "plans. It is not sovereign airspace and no treaty defines it. Military aircraft of "
    "other states often fly through without reporting; entering an ADIZ is not a violation, "
    "but the state usually sends fighters to watch.\n\n"
    "The airspace around **Dokdo / Takeshima (Liancourt Rocks)** is disputed: South Korea "
    "administers the islets and Japan claims them. The map shows that zone apart, with both "
    "names."
)

TRACKS_NOTE = (
    "The tracks are **notional**: no government published the real tracks, so each is a "
    "reconstruction that honours the published times and places. Each waypoint says what it "
    "rests on (hover the small dots)."
)

NO_TRACKS_NOTE = (
    "No route was published for this patrol, so **no track is drawn**. Where a report says "
    "where an event happened, the map shows that **reported place** (a point with its "
    "uncertainty circle, or a sector round the landmark it names; hover it): where the text "
    "puts the event, not a flight path."
)


def tracks_note(scenario: Any) -> str:
    """The classroom note that fits what the map draws: notional tracks, or reported places
    only (no "small dots" where no track is drawn)."""
    return TRACKS_NOTE if scenario.tracks else NO_TRACKS_NOTE

EVENT_KINDS = {
    "entry": "Entry",
    "exit": "Exit",
    "sighting": "Sighting",
    "rendezvous": "Rendezvous",
    "response": "Response",
}


@dataclass(frozen=True)
class TimelineEntry:
    """One reported event. ``time`` is UTC (``None`` when the sources give no time)."""

    id: str
    time: pd.Timestamp | None
    time_text: str
    kind: str
    aircraft: str
    zone_id: str
    track_id: str
    place: str
    description: str
    time_basis: str
    sources: tuple[tuple[str, str], ...]  # (title, url)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def timeline(scenario: Scenario) -> list[TimelineEntry]:
    """The scenario's reported events in the order of the file (its narrative order)."""
    local = scenario.local_zone
    entries = []
    for _, row in scenario.events_reported.iterrows():
        time = row.get("time")
        stamp = None if time is None or pd.isna(time) else pd.Timestamp(time).tz_convert("UTC")
        if stamp is None:
            time_text = "time not reported"
        else:
            shown = rounded(stamp, "min")
            time_text = f"{local.local(shown):%d %b %Y %H:%M} {local.label(shown)} ({clock(shown, date=True)})"
        keys = [k.strip() for k in _text(row.get("sources")).split(",") if k.strip()]
        sources = tuple(
            (scenario.sources[k].get("title", k), scenario.sources[k].get("url", ""))
            for k in keys
            if k in scenario.sources
        )
        entries.append(
            TimelineEntry(
                id=_text(row.get("id")),
                time=stamp,
                time_text=time_text,
                kind=EVENT_KINDS.get(_text(row.get("event")), _text(row.get("event")).capitalize()),
                aircraft=_text(row.get("aircraft")),
                zone_id=_text(row.get("zone_id")),
                track_id=_text(row.get("track_id")),
                place=_text(row.get("place")),
                description=_text(row.get("description")),
                time_basis=_text(row.get("time_basis")),
                sources=sources,
            )
        )
    return entries


def nearest_step(steps: pd.DatetimeIndex, time: pd.Timestamp | None) -> int | None:
    """Index of the slider step closest to ``time`` (``None`` when no time or no steps, or
    when the time lies outside the steps' window)."""
    if time is None or len(steps) == 0 or time < steps[0] or time > steps[-1]:
        return None
    return int(abs((steps - time).total_seconds()).argmin())


#: A stretch inside shorter than this (seconds) also gets a moment at its deepest point, so the
#: player shows the aircraft inside (a 3-minute incursion falls between two regular steps).
BRIEF_INSIDE_S = 600.0


def playback_moments(
    table: pd.DataFrame, intervals: pd.DataFrame | None, entries: Sequence[TimelineEntry] = ()
) -> list[Moment]:
    """The moments Play stops at: every crossing of the events table (limits of drawn data
    excepted), the deepest point of every brief stretch inside, and every reported event with
    a time, in time order (each at its exact time; Play stops once per minute of them,
    :func:`layers.tracks.playback.merge_moments`). Captions are plain text from the table's
    own words."""
    moments: list[Moment] = []
    names: dict[str, str] = {}
    zones: dict[str, str] = {}
    for _, row in table.iterrows():
        names[str(row["Track"])] = str(row["Aircraft"])
        zones[str(row["zone_id"])] = str(row["Zone"])
        if str(row["event_code"]).startswith("data-limit"):
            continue
        moments.append(Moment(pd.Timestamp(row["time"]), f"{row['Aircraft']}: {row['Event']}, {row['Zone']}"))
    if intervals is not None and not intervals.empty:
        for _, stretch in intervals.iterrows():
            duration = float(stretch.get("duration_s", float("nan")))
            deepest = stretch.get("max_depth_time")
            if not (duration < BRIEF_INSIDE_S) or deepest is None or pd.isna(deepest):
                continue
            who = names.get(str(stretch["track_id"]), str(stretch["track_id"]))
            zone = zones.get(str(stretch["zone_id"]), str(stretch["zone_id"]))
            depth = m_to_nm(float(stretch["max_depth_m"]))
            moments.append(Moment(pd.Timestamp(deepest), f"{who}: inside {zone}, {depth:.1f} nm deep"))
    for entry in entries:
        if entry.time is not None:
            who = f" ({entry.aircraft})" if entry.aircraft else ""
            moments.append(Moment(entry.time, f"Reported: {entry.kind}{who}"))
    return sorted(moments, key=lambda m: m.time)

