"""OpenSky Network state vectors CSV (historical database export, one vector per aircraft
and sampling time): ``time, icao24, lat, lon, velocity, heading, vertrate, callsign,
onground, alert, spi, squawk, baroaltitude, geoaltitude, lastposupdate, lastcontact``.

- One track per ``icao24``; ``callsign`` becomes metadata (per fix if it changes).
- Rows without a position (empty or NULL lat/lon) are dropped and counted.
- Stale positions, ``time - lastposupdate > 15`` s, are dropped and counted.
- A fix's time is ``lastposupdate`` (when the position was measured; seconds since 1970,
  UTC), else ``time``: the repeated vectors of one position then collapse into one fix.
- Altitude: ``geoaltitude``, else ``baroaltitude`` (both metres).
- Aircraft with fewer than 2 usable positions are dropped and counted (a bulk export
  always holds some), not an error.
Row = line number in the file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.readers.source import Payload
from layers.readers.table import read_csv_rows
from layers.readers.validate import ReadResult, build_result

#: A position older than this (seconds) at the vector's time is stale.
MAX_POSITION_AGE_S = 15.0
OPENSKY_COLUMNS: tuple[str, ...] = ("time", "icao24", "lat", "lon")
_NULLS = {"", "null", "none", "nan", "\\n"}


def looks_like_opensky(header: list[str]) -> bool:
    """True for a header with the state-vector columns and no ``track_id``."""
    names = {column.strip().lower() for column in header}
    return set(OPENSKY_COLUMNS) <= names and "track_id" not in names


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _is_null(values: pd.Series) -> np.ndarray:
    return values.astype(str).str.strip().str.lower().isin(_NULLS).to_numpy()


def read_opensky(payload: Payload) -> ReadResult:
    """Tracks from an OpenSky state vectors CSV file (see the module docstring)."""
    name = payload.name
    header, rows, lines, _ = read_csv_rows(payload)
    frame = pd.DataFrame(rows, columns=[c.strip().lower() for c in header], dtype=object)
    line = np.asarray(lines)
    for column in ("time", "lastposupdate"):
        if column not in frame:
            continue
        text = frame[column]
        seconds = _numbers(frame, column)
        bad = ~np.isfinite(seconds) & ~_is_null(text)
        if column == "time":
            bad |= _is_null(text)
        if bad.any():
            i = int(np.argmax(bad))
            raise InputError(
                f"expected seconds since 1970, found {text.iloc[i]!r}", source=name, row=int(line[i]), field=column
            )
    no_position = _is_null(frame["lat"]) | _is_null(frame["lon"])
    time_s = _numbers(frame, "time")
    fix_s = time_s.copy()
    stale = np.zeros(len(frame), dtype=bool)
    if "lastposupdate" in frame:
        updated = _numbers(frame, "lastposupdate")
        known = np.isfinite(updated)
        stale = known & (time_s - updated > MAX_POSITION_AGE_S)
        fix_s = np.where(known, updated, time_s)
    keep = ~no_position & ~stale
    if not keep.any():
        raise InputError("no usable positions (every row lacks a position or is stale)", source=name)
    alt = np.full(len(frame), np.nan)
    for column in ("baroaltitude", "geoaltitude"):
        if column in frame:
            values = _numbers(frame, column)
            alt = np.where(np.isfinite(values), values, alt)
    icao = frame["icao24"].astype(str).str.strip().str.lower()
    fixes = pd.DataFrame(
        {
            "track_id": icao.where(~_is_null(frame["icao24"]), ""),
            "time": pd.to_datetime(np.round(fix_s * 1000).astype("int64"), unit="ms", utc=True),
            "lat": frame["lat"],
            "lon": frame["lon"],
            "alt_m": alt,
            "_row": line,
            "_f_track_id": "icao24",
        }
    )
    fixes["icao24"] = fixes["track_id"]
    if "callsign" in frame:
        fixes["callsign"] = frame["callsign"].astype(str).str.strip().where(~_is_null(frame["callsign"]), "")
    fixes = fixes[keep]
    distinct = fixes.drop_duplicates(["track_id", "time"]).groupby("track_id").size()
    lonely = distinct[distinct < 2].index
    fixes = fixes[~fixes["track_id"].isin(lonely)]
    if fixes.empty:
        raise InputError("no aircraft with at least 2 usable positions", source=name)
    base = {"source": "OpenSky Network state vectors", "notional": False}
    dropped = {
        "no position": int(no_position.sum()),
        "stale position": int((stale & ~no_position).sum()),
        "aircraft with fewer than 2 positions": len(lonely),
    }
    result = build_result(fixes, name, "opensky", base_meta=base, dropped=dropped)
    return result
