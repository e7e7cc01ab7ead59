"""The :class:`Track` type: one aircraft (or formation) path as timed WGS84 fixes.

Model: between consecutive fixes the aircraft flies the WGS84 geodesic at constant speed.
Immutable in style (learned from traffic's ``Flight`` and movingpandas' ``Trajectory``): every
method returns a new :class:`Track`. Times are UTC, distances metres, durations seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from layers.errors import InputError
from layers.geo import geodesy

#: Columns every track has, in order.
REQUIRED_COLUMNS: tuple[str, ...] = ("lat", "lon", "alt_m")
#: Optional per-fix columns with a known meaning.
OPTIONAL_COLUMNS: tuple[str, ...] = ("basis", "uncertainty_km")
#: ``basis`` given to fixes inserted by :meth:`Track.densify` and :meth:`Track.between`.
INTERPOLATED_BASIS = "interpolated along the geodesic"


def _as_utc_index(times: Any) -> pd.DatetimeIndex:
    index = pd.DatetimeIndex(pd.to_datetime(times, utc=True))
    return index.as_unit("ns").rename("time")


@dataclass(frozen=True, eq=False)
class Track:
    """Timed fixes of one track.

    ``data``: index a tz-aware UTC :class:`pandas.DatetimeIndex` named ``time``, strictly
    increasing; columns ``lat``, ``lon`` (degrees WGS84, lon in [-180, 180]), ``alt_m``
    (metres, NaN when unknown) and optionally ``basis`` (what the fix rests on) and
    ``uncertainty_km``. ``meta``: aircraft, count, group, state (ISO2), source, notional
    (bool), label. At least two fixes.
    """

    track_id: str
    data: pd.DataFrame
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        src = f"track {self.track_id}"
        data = self.data
        if not isinstance(data.index, pd.DatetimeIndex) or data.index.tz is None:
            raise InputError("index must be a tz-aware DatetimeIndex", source=src, field="time")
        missing = [c for c in ("lat", "lon") if c not in data.columns]
        if missing:
            raise InputError(f"missing column(s) {', '.join(missing)}", source=src)
        data = data.copy()
        data.index = data.index.tz_convert("UTC").as_unit("ns").rename("time")
        if "alt_m" not in data.columns:
            data["alt_m"] = np.nan
        for column in REQUIRED_COLUMNS:
            data[column] = data[column].astype(float)
        if len(data) < 2:
            raise InputError("a track needs at least 2 fixes", source=src)
        steps = np.diff(data.index.asi8)
        if (steps <= 0).any():
            row = int(np.argmax(steps <= 0)) + 2
            raise InputError("times must be strictly increasing", source=src, row=row, field="time")
        for column, limit in (("lat", 90.0), ("lon", 180.0)):
            values = data[column].to_numpy()
            bad = ~np.isfinite(values) | (np.abs(values) > limit)
            if bad.any():
                row = int(np.argmax(bad)) + 1
                raise InputError(
                    f"{column} {values[row - 1]} is not a number within ±{limit:g}",
                    source=src,
                    row=row,
                    field=column,
                )
        ordered = list(REQUIRED_COLUMNS) + [c for c in data.columns if c not in REQUIRED_COLUMNS]
        object.__setattr__(self, "data", data[ordered])
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))
        object.__setattr__(self, "track_id", str(self.track_id))

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_arrays(
        cls,
        track_id: str,
        times: Any,
        lat: Any,
        lon: Any,
        alt_m: Any = None,
        meta: Mapping[str, Any] | None = None,
        **columns: Any,
    ) -> Track:
        """Build a track from sequences (times: anything pandas parses; naive = UTC)."""
        index = _as_utc_index(times)
        frame = pd.DataFrame(
            {
                "lat": np.asarray(lat, dtype=float),
                "lon": np.asarray(lon, dtype=float),
                "alt_m": np.full(len(index), np.nan) if alt_m is None else np.asarray(alt_m, float),
                **columns,
            },
            index=index,
        )
        return cls(track_id, frame, dict(meta or {}))

    # ------------------------------------------------------------------ accessors
    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return (
            f"Track({self.track_id!r}, {len(self)} fixes, {self.start.isoformat()} .. "
            f"{self.end.isoformat()}, {self.length_m / 1000:.1f} km)"
        )

    @property
    def times(self) -> NDArray[np.datetime64]:
        """Fix times, numpy datetime64[ns] (UTC)."""
        return self.data.index.tz_convert(None).to_numpy()

    @property
    def seconds(self) -> NDArray[np.float64]:
        """Fix times as float seconds since 1970-01-01 UTC."""
        return self.data.index.asi8 / 1e9

    @property
    def lat(self) -> NDArray[np.float64]:
        return self.data["lat"].to_numpy(dtype=float)

    @property
    def lon(self) -> NDArray[np.float64]:
        return self.data["lon"].to_numpy(dtype=float)

    @property
    def start(self) -> pd.Timestamp:
        return self.data.index[0]

    @property
    def end(self) -> pd.Timestamp:
        return self.data.index[-1]

    @property
    def duration_s(self) -> float:
        return (self.data.index.asi8[-1] - self.data.index.asi8[0]) / 1e9

    @property
    def segment_lengths_m(self) -> NDArray[np.float64]:
        """Geodesic length of each leg (metres), one fewer than fixes."""
        lon, lat = self.lon, self.lat
        return geodesy.distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])

    @property
    def length_m(self) -> float:
        """Geodesic length of the whole track (metres)."""
        return float(self.segment_lengths_m.sum())

    # ------------------------------------------------------------------ derived tracks
    def with_meta(self, **kw: Any) -> Track:
        """A copy with metadata keys added or replaced."""
        return Track(self.track_id, self.data, {**self.meta, **kw})

    def reversed(self) -> Track:
        """The same path flown backwards: fix order reversed, times mirrored in [start, end]."""
        ns = self.data.index.asi8
        mirrored = ns[0] + ns[-1] - ns[::-1]
        data = self.data.iloc[::-1].copy()
        data.index = pd.DatetimeIndex(pd.to_datetime(mirrored, utc=True)).rename("time")
        return Track(self.track_id, data, self.meta)

    def position_at(self, times: Any) -> pd.DataFrame:
        """Interpolated positions (lat, lon) at ``times`` along the geodesics; NaN outside."""
        index = _as_utc_index(pd.Index(np.atleast_1d(times)) if not isinstance(times, pd.Index) else times)
        t = index.asi8 / 1e9
        own = self.seconds
        seg = np.clip(np.searchsorted(own, t, side="right") - 1, 0, len(own) - 2)
        frac = (t - own[seg]) / (own[seg + 1] - own[seg])
        lon, lat = self.lon, self.lat
        plon, plat = geodesy.interpolate(lon[seg], lat[seg], lon[seg + 1], lat[seg + 1], np.clip(frac, 0, 1))
        outside = (t < own[0]) | (t > own[-1])
        plat[outside] = np.nan
        plon[outside] = np.nan
        return pd.DataFrame({"lat": plat, "lon": plon}, index=index)

    def _insert(self, seg: NDArray[np.int64], frac: NDArray[np.float64]) -> pd.DataFrame:
        """Rows at fraction ``frac`` of legs ``seg`` (geodesic position, linear numeric columns)."""
        ns = self.data.index.asi8
        lon, lat = self.lon, self.lat
        plon, plat = geodesy.interpolate(lon[seg], lat[seg], lon[seg + 1], lat[seg + 1], frac)
        t = ns[seg] + np.round((ns[seg + 1] - ns[seg]) * frac).astype(np.int64)
        rows = pd.DataFrame(index=pd.DatetimeIndex(pd.to_datetime(t, utc=True)).rename("time"))
        for column in self.data.columns:
            values = self.data[column].to_numpy()
            if column == "lat":
                rows[column] = plat
            elif column == "lon":
                rows[column] = plon
            elif column == "basis":
                rows[column] = INTERPOLATED_BASIS
            elif np.issubdtype(values.dtype, np.number):
                v = values.astype(float)
                rows[column] = v[seg] + (v[seg + 1] - v[seg]) * frac
            else:
                rows[column] = values[seg]
        return rows

    def densify(self, max_step_m: float = 10_000.0) -> Track:
        """Insert geodesic intermediate fixes so no leg is longer than ``max_step_m`` metres.

        Inserted fixes get times at constant speed, linearly interpolated numeric columns
        and ``basis`` = :data:`INTERPOLATED_BASIS`.
        """
        n = np.maximum(1, np.ceil(self.segment_lengths_m / max_step_m).astype(np.int64))
        if (n == 1).all():
            return self
        seg = np.repeat(np.arange(len(n)), n - 1)
        offsets = np.arange(len(seg)) - np.repeat(np.cumsum(n - 1) - (n - 1), n - 1)
        frac = (offsets + 1) / n[seg]
        rows = self._insert(seg, frac.astype(float))
        data = pd.concat([self.data, rows]).sort_index(kind="stable")
        return Track(self.track_id, data, self.meta)

    def between(self, start: Any, end: Any) -> Track:
        """The part of the track flown from ``start`` to ``end`` (UTC), with interpolated ends."""
        t0, t1 = (pd.Timestamp(x) for x in (start, end))
        t0 = t0.tz_localize("UTC") if t0.tzinfo is None else t0.tz_convert("UTC")
        t1 = t1.tz_localize("UTC") if t1.tzinfo is None else t1.tz_convert("UTC")
        t0, t1 = max(t0, self.start), min(t1, self.end)
        if t1 <= t0:
            raise ValueError(f"track {self.track_id}: no time between {start} and {end}")
        own = self.data.index.asi8
        inner = self.data[(self.data.index > t0) & (self.data.index < t1)]
        ends = []
        for t in (t0.value, t1.value):
            seg = int(np.clip(np.searchsorted(own, t, side="right") - 1, 0, len(own) - 2))
            frac = (t - own[seg]) / (own[seg + 1] - own[seg])
            if frac == 0:
                ends.append(self.data.iloc[[seg]])
            elif frac == 1:
                ends.append(self.data.iloc[[seg + 1]])
            else:
                ends.append(self._insert(np.array([seg]), np.array([frac], dtype=float)))
        data = pd.concat([ends[0], inner, ends[1]])
        return Track(self.track_id, data, self.meta)

    def to_geometry(self, max_step_m: float = 10_000.0) -> shapely.LineString | shapely.MultiLineString:
        """The path in lon/lat for drawing: densified along geodesics, split at the antimeridian."""
        dense = self.densify(max_step_m)
        parts = geodesy.split_at_antimeridian(dense.lon, dense.lat)
        lines = [shapely.LineString(np.column_stack(p)) for p in parts]
        return lines[0] if len(lines) == 1 else shapely.MultiLineString(lines)
