"""How much of a patrol is drawn, and how confidently: one plain sentence per scenario, used by
the picker, its caption and anywhere else that has to say it.

Computed from the waypoints (``time_basis``, ``uncertainty_km``, the track's ``schematic``
flag) and the reported events' places, never written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from layers.scenarios.validate import CITED_TIME_BASES


@dataclass(frozen=True)
class TrackConfidence:
    """``kind``: ``notional`` (at least one non-schematic track), ``schematic`` (schematic
    tracks only) or ``none`` (no tracks); ``pinned``: distinct published (official / reported
    / derived) waypoint times; ``typical_km``: the median waypoint uncertainty (``None``
    without tracks); ``n_places``: events with a place on the map; ``text``: the sentence."""

    kind: str
    n_tracks: int
    pinned: int
    typical_km: float | None
    n_places: int
    text: str


def _km(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1g}"


def track_confidence(scenario: Any) -> TrackConfidence:
    """What the map can show of ``scenario`` (a :class:`layers.scenarios.model.Scenario`)."""
    tracks = list(scenario.tracks)
    events = scenario.events_reported
    n_places = int(events["where"].notna().sum()) if "where" in events.columns else 0
    places = (f"{n_places} reported place{'s' if n_places != 1 else ''}" if n_places
              else "no published place")
    if not tracks:
        text = ("no tracks: reported places only" if n_places
                else "no tracks: reported events only, no place published")
        return TrackConfidence("none", 0, 0, None, n_places,
                               f"{text} ({len(events)} reported event{'s' if len(events) != 1 else ''}"
                               f"{', ' + places if n_places else ''})")
    times = set()
    uncertainties: list[float] = []
    for track in tracks:
        data = track.data
        if "time_basis" in data.columns:
            times.update(data.index[data["time_basis"].isin(CITED_TIME_BASES)])
        if "uncertainty_km" in data.columns:
            uncertainties.extend(float(v) for v in data["uncertainty_km"].dropna())
    typical = float(np.median(uncertainties)) if uncertainties else None
    schematic = [bool(t.meta.get("schematic")) for t in tracks]
    spread = f", typical uncertainty {_km(typical)} km" if typical is not None else ""
    if all(schematic):
        text = f"schematic areas only{spread}"
        kind = "schematic"
    else:
        kind = "notional"
        text = (f"notional tracks, {len(times)} published time{'s' if len(times) != 1 else ''}"
                f" pinned{spread}")
        if any(schematic):
            text += f" ({sum(schematic)} of {len(tracks)} schematic)"
    if n_places:
        text += f"; {places}"
    return TrackConfidence(kind, len(tracks), len(times), typical, n_places, text)


__all__ = ["TrackConfidence", "track_confidence"]
