"""The crossing engine: when, where and how surely tracks crossed zone boundaries.

Semantics (a contract, pinned by tests/engine/test_crossings*.py):

* Between consecutive fixes an aircraft flies the WGS84 geodesic at constant speed; zone edges
  are straight lines in lon/lat (RFC 7946); distances are geodesic metres; times UTC.
* ``events``: every crossing of each zone's boundary, ``entry`` or ``exit``, with interpolated
  time and position (see :mod:`layers.engine.events` for the exact method). A track that
  starts (ends) inside a zone has no entry (exit) there; ``intervals.starts_inside``
  (``ends_inside``) says so. Zones are open sets: touching a boundary or a vertex without
  crossing is no event, and a fix exactly on a boundary takes the state of the motion next
  to it. Holes and multipolygons work; legs crossing the antimeridian are split on it.
* ``intervals``: per (track, zone) every stretch inside: start, end, duration_s, the maximum
  depth (geodesic metres from the boundary, with its time and position) and certainty.
* ``approaches``: per (track, zone) that never enters, the closest approach (distance_m,
  time, lat, lon).

Uncertainty r = ``uncertainty_nm`` (nautical miles; position error of the track). Design:

* An interval inside deeper than r (max_depth_m > r) is **certain**: its crossings are the rows
  ``entry`` / ``exit`` with certainty ``certain``.
* An interval never deeper than r is **possible**: its crossings are rows ``possible-entry`` /
  ``possible-exit`` (same nominal time and position), certainty ``possible``.
* A track that comes within r of a zone without entering it (a near miss) gets a
  ``possible-entry`` row when it comes within r of the boundary and a ``possible-exit`` row
  when it gets farther than r again (certainty ``possible``, ``distance_m`` = closest distance
  in that stretch).
* ``earliest_time`` / ``latest_time`` bracket each entry: from when the track first came within
  r of the zone to when it got deeper than r (NaT when it never did); for an exit, from when it
  was last deeper than r (NaT if never) to when it got farther than r outside. With r = 0 both
  equal ``time``. Band times are interpolated between samples of the signed distance (the
  approximate distance, error < 2 % + 200 m).

``approximate_boundary`` is True when the event lies within 100 m of a boundary segment marked
approximate in geodata/boundaries.geojson for that zone (only when such segments are known).

Limits of drawn data: where a zone is only partly known (JADIZ beyond points (1)-(7)), its drawn
polygon is closed by lines whose ``kind`` in boundaries.geojson starts with ``truncation``. They
are not boundaries: a crossing within 100 m of one is reported as ``data-limit-entry`` /
``data-limit-exit`` (``boundary`` column ``data-limit``), never as ``entry`` / ``exit``.
The ``boundary`` column says what each event's line rests on: ``sourced``, ``approximate`` or
``data-limit``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.engine.assembly import APPROACH_COLUMNS, EVENT_COLUMNS, INTERVAL_COLUMNS, assemble
from layers.engine.events import find_events
from layers.engine.extremes import PathSamples
from layers.engine.zoneset import ZoneSet, as_zone_set
from layers.errors import InputError
from layers.geo import geodesy
from layers.timefmt import iso_z_series
from layers.tracks.naming import any_notional, is_schematic
from layers.tracks.track import Track
from layers.tracks.trackset import TrackSet

__all__ = ["APPROACH_COLUMNS", "EVENT_COLUMNS", "INTERVAL_COLUMNS", "CrossingReport", "ZoneSet", "find_crossings"]


@dataclass(frozen=True)
class CrossingReport:
    """Result of :func:`find_crossings`: three tables (see the module docstring)."""

    events: pd.DataFrame
    intervals: pd.DataFrame
    approaches: pd.DataFrame
    uncertainty_nm: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_csv(self) -> str:
        """Events as CSV: header, then track_id,zone_id,event,time,lat,lon, then the rest;
        times ISO 8601 UTC with milliseconds and ``Z``; rows sorted by track_id, then time."""
        return _formatted(self.events).to_csv(index=False, lineterminator="\n")

    def to_json(self) -> str:
        """Events, intervals and approaches as one JSON document (same time format)."""
        doc = {
            "uncertainty_nm": self.uncertainty_nm,
            "notes": list(self.notes),
            "events": _formatted(self.events).to_dict(orient="records"),
            "intervals": _formatted(self.intervals).to_dict(orient="records"),
            "approaches": _formatted(self.approaches).to_dict(orient="records"),
        }
        return json.dumps(doc, ensure_ascii=False, indent=1, default=str)


def _formatted(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = iso_z_series(out[column], "ms")
    for column in ("lat", "lon", "max_depth_lat", "max_depth_lon"):
        if column in out:
            out[column] = out[column].round(6)
    for column in ("depth_m", "distance_m", "max_depth_m", "duration_s"):
        if column in out:
            out[column] = out[column].round(1)
    return out


def find_crossings(
    tracks: Track | Iterable[Track],
    zones: ZoneSet | gpd.GeoDataFrame,
    uncertainty_nm: float = 0.0,
    boundaries: gpd.GeoDataFrame | None = None,
) -> CrossingReport:
    """Every boundary crossing of ``tracks`` through ``zones``: a :class:`ZoneSet` (reuse it:
    it caches its grid), or a GeoDataFrame in the zone schema (at least ``id`` and
    (Multi)Polygon geometry in EPSG:4326) with, optionally, its ``boundaries`` (ADIZ edge
    segments with ``zone_id``, ``approximate`` and ``kind`` columns).

    ``uncertainty_nm``: track position uncertainty r in nautical miles (see module docstring).
    The built-in zones with their boundaries: :func:`layers.zones.load.airspace_zone_set`.
    """
    track_list = [tracks] if isinstance(tracks, Track) else list(tracks)
    if not np.isfinite(uncertainty_nm) or uncertainty_nm < 0:
        raise InputError(f"uncertainty must be a number >= 0 nm, got {uncertainty_nm}", field="uncertainty_nm")
    zone_set = as_zone_set(zones, boundaries)
    table = zone_set.table
    nz = len(table)
    r_nm = float(uncertainty_nm)
    if not track_list or nz == 0:
        return _report(track_list, zone_set, None, None, None, r_nm)
    fixes = TrackSet.from_tracks(track_list)
    parts = []
    start_inside = np.zeros((len(track_list), nz), bool)
    end_inside = np.zeros((len(track_list), nz), bool)
    grids = zone_set.grids
    for c0, grid in grids:
        raw = find_events(fixes, grid)
        parts.append((raw.track, raw.zone + c0, raw.seg, raw.frac, raw.entry))
        for z in range(len(grid.geoms)):
            bit = np.uint64(1) << np.uint64(z)
            start_inside[:, c0 + z] = (raw.start_inside & bit) != 0
            end_inside[:, c0 + z] = (raw.end_inside & bit) != 0
    track_i, zone_i, seg, frac, entry = (np.concatenate([p[i] for p in parts]) for i in range(5))
    t = fixes.t[seg] + frac * (fixes.t[seg + 1] - fixes.t[seg])
    lon, lat = geodesy.interpolate(fixes.lon[seg], fixes.lat[seg], fixes.lon[seg + 1], fixes.lat[seg + 1], frac)
    order = np.lexsort((t, zone_i, track_i))
    raw_events = pd.DataFrame(
        {"track": track_i, "zone": zone_i, "t": t, "lon": lon, "lat": lat, "entry": entry}
    ).iloc[order].reset_index(drop=True)
    samples = PathSamples.from_tracks(track_list)
    return _report(track_list, zone_set, raw_events, (start_inside, end_inside), (samples, grids), r_nm)


def _report(tracks: list[Track], zone_set: ZoneSet, raw_events: pd.DataFrame | None,
            states: tuple[np.ndarray, np.ndarray] | None, context: tuple[Any, Any] | None,
            uncertainty_nm: float) -> CrossingReport:
    events, intervals, approaches = assemble(tracks, zone_set.table, raw_events, states, context,
                                             uncertainty_nm, zone_set.flagged, zone_set.distance)
    notes = ["Geodesic legs between fixes (WGS84); zone edges straight in lon/lat; times UTC."]
    if any_notional(tracks):
        notes.append("Tracks marked notional are reconstructions, not observed flight paths.")
    if any(is_schematic(t) for t in tracks):
        notes.append("Tracks marked SCHEMATIC only illustrate the areas published: they are not routes.")
    return CrossingReport(events, intervals, approaches, uncertainty_nm, tuple(notes))
