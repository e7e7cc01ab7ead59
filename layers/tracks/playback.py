"""Play a set of tracks back in time: the time steps, where each aircraft is at time t, and the
path flown so far. Pure functions (no Streamlit, no folium); times are UTC, positions degrees
WGS84, distances metres.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from layers.geo.bounds import Bounds
from layers.timefmt import KST, LocalZone, day_only, local_and_utc, utc
from layers.tracks.naming import is_schematic
from layers.tracks.track import Track

#: Candidate step lengths (seconds) of the time slider, shortest first.
STEP_CHOICES_S: tuple[int, ...] = (
    60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
)
#: The slider has at most this many steps (the step grows for long windows).
MAX_STEPS = 240


@dataclass(frozen=True)
class AircraftPosition:
    """Where one track's aircraft is at a time: ``status`` is ``before`` (not yet flying),
    ``flying`` or ``after`` (its track has ended). ``lat``/``lon`` in degrees (``None``
    before the track starts; the last fix after it ends)."""

    track_id: str
    status: str
    lat: float | None
    lon: float | None


def window(tracks: Sequence[Track]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The earliest start and the latest end of ``tracks`` (UTC); ValueError when empty."""
    if not tracks:
        raise ValueError("no tracks")
    return min(t.start for t in tracks), max(t.end for t in tracks)


def step_seconds(start: pd.Timestamp, end: pd.Timestamp, max_steps: int = MAX_STEPS) -> int:
    """The shortest step of :data:`STEP_CHOICES_S` giving at most ``max_steps`` steps."""
    duration = max((end - start).total_seconds(), 0.0)
    for step in STEP_CHOICES_S:
        if duration / step <= max_steps:
            return step
    return int(-(-duration // max_steps))  # a window longer than MAX_STEPS days


@dataclass(frozen=True)
class Moment:
    """A time the player must show exactly (a crossing, the deepest point of a stretch inside,
    a reported event) and what to say about it (plain text). ``time`` is UTC."""

    time: pd.Timestamp
    caption: str


#: Tracks whose windows lie further apart than this (seconds) are played as separate spells:
#: the slider steps through each and skips the empty time between (an upload from another year
#: beside a scenario does not turn the slider into week-long steps).
SPELL_GAP_S = 6 * 3600.0


def spells(tracks: Sequence[Track], gap_s: float = SPELL_GAP_S) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The tracks' flying time as (start, end) spells (UTC) in order: windows that overlap or
    lie within ``gap_s`` of each other are one spell."""
    if not tracks:
        raise ValueError("no tracks")
    windows = sorted((t.start, t.end) for t in tracks)
    merged = [list(windows[0])]
    for start, end in windows[1:]:
        if (start - merged[-1][1]).total_seconds() <= gap_s:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def time_steps(
    tracks: Sequence[Track], max_steps: int = MAX_STEPS, moments: Sequence[Moment] = ()
) -> pd.DatetimeIndex:
    """Slider times (UTC): for each spell of flying (:func:`spells`), from its start rounded
    down to the step to its end rounded up, every step (chosen by :func:`step_seconds` for that
    spell, the ``max_steps`` shared between spells by duration), plus the exact time of every
    moment inside a spell, in order."""
    parts = spells(tracks)
    total = sum(max((b - a).total_seconds(), 1.0) for a, b in parts)
    times: list[pd.DatetimeIndex] = []
    for start, end in parts:
        share = max(10, int(max_steps * max((end - start).total_seconds(), 1.0) / total))
        step = pd.Timedelta(seconds=step_seconds(start, end, share))
        first, last = start.floor(step), end.ceil(step)
        times.append(pd.date_range(first, last, freq=step, name="time"))
        exact = [utc(m.time) for m in moments if first <= utc(m.time) <= last]
        if exact:
            times.append(pd.DatetimeIndex(exact))
    steps = times[0]
    for more in times[1:]:
        steps = steps.union(more)
    return pd.DatetimeIndex(steps).unique().sort_values().rename("time")


#: Without tracks, the slider's window runs this long before the first and after the last
#: reported event.
EVENT_PAD = pd.Timedelta(minutes=30)


def event_time_steps(moments: Sequence[Moment], max_steps: int = MAX_STEPS) -> pd.DatetimeIndex:
    """Slider times (UTC) for a scenario without tracks: from :data:`EVENT_PAD` before the first
    moment to as long after the last, every step (:func:`step_seconds`), plus each moment's exact
    time; empty when no moment has a time."""
    exact = pd.DatetimeIndex([utc(m.time) for m in moments if m.time is not None and not pd.isna(m.time)])
    if exact.empty:
        return pd.DatetimeIndex([], tz="UTC", name="time")
    start, end = exact.min() - EVENT_PAD, exact.max() + EVENT_PAD
    step = pd.Timedelta(seconds=step_seconds(start, end, max_steps))
    grid = pd.date_range(start.floor(step), end.ceil(step), freq=step, name="time")
    return pd.DatetimeIndex(grid.union(exact)).as_unit("ns").unique().sort_values().rename("time")


#: Moments closer than this (seconds) are shown as one, at the first one's time (a crossing
#: 0.2 s before the reported minute and the report itself are one moment).
SAME_MOMENT_S = 60.0


def merge_moments(moments: Sequence[Moment], within_s: float = SAME_MOMENT_S) -> list[Moment]:
    """``moments`` in time order, those within ``within_s`` of the first of a run joined into
    it (captions joined with " · ", each once)."""
    merged: list[tuple[pd.Timestamp, list[str]]] = []
    for moment in sorted(moments, key=lambda m: utc(m.time)):
        time = utc(moment.time)
        if merged and (time - merged[-1][0]).total_seconds() <= within_s:
            if moment.caption not in merged[-1][1]:
                merged[-1][1].append(moment.caption)
            continue
        merged.append((time, [moment.caption]))
    return [Moment(time, " · ".join(captions)) for time, captions in merged]


def group_captions(steps: pd.DatetimeIndex, moments: Sequence[Moment],
                   within_s: float = SAME_MOMENT_S) -> dict[int, str]:
    """Step index -> the caption of the merged moment (:func:`merge_moments`) each moment's
    step belongs to: every step of a run of moments says the same (a jump to the reported
    09:09:00 shows what the crossing at 09:08:59.8 says)."""
    groups = merge_moments(moments, within_s)
    positions = {t: i for i, t in enumerate(steps)}
    out: dict[int, str] = {}
    for moment in moments:
        time = utc(moment.time)
        group = next((g for g in reversed(groups) if g.time <= time), None)
        index = positions.get(time)
        if group is not None and index is not None:
            out[index] = group.caption
    return out


def moment_captions(steps: pd.DatetimeIndex, moments: Sequence[Moment]) -> dict[int, str]:
    """Step index -> caption of the moments at exactly that step (joined when several coincide)."""
    captions: dict[int, list[str]] = {}
    positions = {t: i for i, t in enumerate(steps)}
    for moment in moments:
        index = positions.get(utc(moment.time))
        if index is not None and moment.caption not in captions.get(index, []):
            captions.setdefault(index, []).append(moment.caption)
    return {i: " · ".join(texts) for i, texts in captions.items()}


def next_step(index: int, stride: int, stops: Sequence[int], last: int) -> int:
    """Where Play goes from ``index``: ``stride`` steps on, slower (a third of the stride, at
    least one step) within two strides before a stop and one stride after it, so the approach
    to a moment and what follows are seen; never past a stop (a moment to show): the first
    stop after ``index`` within the stride, else ``index + stride``."""
    near = any(index < s <= index + 2 * stride or index - stride <= s <= index for s in stops)
    if near:
        stride = max(1, stride // 3)
    target = min(index + stride, last)
    ahead = [s for s in stops if index < s <= target]
    return min(ahead) if ahead else target


def position(track: Track, time: pd.Timestamp | str) -> AircraftPosition:
    """The aircraft of ``track`` at ``time`` (interpolated along the geodesic legs)."""
    time = utc(time)
    if time < track.start:
        return AircraftPosition(track.track_id, "before", None, None)
    if time > track.end:
        return AircraftPosition(track.track_id, "after", float(track.lat[-1]), float(track.lon[-1]))
    at = track.position_at(pd.DatetimeIndex([time]))
    return AircraftPosition(track.track_id, "flying", float(at["lat"].iloc[0]), float(at["lon"].iloc[0]))


def located(tracks: Sequence[Track], track_ids: Sequence[str], time: pd.Timestamp | str | None
            ) -> tuple[float, float] | None:
    """(lat, lon) at ``time`` of the first of ``track_ids`` that is one of ``tracks`` and has a
    position then (the aircraft of a reported event); ``None`` when none has, or no time."""
    if time is None:
        return None
    by_id = {track.track_id: track for track in tracks}
    for track_id in track_ids:
        if track_id in by_id:
            where = position(by_id[track_id], time)
            if where.lat is not None and where.lon is not None:
                return (where.lat, where.lon)
    return None


def positions(tracks: Sequence[Track], time: pd.Timestamp | str) -> list[AircraftPosition]:
    """:func:`position` of every track, in order."""
    return [position(track, time) for track in tracks]


def flown_path(
    track: Track, time: pd.Timestamp | str, max_step_m: float = 10_000.0
) -> shapely.LineString | shapely.MultiLineString | None:
    """The part of ``track`` flown by ``time`` as drawable lon/lat geometry (densified along
    geodesics, split at the antimeridian); ``None`` before the track starts."""
    time = utc(time)
    if time <= track.start:
        return None
    if time >= track.end:
        return track.to_geometry(max_step_m)
    return track.between(track.start, time).to_geometry(max_step_m)


def time_label(time: pd.Timestamp | str, local: LocalZone = KST, year: bool = False) -> str:
    """``"23 Jul 06:44 KST · 22 Jul 21:44 UTC"``: the time in the scenario's local time zone
    (KST by default; AKDT near Alaska) and in UTC, rounded to the minute; to the second
    (``"23 Jul 09:09:00 KST · …"``) when the time is not on a whole minute (a moment); with
    the year when ``year`` (a window across years, e.g. an upload from another year)."""
    stamp = utc(time)
    return local_and_utc(stamp, local, "min" if stamp == stamp.floor("min") else "s", year=year)


#: A schematic loop's elapsed time is shown to this many minutes: its times are illustrative.
ILLUSTRATIVE_STEP_MIN = 10


def illustrative_label(time: pd.Timestamp | str, start: pd.Timestamp | str, local: LocalZone = KST) -> str:
    """``"24 Jul 2024 AKDT · schematic loop +1 h 20 min (times not published)"``: the slider's
    label on tracks whose times are only illustrative (schematic routes): the local day and the
    time since the loop's start, to :data:`ILLUSTRATIVE_STEP_MIN` minutes, never a clock time."""
    minutes = (utc(time) - utc(start)).total_seconds() / 60
    minutes = int(round(minutes / ILLUSTRATIVE_STEP_MIN) * ILLUSTRATIVE_STEP_MIN)
    hours, rest = divmod(max(minutes, 0), 60)
    elapsed = f"+{hours} h {rest:02d} min" if hours else f"+{rest} min"
    return f"{day_only(time, local)} · schematic loop {elapsed} (times not published)"


def all_schematic(tracks: Sequence[Track]) -> bool:
    """True when there are tracks and every one is schematic (its times only illustrative)."""
    return bool(tracks) and all(is_schematic(t) for t in tracks)


def tracks_view(tracks: Sequence[Track], margin_deg: float = 1.0) -> Bounds | None:
    """The box around all fixes plus ``margin_deg`` (unwrapped across the antimeridian:
    ``east`` may exceed 180); ``None`` without tracks. Around a schematic track the margin is
    at least its fixes' uncertainty (degrees of latitude), so the view shows the coasts it
    keeps off."""
    if not tracks:
        return None
    loose_km = max((float(t.data["uncertainty_km"].max()) for t in tracks
                    if is_schematic(t) and "uncertainty_km" in t.data and t.data["uncertainty_km"].notna().any()),
                   default=0.0)
    return Bounds.around(np.concatenate([t.lon for t in tracks]), np.concatenate([t.lat for t in tracks]),
                         max(margin_deg, loose_km / 111.0))


#: Play runs through the whole window in about this many ticks (one tick a second).
PLAY_TICKS = 90


def play_stride(n_steps: int, ticks: int = PLAY_TICKS) -> int:
    """Slider steps to advance per Play tick so a whole window plays in about ``ticks``."""
    return max(1, round(n_steps / ticks))
