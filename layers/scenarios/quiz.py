"""Predict and reveal: a question before a reported event, answered from the crossing engine.

Before an entry into territorial airspace the class is asked whether the aircraft will enter
it, before an ADIZ entry whose ADIZ it is, before a response (fighters scrambled, warning
shots) whether this is a violation. The answer is what the engine finds on the tracks drawn
(the crossing report's intervals), not what the report says: where a notional track cannot
meet the report, the answer says so. Each answer ends with a one-line explanation.

Pure Python (no Streamlit). Times are UTC in, shown in the scenario's zone and UTC, rounded
to the minute shown; depths in metres in, nautical miles shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from layers.scenarios.classroom import TimelineEntry
from layers.style import ADIZ_CAVEAT, state_name
from layers.timefmt import LocalZone, clock, clock_span
from layers.units import m_to_nm

#: A stretch inside counts for a reported event when it overlaps the event's time within this
#: many seconds (reported times are to the minute; the tracks honour them within a minute).
MATCH_WINDOW_S = 300.0

TERRITORIAL = "territorial-airspace"
ADIZ = "adiz"

TERRITORIAL_WHY = ("Territorial airspace reaches 12 nm (22 km) from the coast and is sovereign: "
                   "foreign military aircraft need permission to enter it.")
VIOLATION_WHY = "Entering territorial airspace without permission is a violation. " + ADIZ_CAVEAT


@dataclass(frozen=True)
class ZoneFacts:
    """What a question needs of a zone: its name, kind, state and claimants (state codes)."""

    name: str
    kind: str
    state: str
    claimants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """A question asked before the reported event ``entry_id``; ``answer`` is the engine's
    finding in one or two sentences, ``explanation`` one line on why it matters."""

    entry_id: str
    question: str
    answer: str
    explanation: str


def zone_facts(zones: pd.DataFrame) -> dict[str, ZoneFacts]:
    """Zone id -> :class:`ZoneFacts` from a zone table (``load_zones``); land and sea left out."""
    facts = {}
    for zone_id, zone in zones.iterrows():
        kind = str(zone.get("kind") or "")
        if kind not in (TERRITORIAL, ADIZ):
            continue
        claimants = zone.get("claimants")
        codes = tuple(c.strip() for c in str(claimants).split(",") if c.strip()) if isinstance(claimants, str) else ()
        facts[str(zone.get("id", zone_id))] = ZoneFacts(str(zone["name"]), kind, str(zone.get("state") or ""),
                                                        codes)
    return facts


def _overlapping(intervals: pd.DataFrame, time: pd.Timestamp, window_s: float) -> pd.DataFrame:
    if intervals is None or intervals.empty:
        return pd.DataFrame(columns=["track_id", "zone_id", "start", "end", "max_depth_m", "certainty"])
    slack = pd.Timedelta(seconds=window_s)
    return intervals[(intervals["start"] <= time + slack) & (intervals["end"] >= time - slack)]


def _airspace(zone: ZoneFacts) -> str:
    """``"South Korea territorial airspace"``; a disputed zone with its claimants."""
    if len(zone.claimants) > 1:
        claimed = " and ".join(state_name(c) for c in zone.claimants)
        return f"the airspace around {zone.name} (disputed: claimed by {claimed})"
    return zone.name


def _territorial(entry: TimelineEntry, intervals: pd.DataFrame, zones: Mapping[str, ZoneFacts],
                 names: Mapping[str, str], local: LocalZone) -> Question:
    aircraft = names.get(entry.track_id, entry.aircraft)
    question = f"Will the {aircraft} enter territorial airspace?"
    near = _overlapping(intervals, entry.time, MATCH_WINDOW_S)
    near = near[(near["track_id"] == entry.track_id)
                & near["zone_id"].map(lambda z: getattr(zones.get(str(z)), "kind", "") == TERRITORIAL)]
    if near.empty:
        answer = (f"No: on its notional track the {aircraft} stays outside territorial airspace at this time "
                  "(the reconstruction does not meet this report).")
    else:
        stretch = near.sort_values("start").iloc[0]
        zone = zones[str(stretch["zone_id"])]
        word = "Yes" if str(stretch.get("certainty")) == "certain" else "Possibly"
        answer = (f"{word}: on its notional track the {aircraft} is inside {_airspace(zone)}, "
                  f"{clock_span(stretch['start'], stretch['end'], local)}, up to "
                  f"{np.round(m_to_nm(float(stretch['max_depth_m'])), 1):.1f} nm deep.")  # as the table rounds
    return Question(entry.id, question, answer, TERRITORIAL_WHY)


def _adiz(entry: TimelineEntry, intervals: pd.DataFrame, zones: Mapping[str, ZoneFacts],
          names: Mapping[str, str], local: LocalZone) -> Question:
    aircraft = names.get(entry.track_id, entry.aircraft)
    question = "Whose ADIZ is this?"
    near = _overlapping(intervals, entry.time, MATCH_WINDOW_S)
    near = near[(near["track_id"] == entry.track_id)
                & near["zone_id"].map(lambda z: getattr(zones.get(str(z)), "kind", "") == ADIZ)]
    reported = zones.get(entry.zone_id)
    if reported is not None and reported.kind == ADIZ:
        stretch = near[near["zone_id"] == entry.zone_id].sort_values("start")
        if stretch.empty:
            answer = (f"{reported.name}, declared by {state_name(reported.state)}; on its notional track the "
                      f"{aircraft} is not inside it at this time (the reconstruction does not meet this report).")
        else:
            first = stretch.iloc[0]
            answer = (f"Declared by {state_name(reported.state)}: the {aircraft} enters {reported.name} at "
                      f"{clock(first['start'], zone=local)} ({clock(first['start'])}) on its notional track.")
        others = sorted({zones[str(z)].name for z in near["zone_id"] if str(z) != entry.zone_id
                         and _inside_at(near[near["zone_id"] == z], entry.time)})
        if others:
            answer += f" Here it is also inside {' and '.join(others)}: ADIZs overlap."
    else:
        inside = sorted({zones[str(z)].name for z in near["zone_id"] if _inside_at(near[near["zone_id"] == z],
                                                                                  entry.time)})
        answer = (f"On its notional track the {aircraft} is inside {' and '.join(inside)} at this time."
                  if inside else f"On its notional track the {aircraft} is inside no ADIZ at this time.")
    return Question(entry.id, question, answer, ADIZ_CAVEAT + " It is declared by one state on its own.")


def _inside_at(stretches: pd.DataFrame, time: pd.Timestamp) -> bool:
    return bool(((stretches["start"] <= time) & (stretches["end"] >= time)).any())


def _violation(entry: TimelineEntry, intervals: pd.DataFrame, zones: Mapping[str, ZoneFacts],
               names: Mapping[str, str], local: LocalZone) -> Question:
    question = "Is this a violation?"
    near = _overlapping(intervals, entry.time, MATCH_WINDOW_S)
    near = near[near["zone_id"].map(lambda z: getattr(zones.get(str(z)), "kind", "") == TERRITORIAL)]
    at = clock(entry.time, zone=local)
    if near.empty:
        answer = (f"No: at {at} no notional track is inside territorial airspace; the aircraft are in ADIZs "
                  "only, or outside them.")
    else:
        found = []
        for (track_id, zone_id), _ in near.groupby(["track_id", "zone_id"], sort=True):
            zone = zones[str(zone_id)]
            found.append(f"the {names.get(str(track_id), str(track_id))} is inside {_airspace(zone)}")
        answer = f"Yes: at {at}, on the notional tracks, " + "; ".join(found) + "."
    return Question(entry.id, question, answer, VIOLATION_WHY)


def question_for(entry: TimelineEntry, intervals: pd.DataFrame, zones: Mapping[str, ZoneFacts],
                 names: Mapping[str, str], local: LocalZone) -> Question | None:
    """The question asked before ``entry``, or ``None`` (no time, or a kind of event that asks
    nothing: exits, sightings, rendezvous). ``names``: track id -> aircraft name."""
    if entry.time is None:
        return None
    zone = zones.get(entry.zone_id)
    if entry.kind == "Entry" and entry.track_id and zone is not None:
        if zone.kind == TERRITORIAL:
            return _territorial(entry, intervals, zones, names, local)
        return _adiz(entry, intervals, zones, names, local)
    if entry.kind == "Response":
        return _violation(entry, intervals, zones, names, local)
    return None


def questions(entries: Sequence[TimelineEntry], intervals: pd.DataFrame, zones: Mapping[str, ZoneFacts],
              names: Mapping[str, str], local: LocalZone) -> dict[str, Question]:
    """Reported event id -> its question (events that ask nothing left out)."""
    asked = {}
    for entry in entries:
        question = question_for(entry, intervals, zones, names, local)
        if question is not None:
            asked[entry.id] = question
    return asked
