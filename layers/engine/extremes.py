"""Depth inside, closest approach and uncertainty-band times along one track against one zone.

All distances are geodesic metres to the zone boundary (:mod:`layers.engine.distance`).
Extremes along a path use the fact that the distance to a set changes by at most the path
length between two points (1-Lipschitz): a few evenly spaced samples bound each stretch,
stretches that could still beat the best value are halved until none is left (approximate
distances; far or flat stretches cost a handful of queries), and the best few candidates are
measured exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from layers.engine.distance import APPROX_ABS_M, APPROX_REL, BoundaryDistance
from layers.geo import geodesy
from layers.geo.lonwrap import wrap_lon
from layers.tracks.track import Track
from layers.tracks.trackset import TrackSet

#: Legs longer than this (m) are sampled along their geodesic for depth / approach.
SAMPLE_STEP_M = 3_000.0
COARSE_SAMPLES = 8
EXACT_CANDIDATES = 2
#: Items measured together (bounds the temporary arrays of the exact stage).
CHUNK_ITEMS = 250


@dataclass
class PathSamples:
    """Points along all tracks (fixes plus geodesic points on legs longer than
    :data:`SAMPLE_STEP_M`), concatenated: lon, lat, t (s), s (path metres, per track with a
    1 % margin so Lipschitz bounds stay safe); ``offsets[k]:offsets[k+1]`` is track k."""

    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    t: NDArray[np.float64]
    s: NDArray[np.float64]
    offsets: NDArray[np.int64]

    @classmethod
    def from_tracks(cls, tracks: list[Track]) -> PathSamples:
        dense = []
        for track in tracks:
            if (_approx_steps(track.lon, track.lat) > SAMPLE_STEP_M).any():
                track = track.densify(SAMPLE_STEP_M)
            dense.append(track)
        fixes = TrackSet.from_tracks(dense)
        step = np.concatenate([[0.0], _approx_steps(fixes.lon, fixes.lat) * 1.01 + 1.0])
        step[fixes.offsets[:-1]] = 0.0
        return cls(fixes.lon, fixes.lat, fixes.t, np.cumsum(step), fixes.offsets)

    def window(self, track: int, t0: float, t1: float) -> tuple[int, int]:
        """Sample index range [i0, i1) of ``track`` with t0 <= t <= t1."""
        a, b = int(self.offsets[track]), int(self.offsets[track + 1])
        i0 = a + int(np.searchsorted(self.t[a:b], t0, side="left"))
        i1 = a + int(np.searchsorted(self.t[a:b], t1, side="right"))
        return i0, max(i0, i1)


def _approx_steps(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.float64]:
    """Leg lengths (m) in a local equirectangular approximation (good to ~0.5 % for < 20 km)."""
    dlat = np.diff(lat)
    dlon = wrap_lon(np.diff(lon))
    return 111_320.0 * np.hypot(dlat, dlon * np.cos(np.radians(lat[:-1])))


@dataclass
class Extremes:
    """Per item: distance (m), time (s), lon, lat of the extreme sample (NaN if no samples)."""

    distance_m: NDArray[np.float64]
    time_s: NDArray[np.float64]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]


def _ragged(start: NDArray[np.int64], count: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(owner, value) for value in start[i] .. start[i]+count[i]-1, for every i."""
    owner = np.repeat(np.arange(len(count)), count)
    value = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count) + start[owner]
    return owner, value


def extreme_distances(
    samples: PathSamples, i0: NDArray[np.int64], i1: NDArray[np.int64], bd: BoundaryDistance, mode: str
) -> Extremes:
    """Largest (``mode="max"``) or smallest (``"min"``) boundary distance over the sample
    ranges [i0, i1) of many items (one zone), :data:`CHUNK_ITEMS` at a time to bound memory."""
    parts = [
        _extreme_chunk(samples, i0[c : c + CHUNK_ITEMS], i1[c : c + CHUNK_ITEMS], bd, mode)
        for c in range(0, len(i0), CHUNK_ITEMS)
    ]
    if not parts:
        return Extremes(*(np.empty(0) for _ in range(4)))
    return Extremes(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("distance_m", "time_s", "lon", "lat")))


def _extreme_chunk(
    samples: PathSamples, i0: NDArray[np.int64], i1: NDArray[np.int64], bd: BoundaryDistance, mode: str
) -> Extremes:
    """:func:`extreme_distances` for one chunk of items.

    Branch and bound on the 1-Lipschitz distance: a few evenly spaced samples per item, then
    every stretch between two evaluated samples whose bound (mean of the ends plus half the
    path length between them) could still beat the item's best is halved, until no stretch
    is left; far or flat stretches are dropped after a handful of approximate distances."""
    sign = 1.0 if mode == "max" else -1.0
    n = len(i0)
    length = i1 - i0
    out = Extremes(*(np.full(n, np.nan) for _ in range(4)))
    items = np.nonzero(length > 0)[0]
    if not len(items):
        return out
    first_idx = i0[items].astype(np.int64)
    span = length[items].astype(np.int64) - 1
    parts = np.minimum(COARSE_SAMPLES, span)
    owner, k = _ragged(np.zeros(len(items), np.int64), parts + 1)
    coarse = first_idx[owner] + (k * span[owner]) // np.maximum(parts[owner], 1)
    v = sign * bd.approx(samples.lon[coarse], samples.lat[coarse])
    item_best = np.full(len(items), -np.inf)
    np.maximum.at(item_best, owner, v)
    found_owner, found_idx, found_v = [owner], [coarse], [v]
    same = owner[:-1] == owner[1:]
    keep = np.nonzero(same)[0]
    a_idx, b_idx, a_v, b_v, s_owner = coarse[keep], coarse[keep + 1], v[keep], v[keep + 1], owner[keep]
    while len(s_owner):
        tol = APPROX_REL * np.abs(item_best[s_owner]) + APPROX_ABS_M
        bound = (a_v + b_v + samples.s[b_idx] - samples.s[a_idx]) / 2
        live = (b_idx - a_idx > 1) & (bound >= item_best[s_owner] - 2 * tol)
        a_idx, b_idx, a_v, b_v, s_owner = a_idx[live], b_idx[live], a_v[live], b_v[live], s_owner[live]
        if not len(s_owner):
            break
        mid = (a_idx + b_idx) // 2
        m_v = sign * bd.approx(samples.lon[mid], samples.lat[mid])
        np.maximum.at(item_best, s_owner, m_v)
        found_owner.append(s_owner)
        found_idx.append(mid)
        found_v.append(m_v)
        a_idx, b_idx = np.concatenate([a_idx, mid]), np.concatenate([mid, b_idx])
        a_v, b_v = np.concatenate([a_v, m_v]), np.concatenate([m_v, b_v])
        s_owner = np.concatenate([s_owner, s_owner])
    all_owner = np.concatenate(found_owner)
    all_idx = np.concatenate(found_idx)
    all_v = np.concatenate(found_v)
    tol = APPROX_REL * np.abs(item_best) + APPROX_ABS_M
    good = all_v >= item_best[all_owner] - 2 * tol[all_owner]
    order = np.lexsort((-all_v[good], all_owner[good]))
    g_owner, g_idx = all_owner[good][order], all_idx[good][order]
    rank = np.arange(len(g_owner)) - np.searchsorted(g_owner, g_owner, side="left")
    pick = rank < EXACT_CANDIDATES
    g_owner, g_idx = g_owner[pick], g_idx[pick]
    d, _, _ = bd.exact_many(samples.lon[g_idx], samples.lat[g_idx])
    order = np.lexsort((-sign * d, g_owner))
    firsts = order[np.unique(g_owner[order], return_index=True)[1]]
    it = items[g_owner[firsts]]
    best_idx = g_idx[firsts]
    d_best, t_best, lon_best, lat_best = _refine(
        samples, best_idx, i0[it], i1[it], d[firsts], bd, sign
    )
    out.distance_m[it] = d_best
    out.time_s[it] = t_best
    out.lon[it] = lon_best
    out.lat[it] = lat_best
    return out


def _refine(
    samples: PathSamples,
    m: NDArray[np.int64],
    i0: NDArray[np.int64],
    i1: NDArray[np.int64],
    d_m: NDArray[np.float64],
    bd: BoundaryDistance,
    sign: float,
) -> tuple[NDArray[np.float64], ...]:
    """Search the extreme on the legs either side of sample ``m`` (within the item's range)
    on the smooth approximate distance, then one exact distance at the result;
    keeps the sample itself when it is better."""
    lo = np.maximum(m - 1, i0)
    hi = np.minimum(m + 1, i1 - 1)
    # Parameter x in [-1, 1]: -1 = sample lo, 0 = sample m, 1 = sample hi.
    a, b = np.where(lo < m, -1.0, 0.0), np.where(hi > m, 1.0, 0.0)

    def at(x: NDArray[np.float64], reps: int = 1) -> tuple[NDArray[np.float64], ...]:
        left = x < 0
        p = np.where(left, np.repeat(lo, reps), np.repeat(m, reps))
        q = np.where(left, np.repeat(m, reps), np.repeat(hi, reps))
        f = np.where(left, x + 1.0, x)
        lon, lat = geodesy.interpolate(samples.lon[p], samples.lat[p], samples.lon[q], samples.lat[q], f)
        t = samples.t[p] + f * (samples.t[q] - samples.t[p])
        return lon, lat, t

    # Four rounds of 17 approximate distances, each narrowing to +-1 step around the best
    # (final spacing ~1/4000 of a leg: < 1 m on 3-km sample legs).
    # Every point searched lies on the legs either side of m: the pieces that can be nearest
    # to any of them are found once per item (reach: the longer leg in approx's plane, + 10 %
    # + 100 m for the bend of a <= 3 km geodesic there).
    leg = np.maximum(
        bd.plane_distance(samples.lon[lo], samples.lat[lo], samples.lon[m], samples.lat[m]),
        bd.plane_distance(samples.lon[hi], samples.lat[hi], samples.lon[m], samples.lat[m]),
    )
    candidates = bd.local_candidates(samples.lon[m], samples.lat[m], 1.1 * leg + 100.0)
    centre = np.zeros(len(m))
    half = np.ones(len(m))
    ticks = np.linspace(-1.0, 1.0, 17)
    group = np.repeat(np.arange(len(m)), len(ticks))
    for _ in range(4):
        x = np.clip(centre[:, None] + half[:, None] * ticks[None, :], a[:, None], b[:, None])
        lon_x, lat_x, _ = at(x.ravel(), len(ticks))
        v = sign * bd.approx_among(lon_x, lat_x, group, candidates).reshape(x.shape)
        centre = x[np.arange(len(m)), np.argmax(v, axis=1)]
        half = half / 8.0
    x = centre
    lon, lat, t = at(x)
    d = bd.exact_many(lon, lat)[0]
    keep = sign * d_m >= sign * d
    return (
        np.where(keep, d_m, d),
        np.where(keep, samples.t[m], t),
        np.where(keep, samples.lon[m], lon),
        np.where(keep, samples.lat[m], lat),
    )


def band_crossings(
    t: NDArray[np.float64], sd: NDArray[np.float64], level: float
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Times where the signed distance ``sd`` (m, negative inside) crosses ``level``, linearly
    interpolated between samples; the flag is True when crossing downwards (towards inside)."""
    above = sd > level
    k = np.nonzero(above[:-1] != above[1:])[0]
    a, b = sd[k], sd[k + 1]
    finite = np.isfinite(a) & np.isfinite(b)
    frac = np.where(finite, (a - level) / np.where(finite, a - b, 1.0), 0.5)
    times = t[k] + np.clip(frac, 0, 1) * (t[k + 1] - t[k])
    return times, above[k]


def to_timestamp(seconds: float) -> pd.Timestamp:
    """Float seconds since the epoch -> UTC timestamp (ms precision kept)."""
    if not np.isfinite(seconds):
        return pd.NaT
    return pd.Timestamp(int(round(seconds * 1e6)), unit="us", tz="UTC")
