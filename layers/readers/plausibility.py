"""Plausibility warnings on validated fixes: implausible speeds and likely lat/lon swaps.

Each warning is emitted with :func:`warnings.warn` (category :class:`InputWarning`) and
appended to the caller's list, so an app can show it.
"""

from __future__ import annotations

import warnings
from contextvars import ContextVar

import numpy as np
import pandas as pd

from layers.errors import InputWarning
from layers.geo.geodesy import GEOD

#: Above this geodesic speed between two fixes (m/s) a track gets a warning.
MAX_PLAUSIBLE_SPEED_MPS = 1200.0
#: Region the app is about (lon_min, lat_min, lon_max, lat_max), degrees: East Asia around
#: the Sea of Japan (East Sea). Used only for the lat/lon-swap warning. (A swapped fix of
#: this region has |lat| > 90 and is an error, so with it the warning only fires for
#: callers that pass a region reaching below 90° of longitude.)
REGION_OF_INTEREST: tuple[float, float, float, float] = (100.0, 15.0, 160.0, 60.0)
#: The region in force for the current read (see ``read_tracks_with_warnings(region=…)``).
REGION: ContextVar[tuple[float, float, float, float]] = ContextVar("REGION", default=REGION_OF_INTEREST)
_GEOD = GEOD


def emit_warning(messages: list[InputWarning], text: str, stacklevel: int = 4) -> None:
    """Emit ``text`` as an :class:`InputWarning` and keep it in ``messages`` for the caller."""
    warning = InputWarning(text)
    warnings.warn(warning, stacklevel=stacklevel)
    messages.append(warning)


def implausible_speeds(fixes: pd.DataFrame, source: str, out: list[InputWarning]) -> None:
    tid = fixes["track_id"].to_numpy()
    lat, lon = fixes["lat"].to_numpy(), fixes["lon"].to_numpy()
    seconds = (fixes["time"].astype("int64").to_numpy() / 1e9)
    same = tid[1:] == tid[:-1]
    if not same.any():
        return
    _, _, dist = _GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    speed = np.where(same, np.asarray(dist) / np.maximum(seconds[1:] - seconds[:-1], 1e-9), 0.0)
    fast = speed > MAX_PLAUSIBLE_SPEED_MPS
    rows = fixes["_row"].to_numpy()
    for track_id in pd.unique(tid[1:][fast]):
        hits = np.flatnonzero(fast & (tid[1:] == track_id))
        i = int(hits[np.argmax(speed[hits])])
        emit_warning(
            out,
            f"{source}: track {track_id!r}: implausible speed {speed[i]:,.0f} m/s between rows"
            f" {int(rows[i])} and {int(rows[i + 1])} (over {MAX_PLAUSIBLE_SPEED_MPS:,.0f} m/s"
            f" on {len(hits)} leg(s)); check the times and positions",
        )


def _inside(lon: np.ndarray, lat: np.ndarray, roi: tuple[float, float, float, float]) -> np.ndarray:
    return (lon >= roi[0]) & (lon <= roi[2]) & (lat >= roi[1]) & (lat <= roi[3])


def possible_swaps(
    fixes: pd.DataFrame, source: str, roi: tuple[float, float, float, float], out: list[InputWarning]
) -> None:
    for track_id, group in fixes.groupby("track_id", sort=False):
        lat, lon = group["lat"].to_numpy(), group["lon"].to_numpy()
        if not _inside(lon, lat, roi).any() and _inside(lat, lon, roi).all():
            emit_warning(
                out,
                f"{source}: track {track_id!r} (rows {int(group['_row'].min())}–"
                f"{int(group['_row'].max())}) lies wholly outside the region of interest but"
                " wholly inside it with lat and lon exchanged: lat and lon may be swapped",
            )
