"""Geodesic distance (metres) from points to a zone boundary whose edges are straight in lon/lat.

Two levels:

* :meth:`BoundaryDistance.approx` — an STRtree of the boundary densified to <= 2 km pieces and
  projected to a spherical azimuthal equidistant projection centred on the zone; error about
  0.5 % (sphere vs ellipsoid) plus (d/R)²/6 of the distance from the centre (< 1.5 % within
  1,500 km), used to prefilter only. :meth:`BoundaryDistance.approx_among` gives the same values
  for points near a few centres from the pieces that can be nearest to them (no tree search).
* :meth:`BoundaryDistance.exact` / :meth:`exact_many` — for a few points: candidate pieces
  from the tree, pruned with great-circle distances on the point's local sphere (within
  0.5 % of WGS84), sampled in lon/lat and measured with ``Geod.inv`` (WGS84) at ~10 m then
  ~1 m spacing around the best sample; accurate to about a metre.
"""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray

from layers.engine.grid import zone_edges
from layers.geo import geodesy

#: Boundary pieces are at most this long (metres) before projection.
PIECE_M = 2_000.0
#: Relative error budget of :meth:`BoundaryDistance.approx`, plus an absolute margin (m).
APPROX_REL = 0.02
APPROX_ABS_M = 200.0
#: Bound on the relative difference between local-sphere and WGS84 distances (measured 0.33 %).
SPHERE_REL = 0.005
_A, _F = 6_378_137.0, 1 / 298.257223563
_E2 = _F * (2 - _F)


def _great_circle(lon1, lat1, lon2, lat2):
    """Haversine distance (m) on the sphere of the Gaussian radius at (lon1, lat1)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    w = 1 - _E2 * np.sin(p1) ** 2
    radius = _A * np.sqrt(1 - _E2) / w  # sqrt(M N)
    return 2 * radius * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


class BoundaryDistance:
    """Distance to the boundary of one (Multi)Polygon zone (or to given lon/lat edges)."""

    def __init__(self, geom: shapely.Geometry | None = None, edges: NDArray[np.float64] | None = None) -> None:
        if edges is None:
            edges = zone_edges(geom)
        x0, y0, x1, y1 = edges.T
        km_x = np.abs(x1 - x0) * 111.32 * np.cos(np.radians((y0 + y1) / 2))
        km_y = np.abs(y1 - y0) * 110.6
        n = np.maximum(1, np.ceil(np.hypot(km_x, km_y) * 1000.0 / PIECE_M)).astype(np.int64)
        e = np.repeat(np.arange(len(edges)), n)
        k = np.arange(len(e)) - np.repeat(np.cumsum(n) - n, n)
        a, b = k / n[e], (k + 1) / n[e]
        self.lon0 = x0[e] + (x1 - x0)[e] * a
        self.lat0 = y0[e] + (y1 - y0)[e] * a
        self.lon1 = x0[e] + (x1 - x0)[e] * b
        self.lat1 = y0[e] + (y1 - y0)[e] * b
        ref = np.radians(np.concatenate([x0, x1]))
        self.lon_c = float(np.degrees(np.arctan2(np.sin(ref).mean(), np.cos(ref).mean())))
        self.lat_c = float(np.mean(np.concatenate([y0, y1])))
        px0, py0 = self._aeqd(self.lon0, self.lat0)
        px1, py1 = self._aeqd(self.lon1, self.lat1)
        self.px0, self.py0, self.px1, self.py1 = px0, py0, px1, py1
        self.piece_len = geodesy.distance_m(self.lon0, self.lat0, self.lon1, self.lat1)
        coords = np.stack([np.column_stack([px0, py0]), np.column_stack([px1, py1])], axis=1)
        self.pieces = shapely.linestrings(coords)
        self.tree = shapely.STRtree(self.pieces)

    def _aeqd(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Spherical azimuthal equidistant x, y (m) about the zone centre (prefilter only)."""
        lam = np.radians(np.asarray(lon, float) - self.lon_c)
        phi = np.radians(np.asarray(lat, float))
        phi0 = np.radians(self.lat_c)
        cos_c = np.clip(np.sin(phi0) * np.sin(phi) + np.cos(phi0) * np.cos(phi) * np.cos(lam), -1.0, 1.0)
        c = np.arccos(cos_c)
        k = np.where(c > 1e-12, c / np.maximum(np.sin(c), 1e-300), 1.0) * geodesy.EARTH_RADIUS_M
        x = k * np.cos(phi) * np.sin(lam)
        y = k * (np.cos(phi0) * np.sin(phi) - np.sin(phi0) * np.cos(phi) * np.cos(lam))
        return x, y

    def _project(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.object_]:
        return shapely.points(*self._aeqd(lon, lat))

    def approx(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64], max_distance_m: float | None = None
    ) -> NDArray[np.float64]:
        """Approximate distance (m) per point; +inf beyond ``max_distance_m`` when given."""
        pts = self._project(lon, lat)
        out = np.full(len(pts), np.inf)
        if max_distance_m is None:
            idx, dist = self.tree.query_nearest(pts, return_distance=True, all_matches=False)
        else:
            idx, dist = self.tree.query_nearest(
                pts, max_distance=max_distance_m, return_distance=True, all_matches=False
            )
        out[idx[0]] = dist
        return out

    def plane_distance(
        self, lon0: NDArray[np.float64], lat0: NDArray[np.float64], lon1: NDArray[np.float64], lat1: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """Straight-line distance (m) between two points in :meth:`approx`'s plane."""
        x0, y0 = self._aeqd(lon0, lat0)
        x1, y1 = self._aeqd(lon1, lat1)
        return np.hypot(x1 - x0, y1 - y0)

    def local_candidates(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64], reach_m: NDArray[np.float64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """(centre, piece) pairs: for each centre point, every piece that can be the nearest
        (in :meth:`approx`'s plane) to some point within ``reach_m`` of it (a piece farther
        than the centre's own distance + 2 reach never is)."""
        pts = self._project(lon, lat)
        d0 = np.empty(len(pts))
        idx, dist = self.tree.query_nearest(pts, return_distance=True, all_matches=False)
        d0[idx[0]] = dist
        limit = d0 + 2 * np.asarray(reach_m, float)
        owner, piece = self.tree.query(pts, predicate="dwithin", distance=limit)
        keep = shapely.distance(pts[owner], self.pieces[piece]) <= limit[owner]
        owner, piece = owner[keep], piece[keep]
        order = np.argsort(owner, kind="stable")
        return owner[order], piece[order]

    def approx_among(
        self,
        lon: NDArray[np.float64],
        lat: NDArray[np.float64],
        group: NDArray[np.int64],
        candidates: tuple[NDArray[np.int64], NDArray[np.int64]],
    ) -> NDArray[np.float64]:
        """:meth:`approx` for points each within the reach of centre ``group[i]`` given to
        :meth:`local_candidates` (same values, without a tree search per point)."""
        owner, piece = candidates
        ngroups = int(group.max()) + 1 if len(group) else 0
        start = np.searchsorted(owner, np.arange(ngroups), side="left")
        count = np.searchsorted(owner, np.arange(ngroups), side="right") - start
        c = count[group]
        point = np.repeat(np.arange(len(group)), c)
        pos = np.arange(len(point)) - np.repeat(np.cumsum(c) - c, c) + np.repeat(start[group], c)
        x, y = self._aeqd(lon, lat)
        d = self._piece_distance(x[point], y[point], piece[pos])
        out = np.full(len(group), np.inf)
        np.minimum.at(out, point, d)
        return out

    def _piece_distance(
        self, x: NDArray[np.float64], y: NDArray[np.float64], piece: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """Planar distance (m) from (x, y) to projected piece ``piece`` (point to segment)."""
        x0, y0, x1, y1 = self.px0[piece], self.py0[piece], self.px1[piece], self.py1[piece]
        dx, dy = x1 - x0, y1 - y0
        den = dx * dx + dy * dy
        f = np.clip(((x - x0) * dx + (y - y0) * dy) / np.where(den > 0, den, 1.0), 0.0, 1.0)
        return np.hypot(x - (x0 + f * dx), y - (y0 + f * dy))

    def exact(self, lon: float, lat: float) -> tuple[float, float, float]:
        """(distance m, lon, lat of the nearest boundary point) on the WGS84 ellipsoid."""
        d, x, y = self.exact_many(np.array([lon], float), np.array([lat], float))
        return float(d[0]), float(x[0]), float(y[0])

    def exact_many(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """Vectorised :meth:`exact`: (distance m, nearest lon, nearest lat) per point.

        Candidate pieces lie within the approximate distance (+ error budget); each is sampled
        every ~100 m, then the best pieces are refined at ~10 m and ~1 m around the best sample.
        """
        lon = np.asarray(lon, float)
        lat = np.asarray(lat, float)
        n = len(lon)
        if n == 0:
            return np.empty(0), np.empty(0), np.empty(0)
        pts = self._project(lon, lat)
        _, d0 = self.tree.query_nearest(pts, return_distance=True, all_matches=False)
        radius = d0 * (1 + APPROX_REL) + APPROX_ABS_M
        owner, piece = self.tree.query(pts, predicate="dwithin", distance=radius)
        # Stage 0: great-circle distance (sphere of the point's Gaussian radius; within ~0.3 %
        # of the WGS84 geodesic) to both ends of every candidate piece; a piece can only hold
        # the minimum if its end distance minus half its length beats the best end.
        d_end = np.minimum(
            _great_circle(lon[owner], lat[owner], self.lon0[piece], self.lat0[piece]),
            _great_circle(lon[owner], lat[owner], self.lon1[piece], self.lat1[piece]),
        )
        half_len = 0.5 * self.piece_len[piece]
        best_end = np.full(n, np.inf)
        np.minimum.at(best_end, owner, d_end)
        keep = d_end - half_len <= best_end[owner] * (1 + SPHERE_REL) + 1.0
        owner, piece = owner[keep], piece[keep]
        # Stage 1: 21 great-circle samples per remaining piece; keep the pieces that may hold
        # the geodesic minimum.
        t = np.linspace(0.0, 1.0, int(PIECE_M / 100.0) + 1)
        d, slon, slat = self._sample_pairs(lon, lat, owner, piece, np.tile(t, (len(owner), 1)), sphere=True)
        per_pair = d.reshape(len(owner), len(t))
        pair_best = per_pair.min(axis=1)
        point_best = np.full(n, np.inf)
        np.minimum.at(point_best, owner, pair_best)
        keep = pair_best <= point_best[owner] * (1 + SPHERE_REL) + 100.0
        owner, piece = owner[keep], piece[keep]
        centre = t[np.argmin(per_pair[keep], axis=1)]
        length = geodesy.distance_m(self.lon0[piece], self.lat0[piece], self.lon1[piece], self.lat1[piece])
        best_d = np.full(n, np.inf)
        best_lon = np.full(n, np.nan)
        best_lat = np.full(n, np.nan)
        for half_m, count, margin in ((110.0, 11, 30.0), (22.0, 45, None)):
            half = half_m / np.maximum(length, 1e-9)
            grid = np.clip(centre[:, None] + np.linspace(-1.0, 1.0, count)[None, :] * half[:, None], 0.0, 1.0)
            d, slon, slat = self._sample_pairs(lon, lat, owner, piece, grid)
            d = d.reshape(grid.shape)
            k = np.argmin(d, axis=1)
            centre = grid[np.arange(len(k)), k]
            if margin is not None:
                # Drop pieces that cannot hold the minimum any more (spacing 22 m).
                pair_min = d[np.arange(len(k)), k]
                point_min = np.full(n, np.inf)
                np.minimum.at(point_min, owner, pair_min)
                keep = pair_min <= point_min[owner] + margin
                owner, piece, centre, length = owner[keep], piece[keep], centre[keep], length[keep]
        pair_d = d[np.arange(len(k)), k]
        pos = np.arange(len(k)) * grid.shape[1] + k
        order = np.lexsort((pair_d, owner))
        first = order[np.unique(owner[order], return_index=True)[1]]
        best_d[owner[first]] = pair_d[first]
        best_lon[owner[first]] = slon[pos[first]]
        best_lat[owner[first]] = slat[pos[first]]
        return best_d, best_lon, best_lat

    def _sample_pairs(
        self,
        lon: NDArray[np.float64],
        lat: NDArray[np.float64],
        owner: NDArray[np.int64],
        piece: NDArray[np.int64],
        t: NDArray[np.float64],
        sphere: bool = False,
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """Distances from point ``owner[i]`` to piece ``piece[i]`` at parameters ``t[i, :]``
        (WGS84 geodesic, or the local-sphere great circle when ``sphere``)."""
        m = t.shape[1]
        cc = np.repeat(piece, m)
        oo = np.repeat(owner, m)
        tt = t.ravel()
        slon = self.lon0[cc] + (self.lon1[cc] - self.lon0[cc]) * tt
        slat = self.lat0[cc] + (self.lat1[cc] - self.lat0[cc]) * tt
        if sphere:
            return _great_circle(lon[oo], lat[oo], slon, slat), slon, slat
        d = geodesy.distance_m(lon[oo], lat[oo], slon, slat)
        return d, slon, slat
