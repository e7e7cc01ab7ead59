"""Validate a long table of fixes (one row per fix, any format) and turn it into tracks.

Every reader produces the same long table: ``track_id``, ``time``, ``lat``, ``lon`` and
optionally ``alt_m`` (metres) and extra columns, plus ``_row`` (the 1-based row a person
would point at: CSV line, feature index, XML line, trace entry) and optionally per-row field
names ``_f_time``, ``_f_lat``, ``_f_lon``, ``_f_alt_m`` (e.g. a GeoJSON vertex path).

Errors (:class:`InputError`, naming file, row and field): empty track id, empty or
unparsable time, empty / non-numeric / non-finite lat or lon, lat outside ±90 or lon
outside ±180 (a separate message when every fix of the track is valid with lat and lon
exchanged), a non-numeric altitude or uncertainty, two fixes of one track at the same time
with different positions, a track with fewer than 2 fixes, a track-level property
(aircraft, state, notional …) that changes within a track.

Warnings (:class:`InputWarning`, emitted with :func:`warnings.warn` and returned):
a geodesic speed over :data:`MAX_PLAUSIBLE_SPEED_MPS` between fixes; a track lying wholly
outside the region of interest that would lie wholly inside it with lat/lon exchanged.

Identical duplicate fixes are dropped silently and counted; unsorted rows are sorted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from layers.errors import InputError, InputWarning
from layers.readers.plausibility import REGION, emit_warning, implausible_speeds, possible_swaps

#: Track-level metadata columns: constant within a track (empty cells ignored).
TRACK_META_COLUMNS: tuple[str, ...] = ("aircraft", "count", "group", "state", "source", "notional", "label")
#: Per-fix columns of the Track contract besides lat, lon, alt_m.
PER_FIX_COLUMNS: tuple[str, ...] = ("basis", "uncertainty_km")
REQUIRED_COLUMNS: tuple[str, ...] = ("track_id", "time", "lat", "lon")
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


@dataclass
class ReadResult:
    """What a reader found: the tracks, the warnings, and what it dropped (counts)."""

    tracks: list[Any]
    warnings: list[InputWarning] = field(default_factory=list)
    source: str = ""
    format: str = ""
    duplicates_dropped: int = 0
    dropped: dict[str, int] = field(default_factory=dict)


@dataclass
class Checked:
    """A validated long table (sorted by track, then time) and what was found on the way."""

    fixes: pd.DataFrame
    warnings: list[InputWarning]
    duplicates_dropped: int
    meta: dict[str, dict[str, Any]]


class _Where:
    """Builds errors and warnings that name the source, the row and the field.

    A field is named by the optional per-row column ``_f_<column>`` (e.g. a GeoJSON vertex
    path), else by ``fields[column]`` (e.g. the original CSV header), else the column name.
    """

    def __init__(self, fixes: pd.DataFrame, source: str, fields: Mapping[str, str]) -> None:
        self.fixes = fixes
        self.rows = fixes["_row"].to_numpy()
        self.source = source
        self.fields = fields

    def field(self, column: str, position: int) -> str:
        per_row = f"_f_{column}"
        if per_row in self.fixes:
            value = self.fixes[per_row].iloc[position]
            if isinstance(value, str) and value:
                return value
        return self.fields.get(column, column)

    def error(self, message: str, position: int, column: str | None) -> InputError:
        return InputError(
            message,
            source=self.source,
            row=int(self.rows[position]),
            field=self.field(column, position) if column else None,
        )


def _blank(values: pd.Series) -> np.ndarray:
    """True where a raw cell is missing: None, NaN or whitespace-only text."""
    missing = values.isna().to_numpy().copy()
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        text = values.astype(str).str.strip()
        missing |= (text == "").to_numpy()
    return missing


def parse_times(values: pd.Series, where: _Where) -> pd.Series:
    """UTC times from ISO 8601 text (naive = UTC) or datetimes; an error names the first bad row."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        times = values.dt.tz_convert("UTC")
    elif pd.api.types.is_datetime64_dtype(values):
        times = values.dt.tz_localize("UTC")
    else:
        blank = _blank(values)
        if blank.any():
            raise where.error("empty time", int(np.argmax(blank)), "time")
        text = values.astype(str).str.strip()
        times = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
        bad = times.isna().to_numpy()
        if bad.any():
            i = int(np.argmax(bad))
            raise where.error(
                f"cannot parse time {text.iloc[i]!r} (expected ISO 8601, e.g. 2019-07-23T00:00:00Z)",
                i,
                "time",
            )
        return times.astype("datetime64[ns, UTC]")
    bad = times.isna().to_numpy()
    if bad.any():
        raise where.error("empty time", int(np.argmax(bad)), "time")
    return times.astype("datetime64[ns, UTC]")


def parse_numbers(values: pd.Series, column: str, where: _Where, required: bool) -> np.ndarray:
    """Floats from numbers or text; empty cells are NaN unless ``required``; text that is not
    a finite number is an error."""
    blank = _blank(values)
    if required and blank.any():
        raise where.error("empty value", int(np.argmax(blank)), column)
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(numbers) & ~blank
    if bad.any():
        i = int(np.argmax(bad))
        raise where.error(f"not a finite number: {values.iloc[i]!r}", i, column)
    return numbers


def _check_ranges(fixes: pd.DataFrame, where: _Where) -> None:
    lat = fixes["lat"].to_numpy()
    lon = fixes["lon"].to_numpy()
    bad = (np.abs(lat) > 90) | (np.abs(lon) > 180)
    if not bad.any():
        return
    i = int(np.argmax(bad))
    track_id = fixes["track_id"].iloc[i]
    same = (fixes["track_id"] == track_id).to_numpy()
    swapped_ok = bool(np.all(np.abs(lon[same]) <= 90) and np.all(np.abs(lat[same]) <= 180))
    column, value, limit = ("lat", lat[i], 90) if abs(lat[i]) > 90 else ("lon", lon[i], 180)
    message = f"{column} {value:g} outside ±{limit}"
    if swapped_ok:
        message += (
            f": lat and lon look swapped (every fix of track {track_id!r} is valid with"
            " them exchanged); put latitude in lat and longitude in lon"
        )
    raise where.error(message, i, column)


def _to_bool(values: pd.Series, where: _Where, positions: np.ndarray) -> pd.Series:
    """Booleans from true/false, yes/no, 1/0 (any case) or real booleans."""
    text = values.astype(str).str.strip().str.lower()
    true, false = text.isin(_TRUE).to_numpy(), text.isin(_FALSE).to_numpy()
    bad = ~(true | false)
    if bad.any():
        i = int(np.argmax(bad))
        raise where.error(f"expected true or false, found {values.iloc[i]!r}", int(positions[i]), "notional")
    return pd.Series(true, index=values.index, dtype=object)


def _constant_per_track(
    column: str, tids: np.ndarray, kept: pd.Series, positions: np.ndarray, where: _Where
) -> dict[str, Any]:
    """The one value of ``column`` per track; a second, different value is an error."""
    frame = pd.DataFrame({"tid": tids, "value": kept.to_numpy(dtype=object)})
    first = frame.groupby("tid", sort=False)["value"].transform("first").to_numpy(dtype=object)
    conflict = frame["value"].to_numpy(dtype=object) != first
    if conflict.any():
        i = int(np.argmax(conflict))
        raise where.error(
            f"track {tids[i]!r} has {column} {first[i]!r} and {frame['value'].iloc[i]!r}; a"
            " track-level property must be the same on every row of the track",
            int(positions[i]),
            column,
        )
    values = frame.groupby("tid", sort=False)["value"].first()
    return {tid: value.item() if hasattr(value, "item") else value for tid, value in values.items()}


def _track_meta(fixes: pd.DataFrame, where: _Where, extra: list[str]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Per-track metadata from the known meta columns (must be constant within a track) and
    from other extra columns that are constant within every track. Returns the metadata and
    the extra columns kept per fix."""
    meta: dict[str, dict[str, Any]] = {tid: {} for tid in fixes["track_id"].unique()}
    per_fix: list[str] = []
    positions = np.arange(len(fixes))
    for column in extra:
        values = fixes[column]
        blank = _blank(values)
        known = column in TRACK_META_COLUMNS
        if known:
            kept = values[~blank]
            kept_pos = positions[~blank]
            if column == "notional":
                kept = _to_bool(kept, where, kept_pos)
            elif column == "count":
                numbers = pd.to_numeric(kept, errors="coerce")
                bad = numbers.isna().to_numpy() | (numbers.to_numpy(dtype=float, na_value=np.nan) % 1 != 0)
                if bad.any():
                    i = int(np.argmax(bad))
                    raise where.error(f"expected a whole number, found {kept.iloc[i]!r}", int(kept_pos[i]), column)
                kept = numbers.astype(int)
            else:
                kept = kept.astype(str).str.strip()
            tids = fixes["track_id"].to_numpy()[~blank]
            for tid, value in _constant_per_track(column, tids, kept, kept_pos, where).items():
                meta[tid][column] = value
            continue
        constant = values.groupby(fixes["track_id"], sort=False).nunique(dropna=False) <= 1
        if column not in PER_FIX_COLUMNS and bool(constant.all()):
            for tid, value in values.groupby(fixes["track_id"], sort=False).first().items():
                if not (pd.isna(value) or str(value).strip() == ""):
                    meta[tid][column] = value.item() if hasattr(value, "item") else value
        else:
            per_fix.append(column)
            numbers = pd.to_numeric(values, errors="coerce")
            if column != "basis" and not blank.all() and bool(numbers[~blank].notna().all()):
                fixes[column] = numbers.astype(float)
    return meta, per_fix


def _drop_duplicates(fixes: pd.DataFrame, where: _Where) -> tuple[pd.DataFrame, int]:
    same_time = fixes.duplicated(["track_id", "time"], keep=False).to_numpy()
    if not same_time.any():
        return fixes, 0
    compare = ["track_id", "time", "lat", "lon"] + (["alt_m"] if "alt_m" in fixes else [])
    identical = fixes.duplicated(compare, keep="first").to_numpy()
    conflicting = fixes.duplicated(["track_id", "time"], keep="first").to_numpy() & ~identical
    if conflicting.any():
        i = int(np.argmax(conflicting))
        tid, time = fixes["track_id"].iloc[i], fixes["time"].iloc[i]
        earlier = (fixes["track_id"].to_numpy() == tid) & (fixes["time"] == time).to_numpy()
        first = int(np.argmax(earlier))

        def place(position: int) -> str:
            row = int(fixes["_row"].iloc[position])
            field = where.field("time", position)
            return f"row {row}" if field == where.fields.get("time", "time") else f"row {row} {field}"

        raise where.error(
            f"track {tid!r} has two fixes at {time.isoformat()} with different positions"
            f" ({place(first)} and {place(i)})",
            i,
            "time",
        )
    return fixes[~identical], int(identical.sum())


def _backward_times(fixes: pd.DataFrame, where: _Where, found: list[InputWarning]) -> None:
    """Warn when the times of an ordered geometry (the vertices of a GeoJSON line, GPX track
    points) run backwards: the fixes are analysed in time order, so the path analysed is not
    the line as drawn in the file. One warning per track, naming the first such vertex."""
    ordered = fixes["_ordered"].fillna(False).astype(bool).to_numpy()
    track = fixes["track_id"].to_numpy()
    seconds = fixes["time"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    backwards = np.zeros(len(fixes), bool)
    backwards[1:] = (track[1:] == track[:-1]) & ordered[1:] & ordered[:-1] & (seconds[1:] < seconds[:-1])
    for tid in dict.fromkeys(track[backwards]):
        position = int(np.flatnonzero(backwards & (track == tid))[0])
        error = where.error(
            f"times run backwards along the line of track {tid!r} (this vertex is earlier than "
            "the one before it); its fixes are analysed in time order, so the path analysed "
            "differs from the line as drawn",
            position,
            "time",
        )
        emit_warning(found, str(error), stacklevel=5)


def check_fixes(
    fixes: pd.DataFrame,
    source: str,
    fields: Mapping[str, str] | None = None,
    roi: tuple[float, float, float, float] | None = None,
) -> Checked:
    """Validate and normalise a long table of fixes (see the module docstring).

    Returns the table sorted by track (in order of first appearance) then time, with
    ``time`` as UTC datetimes and ``lat``, ``lon``, ``alt_m`` as floats.
    """
    fields = dict(fields or {})
    roi = roi or REGION.get()
    missing = [c for c in REQUIRED_COLUMNS if c not in fixes.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", source=source, field=missing[0])
    if fixes.empty:
        raise InputError("no fixes found", source=source)
    fixes = fixes.reset_index(drop=True)
    where = _Where(fixes, source, fields)
    track_ids = fixes["track_id"]
    blank = _blank(track_ids)
    if blank.any():
        raise where.error("empty track id", int(np.argmax(blank)), "track_id")
    out = pd.DataFrame({"track_id": track_ids.astype(str).str.strip().to_numpy(dtype=object)})
    out["time"] = parse_times(fixes["time"], where).reset_index(drop=True)
    out["lat"] = parse_numbers(fixes["lat"], "lat", where, required=True)
    out["lon"] = parse_numbers(fixes["lon"], "lon", where, required=True)
    out["alt_m"] = (
        parse_numbers(fixes["alt_m"], "alt_m", where, required=False) if "alt_m" in fixes else np.nan
    )
    _check_ranges(out, where)
    extra = [c for c in fixes.columns if c not in (*REQUIRED_COLUMNS, "alt_m") and not c.startswith("_")]
    for column in extra:
        if column == "uncertainty_km":
            values = parse_numbers(fixes[column], column, where, required=False)
            negative = values < 0
            if negative.any():
                raise where.error("uncertainty must be ≥ 0 km", int(np.argmax(negative)), column)
            out[column] = values
        else:
            values = fixes[column]
            out[column] = values.astype(object).where(~_blank(values), None).to_numpy()
    for column in fixes.columns:
        if column.startswith("_"):
            out[column] = fixes[column].to_numpy()
    meta, per_fix = _track_meta(out, _Where(out, source, fields), extra)
    found: list[InputWarning] = []
    if "_ordered" in out:
        _backward_times(out, _Where(out, source, fields), found)
    order = {tid: n for n, tid in enumerate(meta)}
    out["_order"] = out["track_id"].map(order)
    out = out.sort_values(["_order", "time", "_row"], kind="stable").drop(columns="_order")
    out = out.reset_index(drop=True)
    where = _Where(out, source, fields)
    out, duplicates = _drop_duplicates(out, where)
    counts = out.groupby("track_id", sort=False).size()
    for tid, count in counts.items():
        if count < 2:
            position = int(np.flatnonzero(out["track_id"].to_numpy() == tid)[0])
            raise _Where(out.reset_index(drop=True), source, fields).error(
                f"track {tid!r} has {count} fix; a track needs at least 2", position, "track_id"
            )
    keep = ["track_id", "time", "lat", "lon", "alt_m", *per_fix] + [c for c in out if c.startswith("_")]
    out = out[keep].reset_index(drop=True)
    implausible_speeds(out, source, found)
    possible_swaps(out, source, roi, found)
    return Checked(out, found, duplicates, meta)


def to_tracks(checked: Checked, base_meta: Mapping[str, Any] | None = None) -> list[Any]:
    """One :class:`layers.tracks.track.Track` per track id, in order of first appearance.

    ``base_meta`` (e.g. the format's source and ``notional``) is overridden by the file's own
    per-track metadata.
    """
    from layers.tracks.track import Track

    tracks = []
    columns = [c for c in checked.fixes.columns if not c.startswith("_") and c != "track_id"]
    for track_id, group in checked.fixes.groupby("track_id", sort=False):
        empty = [c for c in columns if c not in ("time", "lat", "lon", "alt_m") and group[c].isna().all()]
        data = group[[c for c in columns if c not in empty]].set_index("time")
        data.index = pd.DatetimeIndex(data.index, name="time")
        meta = {**(base_meta or {}), **checked.meta.get(track_id, {})}
        tracks.append(Track(str(track_id), data, meta))
    return tracks


def build_result(
    fixes: pd.DataFrame,
    source: str,
    fmt: str,
    fields: Mapping[str, str] | None = None,
    base_meta: Mapping[str, Any] | None = None,
    dropped: Mapping[str, int] | None = None,
    roi: tuple[float, float, float, float] | None = None,
) -> ReadResult:
    """Validate ``fixes`` and build the tracks: the last step of every reader."""
    checked = check_fixes(fixes, source, fields, roi)
    return ReadResult(
        tracks=to_tracks(checked, base_meta),
        warnings=checked.warnings,
        source=source,
        format=fmt,
        duplicates_dropped=checked.duplicates_dropped,
        dropped={k: v for k, v in (dropped or {}).items() if v},
    )
