"""Scenarios: one reported patrol each, as notional tracks plus the reported events and the story.

A scenario is a JSON file ``geodata/scenarios/<id>.json`` (format described in
``geodata/scenarios/README.md``). :func:`load_scenario` reads and validates it and returns a
:class:`Scenario` whose ``tracks`` are :class:`layers.tracks.track.Track` objects (UTC times, degrees
WGS84, per-fix ``basis`` and ``uncertainty_km``). Every track is notional: a reconstruction
that honours the published times and places, never an observed path.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from layers.errors import InputError
from layers.paths import GEODATA_DIR
from layers.scenarios.validate import DEFAULT_REGION, FORMAT, ID_RE, interpolated_times, parse_scenario
from layers.timefmt import LocalZone
from layers.tracks.naming import region_title
from layers.tracks.track import Track

SCENARIO_DIR = GEODATA_DIR / "scenarios"


@dataclass(frozen=True)
class Scenario:
    """One patrol. Times UTC; ``local_time`` names its IANA time zone (``tz``), in which every
    surface shows local times (:attr:`local_zone`)."""

    id: str
    title: str
    date: str
    summary: str
    local_time: Mapping[str, Any]
    tracks: list[Track]
    events_reported: pd.DataFrame
    story: Mapping[str, Any]
    conflicts: list[Mapping[str, Any]]
    sources: Mapping[str, Mapping[str, str]]
    aircraft: list[Mapping[str, Any]]
    path: Path
    raw: Mapping[str, Any] = field(repr=False)
    #: The sea area the patrol flew over (``region`` in the file; default the Sea of Japan (East Sea)).
    region: str = DEFAULT_REGION

    @property
    def local_zone(self) -> LocalZone:
        """The scenario's local time zone (KST for the Sea of Japan patrols)."""
        return LocalZone.from_mapping(self.local_time)

    @property
    def page_title(self) -> str:
        """``"Patrol Map: Bering Sea and North Pacific"``: the title of the page, map and exports
        (:func:`layers.tracks.naming.region_title`)."""
        return region_title(self.region)

    def track(self, track_id: str) -> Track:
        """The track with this id (``KeyError`` if absent)."""
        for track in self.tracks:
            if track.track_id == track_id:
                return track
        raise KeyError(track_id)

    def source_urls(self, keys: Sequence[str]) -> list[str]:
        """The URLs of the given source keys, in order."""
        return [self.sources[key]["url"] for key in keys]

    def cite(self, keys: Sequence[str]) -> str:
        """A one-line citation: ``title <url>; title <url>``."""
        return "; ".join(f"{self.sources[k]['title']} <{self.sources[k]['url']}>" for k in keys)


# ---------------------------------------------------------------------- public API
def scenario_paths() -> list[Path]:
    """The scenario files, sorted by id."""
    return sorted(SCENARIO_DIR.glob("*.json"))


def list_scenarios() -> list[dict[str, Any]]:
    """One row per scenario: id, date, title, n_tracks, n_events, confidence (what the map
    draws and how confidently, :func:`layers.scenarios.confidence.track_confidence`)."""
    from layers.scenarios.confidence import track_confidence

    rows = []
    for path in scenario_paths():
        scenario = load_scenario(path.stem)
        rows.append(
            {
                "id": scenario.id,
                "date": scenario.date,
                "title": scenario.title,
                "n_tracks": len(scenario.tracks),
                "n_events": len(scenario.events_reported),
                "confidence": track_confidence(scenario).text,
            }
        )
    return rows


def load_scenario(scenario_id: str) -> Scenario:
    """Read and validate ``geodata/scenarios/<scenario_id>.json`` (cached; treat as read-only)."""
    path = SCENARIO_DIR / f"{scenario_id}.json"
    if not ID_RE.match(str(scenario_id)) or not path.is_file():
        known = ", ".join(p.stem for p in scenario_paths()) or "none"
        raise InputError(f"unknown scenario {scenario_id!r} (known: {known})", field="scenario")
    return _load_cached(path, path.stat().st_mtime_ns)


def scenario_page_title(scenario_id: str | None) -> str:
    """The page title for ``scenario_id`` (:attr:`Scenario.page_title`); for an unknown or
    unreadable scenario the default region's (the page then says what is wrong)."""
    try:
        return load_scenario(str(scenario_id)).page_title
    except InputError:
        return region_title(DEFAULT_REGION)


def load_scenario_file(path: str | Path) -> Scenario:
    """Read and validate a scenario file at any path (its id must match the file name)."""
    path = Path(path)
    return _load_cached(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _load_cached(path: Path, _mtime_ns: int) -> Scenario:
    return Scenario(**parse_scenario(_read_json(path), path, _name(path)))


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (line {exc.lineno})", source=_name(path)) from exc
    if not isinstance(data, dict):
        raise InputError("top level must be a JSON object", source=_name(path))
    return data


def _name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(GEODATA_DIR.parent))
    except ValueError:
        return str(path)


__all__ = ["FORMAT", "SCENARIO_DIR", "Scenario", "interpolated_times", "list_scenarios",
           "load_scenario", "load_scenario_file", "scenario_page_title", "scenario_paths"]
