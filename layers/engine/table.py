"""The crossing report as a table for people: one row per boundary crossing, times in the
scenario's local time (KST by default) and UTC rounded to the second, time inside, depth,
certainty and approximate boundaries. The app's table, the slide and the HTML export read it.

Pure pandas (no Streamlit). Text is plain: a table widget must show it as text, never HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from layers.timefmt import KST, LocalZone, rounded_series
from layers.tracks.naming import display_name
from layers.tracks.track import Track
from layers.units import NM_M

#: Two event times closer than this (seconds) are the same instant (interval bounds vs events).
SAME_INSTANT_S = 1.0


EVENT_NAMES = {
    "entry": "Entry",
    "exit": "Exit",
    "possible-entry": "Possible entry",
    "possible-exit": "Possible exit",
    "data-limit-entry": "Into the drawn part (limit of data, not a boundary)",
    "data-limit-exit": "Out of the drawn part (limit of data, not a boundary)",
}
#: The same events in a few words, for narrow tables (the slide); the long names say more.
EVENT_SHORT_NAMES = {**EVENT_NAMES, "data-limit-entry": "Data limit (in)", "data-limit-exit": "Data limit (out)"}


def format_duration(seconds: float) -> str:
    """``"4 min 00 s"``, ``"1 h 02 min"`` (rounded to the unit shown: 1 h 01 min 59 s is
    "1 h 02 min"); empty for NaN."""
    if seconds is None or not np.isfinite(seconds):
        return ""
    seconds = int(round(seconds))
    if seconds >= 3600:
        hours, minutes = divmod(int(round(seconds / 60)), 60)
        return f"{hours} h {minutes:02d} min"
    minutes, secs = divmod(seconds, 60)
    return f"{minutes} min {secs:02d} s"


def _interval_durations(events: pd.DataFrame, intervals: pd.DataFrame) -> pd.Series:
    """Per event: the duration (s) of the stretch inside it opens (entry) or closes (exit)."""
    durations = pd.Series(np.nan, index=events.index, dtype=float)
    if intervals is None or intervals.empty or events.empty:
        return durations
    starts = pd.to_datetime(intervals["start"], utc=True).to_numpy("datetime64[ns]").astype(np.int64)
    ends = pd.to_datetime(intervals["end"], utc=True).to_numpy("datetime64[ns]").astype(np.int64)
    seconds = intervals["duration_s"].to_numpy(float)
    by_pair: dict[tuple[str, str], list[int]] = {}
    for number, pair in enumerate(zip(intervals["track_id"].astype(str), intervals["zone_id"].astype(str),
                                      strict=True)):
        by_pair.setdefault(pair, []).append(number)
    times = pd.to_datetime(events["time"], utc=True).to_numpy("datetime64[ns]").astype(np.int64)
    pairs = zip(events["track_id"].astype(str), events["zone_id"].astype(str), strict=True)
    for row, (pair, kind, time) in enumerate(zip(pairs, events["event"].astype(str), times, strict=True)):
        same = np.asarray(by_pair.get(pair, []), dtype=np.int64)
        if not len(same):
            continue
        bound = starts[same] if "entry" in kind else ends[same]
        gap = np.abs(bound - time) / 1e9
        best = int(np.argmin(gap))
        if gap[best] <= SAME_INSTANT_S:
            durations.iloc[row] = seconds[same[best]]
    return durations


def events_table(
    events: pd.DataFrame,
    intervals: pd.DataFrame | None,
    tracks: Sequence[Track],
    local: LocalZone = KST,
) -> pd.DataFrame:
    """The display table, sorted by time. Columns: Aircraft, Track, Zone, Event,
    ``Time (<local>)``, ``Time (UTC)``, Time inside, Max depth (nm), Certainty, Approximate
    boundary, Note; and, for the map and the exports, ``lat``, ``lon`` (degrees), ``time`` (UTC),
    ``zone_id`` and ``event_code`` (the engine's ``event``)."""
    local_column = local_time_column(local, events["time"] if events is not None and not events.empty else ())
    columns = ["Aircraft", "Track", "Zone", "Event", local_column, "Time (UTC)", "Time inside",
               "Max depth (nm)", "Certainty", "Approximate boundary", "Note", "lat", "lon", "time", "zone_id",
               "event_code"]
    if events is None or events.empty:
        return pd.DataFrame(columns=columns)
    events = events.sort_values("time", kind="stable")
    by_id = {t.track_id: t for t in tracks}
    times = pd.to_datetime(events["time"], utc=True)
    shown = rounded_series(times, "s")
    durations = _interval_durations(events.assign(time=times), intervals)
    depth = events["depth_m"].astype(float) / NM_M if "depth_m" in events else np.nan
    distance = events["distance_m"].astype(float) if "distance_m" in events else None
    notes = []
    for _, event in events.iterrows():
        near = distance is not None and pd.notna(event.get("distance_m"))
        notes.append(
            f"never entered; came within {float(event['distance_m']) / NM_M:.1f} nm"
            if near else ""
        )
    approximate = events.get("approximate_boundary", pd.Series(False, index=events.index))
    at_limit = events.get("boundary", pd.Series("", index=events.index)).astype(str) == "data-limit"
    table = pd.DataFrame(
        {
            "Aircraft": [display_name(by_id[t]) if t in by_id else str(t) for t in events["track_id"]],
            "Track": events["track_id"].astype(str),
            "Zone": events["zone_name"].fillna(events["zone_id"]).astype(str),
            "Event": [EVENT_NAMES.get(str(e), str(e)) for e in events["event"]],
            local_column: [f"{local.local(t):%d %b %H:%M:%S}" for t in shown],
            "Time (UTC)": [f"{t:%d %b %H:%M:%S}" for t in shown],
            "Time inside": [format_duration(s) for s in durations],
            "Max depth (nm)": np.round(depth, 1),
            "Certainty": np.where(at_limit, "", events["certainty"].astype(str)),
            "Approximate boundary": [
                "limit of drawn data" if limit else "yes" if bool(a) else ""
                for a, limit in zip(approximate.fillna(False), at_limit, strict=True)
            ],
            "Note": notes,
            "lat": events["lat"].astype(float),
            "lon": events["lon"].astype(float),
            "time": times,
            "zone_id": events["zone_id"].astype(str),
            "event_code": events["event"].astype(str),
        }
    )
    return table.reset_index(drop=True)[columns]


def local_time_column(local: LocalZone, times: Any = ()) -> str:
    """The table's local-time column: ``"Time (KST)"``; ``"Time (AKDT/AKST)"`` across a change."""
    times = list(pd.to_datetime(pd.Series(list(times)), utc=True))
    if not times:
        return "Time (local)"
    return f"Time ({local.labels(min(times), max(times))})"


def summary(table: pd.DataFrame) -> str:
    """One plain sentence whose counts add up: the crossings, certain and possible, and apart
    from them the rows that only mark the limit of drawn data (not boundary crossings)."""
    if table.empty:
        return "No boundary crossings."
    at_limit = int((table["Approximate boundary"] == "limit of drawn data").sum())
    crossings = len(table) - at_limit
    certain = int((table["Certainty"] == "certain").sum())
    possible = int((table["Certainty"] == "possible").sum())
    text = f"{crossings} boundary crossings: {certain} certain, {possible} possible."
    if at_limit:
        text += f" {at_limit} more rows mark the limit of drawn data (not a boundary)."
    return text
