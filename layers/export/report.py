"""The crossing report behind an export: computed by :mod:`layers.engine.crossings`, cut to a window.

Nothing here re-implements the engine: the events come from
:func:`layers.engine.crossings.find_crossings` and the CSV from ``CrossingReport.to_csv()``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pandas as pd

from layers.engine.assembly import EVENT_COLUMNS


def crossing_report(tracks: Sequence, zones=None, uncertainty_nm: float = 0.0):
    """The engine's report for ``tracks`` against ``zones`` (default: the built-in zones the
    ``crossings`` command uses)."""
    from layers.engine.crossings import find_crossings
    from layers.engine.zoneset import ZoneSet
    from layers.zones.load import airspace_zone_set, load_boundaries

    if zones is None:
        zones = airspace_zone_set()
    elif not isinstance(zones, ZoneSet):  # the built-in edge segments apply to built-in ids
        zones = ZoneSet(zones, load_boundaries())
    return find_crossings(list(tracks), zones, uncertainty_nm=uncertainty_nm)


def report_events(report) -> pd.DataFrame:
    """The report's events table (an empty table with the contract columns if none)."""
    events = getattr(report, "events", None)
    if events is None:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    return events


def _between(times: pd.Series, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.Series:
    times = pd.to_datetime(times, utc=True)
    keep = pd.Series(True, index=times.index)
    if start is not None:
        keep &= times >= start
    if end is not None:
        keep &= times <= end
    return keep


def report_in_window(report, start: pd.Timestamp | None, end: pd.Timestamp | None):
    """``report`` with only the events (and intervals overlapping) inside [start, end].

    When the window holds every event the report itself is returned, so its CSV is exactly
    the ``crossings`` command's output.
    """
    if report is None:
        return None
    events = report_events(report)
    keep = _between(events["time"], start, end) if len(events) else pd.Series(dtype=bool)
    if len(events) == 0 or bool(keep.all()):
        return report
    changes: dict[str, object] = {"events": events[keep.to_numpy()].reset_index(drop=True)}
    intervals = getattr(report, "intervals", None)
    if intervals is not None and len(intervals) and {"start", "end"} <= set(intervals.columns):
        starts = pd.to_datetime(intervals["start"], utc=True)
        ends = pd.to_datetime(intervals["end"], utc=True)
        overlap = pd.Series(True, index=intervals.index)
        if start is not None:
            overlap &= ends.isna() | (ends >= start)
        if end is not None:
            overlap &= starts.isna() | (starts <= end)
        changes["intervals"] = intervals[overlap.to_numpy()].reset_index(drop=True)
    fields = {f.name for f in dataclasses.fields(report)} if dataclasses.is_dataclass(report) \
        else set()
    return dataclasses.replace(report, **{k: v for k, v in changes.items() if k in fields})
