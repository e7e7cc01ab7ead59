"""ADS-B Exchange / readsb trace JSON (``trace_full_<icao>.json``, often gzip-compressed).

``{"icao": "ac671b", "r": registration, "t": type, "timestamp": seconds since 1970,
"trace": [[dt_s, lat, lon, alt_baro_ft | "ground" | null, gs_kt, track_deg, flags,
vert_rate, aircraft{…} | null, source_type, alt_geom_ft, …], …]}``

- One track, id = ``icao``; metadata: icao24, registration (``r``), aircraft (``t``),
  callsign (first ``aircraft.flight`` found), source, ``notional`` false.
- Fix time = ``timestamp + dt`` (UTC). Altitude = ``alt_baro`` feet × 0.3048 (metres);
  ``"ground"`` and null give an unknown altitude (the ground elevation is not in the file).
- Entries with flag bit 0 set (stale position: no new position for a while) are dropped
  and counted.
Row = the 1-based trace entry; fields are named ``trace[k][i]``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.readers.source import Payload
from layers.readers.validate import ReadResult, build_result
from layers.units import FT_M

FOOT_M = FT_M
STALE_FLAG = 1


def looks_like_readsb(document: Any) -> bool:
    """True for a JSON object with a ``trace`` array and a ``timestamp``."""
    return isinstance(document, dict) and "trace" in document and "timestamp" in document


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value)


def read_readsb(payload: Payload, document: dict[str, Any]) -> ReadResult:
    """Tracks (one) from a parsed readsb trace document (see the module docstring)."""
    name = payload.name
    icao = str(document.get("icao") or "").strip().lower()
    if not icao:
        raise InputError("missing aircraft address", source=name, field="icao")
    base = document.get("timestamp")
    if not _number(base):
        raise InputError(f"expected seconds since 1970, found {base!r}", source=name, field="timestamp")
    trace = document.get("trace")
    if not isinstance(trace, list) or not trace:
        raise InputError("'trace' must be a non-empty array", source=name, field="trace")
    rows: list[dict[str, Any]] = []
    stale = 0
    callsign = ""
    for k, entry in enumerate(trace):
        if not isinstance(entry, list) or len(entry) < 4:
            raise InputError(
                "a trace entry must be [dt, lat, lon, alt, …]", source=name, row=k + 1, field=f"trace[{k}]"
            )
        if not _number(entry[0]):
            raise InputError(
                f"expected seconds after timestamp, found {entry[0]!r}", source=name, row=k + 1, field=f"trace[{k}][0]"
            )
        flags = entry[6] if len(entry) > 6 and isinstance(entry[6], int) else 0
        if flags & STALE_FLAG:
            stale += 1
            continue
        altitude = entry[3]
        if isinstance(altitude, str) and altitude.strip().lower() == "ground" or altitude is None:
            alt_m: Any = None
        elif _number(altitude):
            alt_m = altitude * FOOT_M
        else:
            raise InputError(
                f"expected feet, 'ground' or null, found {altitude!r}", source=name, row=k + 1, field=f"trace[{k}][3]"
            )
        details = entry[8] if len(entry) > 8 and isinstance(entry[8], dict) else {}
        if not callsign and isinstance(details.get("flight"), str):
            callsign = details["flight"].strip()
        rows.append(
            {
                "track_id": icao,
                "time": pd.Timestamp(round((base + entry[0]) * 1000), unit="ms", tz="UTC"),
                "lat": entry[1],
                "lon": entry[2],
                "alt_m": alt_m,
                "_row": k + 1,
                "_f_time": f"trace[{k}][0]",
                "_f_lat": f"trace[{k}][1]",
                "_f_lon": f"trace[{k}][2]",
                "_f_alt_m": f"trace[{k}][3]",
            }
        )
    if not rows:
        raise InputError("no usable positions (every trace entry is stale)", source=name, field="trace")
    meta: dict[str, Any] = {"source": "ADS-B Exchange / readsb trace", "notional": False, "icao24": icao}
    for key, label in (("r", "registration"), ("t", "aircraft"), ("desc", "description")):
        if isinstance(document.get(key), str) and document[key].strip():
            meta[label] = document[key].strip()
    if callsign:
        meta["callsign"] = callsign
    return build_result(pd.DataFrame(rows), name, "readsb", base_meta=meta, dropped={"stale position": stale})
