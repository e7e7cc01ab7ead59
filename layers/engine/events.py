"""Exact boundary-crossing events of many tracks against one :class:`~layers.engine.grid.ZoneGrid`.

Path model: constant speed along the WGS84 geodesic between fixes. Each leg becomes one or more
*pieces* (straight lon/lat chords): a leg longer than the step at which a chord stays within
1 m of the geodesic (:func:`layers.geo.geodesy.max_chord_step_m`, ~8 km at 38°N), or one that
crosses the antimeridian, is cut into geodesic sub-legs first and split at ±180°. A piece whose
bounding box touches no boundary cell keeps the inside/outside state of its start cell. Every
other piece is intersected exactly with the candidate edges of the cells under its box; the
distinct intersection parameters cut it into open intervals whose state is an exact
point-in-polygon test at their midpoints; a change of state between intervals (or between the
last interval of a piece and the first of the next) is an event. So touching a boundary (or a
vertex) without crossing produces no event, and zones are open sets: a fix exactly on a
boundary takes the state of the motion next to it.
Event time = leg start + fraction of the leg's geodesic length × leg duration; the position is
the geodesic point at that fraction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

from layers.engine.grid import ZoneGrid
from layers.geo import geodesy
from layers.geo.lonwrap import wrap_lon
from layers.tracks.trackset import TrackSet

#: Tolerance on intersection parameters (fraction of a piece / an edge).
PARAM_EPS = 1e-9
#: Box padding in degrees for the geodesic bulge of a piece (< 1 m by construction) + margin.
BULGE_PAD_DEG = 5e-5


@dataclass
class Pieces:
    """Straight lon/lat chords approximating the geodesic legs, in path order."""

    lon0: NDArray[np.float64]
    lat0: NDArray[np.float64]
    lon1: NDArray[np.float64]
    lat1: NDArray[np.float64]
    seg: NDArray[np.int64]  # global index of the leg's first fix
    f0: NDArray[np.float64]  # fraction of the leg's geodesic length at the piece start
    f1: NDArray[np.float64]


@dataclass
class RawEvents:
    """Crossings: per event the track number, zone number (in the grid), leg and fraction."""

    track: NDArray[np.int64]
    zone: NDArray[np.int64]
    seg: NDArray[np.int64]
    frac: NDArray[np.float64]
    entry: NDArray[np.bool_]
    start_inside: NDArray[np.uint64]  # per track: zones the track starts inside (bit mask)
    end_inside: NDArray[np.uint64]


def make_pieces(fixes: TrackSet) -> Pieces:
    """Cut legs into chords within ~1 m of their geodesic; split at the antimeridian."""
    lon, lat = fixes.lon, fixes.lat
    valid = np.ones(len(lon) - 1, bool)
    valid[fixes.offsets[1:-1] - 1] = False  # no leg between the last fix of a track and the next
    seg = np.nonzero(valid)[0]
    dlat = lat[seg + 1] - lat[seg]
    dlon = lon[seg + 1] - lon[seg]
    wraps = np.abs(dlon) > 180.0
    max_lat = float(np.abs(lat).max()) if len(lat) else 0.0
    step = float(geodesy.max_chord_step_m(max_lat))
    approx_len = 111_320.0 * np.hypot(dlat, dlon * np.cos(np.radians(lat[seg])))
    long_ = wraps | (approx_len > 0.8 * step)
    if not long_.any():
        one = np.ones(len(seg))
        return Pieces(lon[seg], lat[seg], lon[seg + 1], lat[seg + 1], seg, one * 0.0, one)
    parts = []
    short = seg[~long_]
    parts.append((lon[short], lat[short], lon[short + 1], lat[short + 1], short,
                  np.zeros(len(short)), np.ones(len(short))))
    for s in seg[long_]:
        a = (lon[s], lat[s], lon[s + 1], lat[s + 1])
        local_step = float(geodesy.max_chord_step_m(max(abs(a[1]), abs(a[3]))))
        plon, plat, frac = geodesy.densify_leg(*a, max_step_m=local_step)
        ulon = np.concatenate([[plon[0]], plon[0] + np.cumsum(wrap_lon(np.diff(plon)))])
        xs0, ys0, xs1, ys1 = ulon[:-1], plat[:-1], ulon[1:], plat[1:]
        gs0, gs1 = frac[:-1], frac[1:]
        # A leg spans < 180° of longitude, so it crosses ±180 at most once: split that chord
        # on the meridian and shift the far side back into [-180, 180].
        for side in (180.0, -180.0):
            beyond1 = xs1 > side if side > 0 else xs1 < side
            beyond0 = xs0 > side if side > 0 else xs0 < side
            c = np.nonzero(beyond1 & ~beyond0)[0]
            if len(c):
                i = int(c[0])
                u = (side - xs0[i]) / (xs1[i] - xs0[i])
                ym, gm = ys0[i] + u * (ys1[i] - ys0[i]), gs0[i] + u * (gs1[i] - gs0[i])
                xs0 = np.insert(xs0, i + 1, side)
                ys0 = np.insert(ys0, i + 1, ym)
                gs0 = np.insert(gs0, i + 1, gm)
                xs1 = np.insert(xs1, i, side)
                ys1 = np.insert(ys1, i, ym)
                gs1 = np.insert(gs1, i, gm)
                far = np.arange(len(xs0)) > i
                xs0 = np.where(far, xs0 - 2 * side, xs0)
                xs1 = np.where(far, xs1 - 2 * side, xs1)
        parts.append((xs0, ys0, xs1, ys1, np.full(len(xs0), s), gs0, gs1))
    cols = [np.concatenate([p[i] for p in parts]) for i in range(7)]
    order = np.lexsort((cols[5], cols[4]))
    return Pieces(*(c[order] for c in cols))


def _states(grid: ZoneGrid, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.uint64]:
    """Exact inside mask of points (zones as open sets)."""
    cls = grid.classes_of(lon, lat)
    inside = grid.class_inside[cls].copy()
    near = grid.class_boundary[cls]
    for z, geom in enumerate(grid.geoms):
        bit = np.uint64(1) << np.uint64(z)
        sel = np.nonzero(near & bit)[0]
        if len(sel):
            hit = shapely.contains_xy(geom, lon[sel], lat[sel])
            inside[sel[hit]] |= bit
    return inside


def _candidate_edges(grid: ZoneGrid, p: Pieces, cand: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(piece, edge) pairs for the candidate pieces: edges listed in the cells under each box."""
    xmin = np.minimum(p.lon0[cand], p.lon1[cand]) - BULGE_PAD_DEG
    xmax = np.maximum(p.lon0[cand], p.lon1[cand]) + BULGE_PAD_DEG
    ymin = np.minimum(p.lat0[cand], p.lat1[cand]) - BULGE_PAD_DEG
    ymax = np.maximum(p.lat0[cand], p.lat1[cand]) + BULGE_PAD_DEG
    ix0, iy0, ix1, iy1 = grid.box_cells(xmin, ymin, xmax, ymax)
    nxs, nys = ix1 - ix0 + 1, iy1 - iy0 + 1
    ncells = nxs * nys
    which = np.repeat(np.arange(len(cand)), ncells)
    k = np.arange(len(which)) - np.repeat(np.cumsum(ncells) - ncells, ncells)
    ky, kx = np.divmod(k, nxs[which])
    cell = (iy0[which] + ky) * grid.nx + ix0[which] + kx
    start = grid.cell_edge_ptr[cell]
    count = grid.cell_edge_ptr[cell + 1] - start
    owner = np.repeat(which, count)
    local = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count)
    edge = grid.cell_edges[np.repeat(start, count) + local].astype(np.int64)
    key = np.unique(owner * len(grid.edges) + edge)
    return key // len(grid.edges), key % len(grid.edges)


def _intersections(
    grid: ZoneGrid, p: Pieces, cand: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.int64]]:
    """(candidate number, zone, u, edge) for every touch or crossing of a piece with an edge."""
    w, e = _candidate_edges(grid, p, cand)
    piece = cand[w]
    px, py = p.lon0[piece], p.lat0[piece]
    dx, dy = p.lon1[piece] - px, p.lat1[piece] - py
    ex0, ey0, ex1, ey1 = grid.edges[e].T
    ex, ey = ex1 - ex0, ey1 - ey0
    wx, wy = ex0 - px, ey0 - py
    denom = dx * ey - dy * ex
    scale = np.hypot(dx, dy) * np.hypot(ex, ey)
    parallel = np.abs(denom) <= 1e-12 * scale
    safe = np.where(parallel, 1.0, denom)
    u = (wx * ey - wy * ex) / safe
    v = (wx * dy - wy * dx) / safe
    hit = ~parallel & (u >= -PARAM_EPS) & (u <= 1 + PARAM_EPS) & (v >= -PARAM_EPS) & (v <= 1 + PARAM_EPS)
    out_w, out_u, out_e = [w[hit]], [np.clip(u[hit], 0, 1)], [e[hit]]
    # Collinear overlaps: the overlap's end parameters on the piece.
    dd = dx * dx + dy * dy
    col = parallel & (np.abs(wx * dy - wy * dx) <= 1e-12 * np.maximum(scale, 1e-300) + 1e-18) & (dd > 0)
    if col.any():
        ua = (wx[col] * dx[col] + wy[col] * dy[col]) / dd[col]
        ub = ((ex1[col] - px[col]) * dx[col] + (ey1[col] - py[col]) * dy[col]) / dd[col]
        lo, hi = np.minimum(ua, ub), np.maximum(ua, ub)
        ok = (hi >= -PARAM_EPS) & (lo <= 1 + PARAM_EPS)
        for end in (lo, hi):
            out_w.append(w[col][ok])
            out_u.append(np.clip(end[ok], 0, 1))
            out_e.append(e[col][ok])
    ws = np.concatenate(out_w)
    zs = grid.edge_zone[np.concatenate(out_e)].astype(np.int64)
    return ws, zs, np.concatenate(out_u), np.concatenate(out_e)


def find_events(fixes: TrackSet, grid: ZoneGrid) -> RawEvents:
    """Every entry and exit of every track into every zone of ``grid``."""
    p = make_pieces(fixes)
    first = grid.class_inside[grid.classes_of(p.lon0, p.lat0)]
    xmin = np.minimum(p.lon0, p.lon1) - BULGE_PAD_DEG
    xmax = np.maximum(p.lon0, p.lon1) + BULGE_PAD_DEG
    ymin = np.minimum(p.lat0, p.lat1) - BULGE_PAD_DEG
    ymax = np.maximum(p.lat0, p.lat1) + BULGE_PAD_DEG
    cand = np.nonzero(grid.boxes_touch_boundary(*grid.box_cells(xmin, ymin, xmax, ymax)))[0]
    last = first.copy()
    ev_piece, ev_zone, ev_u, ev_entry, ev_edge = [], [], [], [], []
    if len(cand):
        start_state = _states(grid, p.lon0[cand], p.lat0[cand])
        first[cand] = start_state
        last[cand] = start_state
        w, z, u, edge = _intersections(grid, p, cand)
        interior = (u > PARAM_EPS) & (u < 1 - PARAM_EPS)
        group = w * 64 + z
        gkey, ginv = np.unique(group, return_inverse=True)
        # Separators: distinct interior parameters per (piece, zone) group.
        sep_key, first_hit = np.unique(
            np.column_stack([ginv[interior], np.round(u[interior] / 1e-10).astype(np.int64)]),
            axis=0,
            return_index=True,
        )
        sep_g, sep_u = sep_key[:, 0], sep_key[:, 1] * 1e-10
        sep_edge = edge[interior][first_hit]
        nsep = np.bincount(sep_g, minlength=len(gkey))
        # Interval bounds per group: 0, separators..., 1.
        nint = nsep + 1
        gi = np.repeat(np.arange(len(gkey)), nint)
        j = np.arange(len(gi)) - np.repeat(np.cumsum(nint) - nint, nint)
        sep_start = np.cumsum(nsep) - nsep
        padded = np.append(sep_u, 0.0)
        bounds_lo = np.where(j == 0, 0.0, padded[np.maximum(sep_start[gi] + j - 1, 0)])
        bounds_hi = np.where(j == nsep[gi], 1.0, padded[np.minimum(sep_start[gi] + j, len(sep_u))])
        mid = (bounds_lo + bounds_hi) / 2
        gw, gz = gkey // 64, gkey % 64
        piece = cand[gw[gi]]
        mx = p.lon0[piece] + mid * (p.lon1[piece] - p.lon0[piece])
        my = p.lat0[piece] + mid * (p.lat1[piece] - p.lat0[piece])
        state = np.zeros(len(gi), bool)
        for zone in np.unique(gz):
            sel = np.nonzero(gz[gi] == zone)[0]
            state[sel] = shapely.contains_xy(grid.geoms[zone], mx[sel], my[sel])
        bit = np.uint64(1) << gz.astype(np.uint64)
        first_state = state[np.cumsum(nint) - nint]
        last_state = state[np.cumsum(nint) - 1]
        gp = cand[gw]
        np.bitwise_and.at(first, gp, ~bit)
        np.bitwise_or.at(first, gp, np.where(first_state, bit, np.uint64(0)))
        np.bitwise_and.at(last, gp, ~bit)
        np.bitwise_or.at(last, gp, np.where(last_state, bit, np.uint64(0)))
        change = np.nonzero((j > 0) & (state != np.roll(state, 1)))[0]
        ev_piece.append(piece[change])
        ev_zone.append(gz[gi[change]])
        ev_u.append(bounds_lo[change])
        ev_edge.append(sep_edge[sep_start[gi[change]] + j[change] - 1])
        ev_entry.append(state[change])
    # Changes at piece junctions (a fix or a split point exactly on a boundary).
    track_of_seg = fixes.track_of_fix[p.seg]
    same = track_of_seg[:-1] == track_of_seg[1:]
    diff = np.where(same, last[:-1] ^ first[1:], np.uint64(0))
    jp = np.nonzero(diff)[0]
    for zone in range(len(grid.geoms)):
        bit = np.uint64(1) << np.uint64(zone)
        hits = jp[(diff[jp] & bit) != 0]
        ev_piece.append(hits)
        ev_zone.append(np.full(len(hits), zone))
        ev_u.append(np.ones(len(hits)))
        ev_edge.append(np.full(len(hits), -1))
        ev_entry.append((first[hits + 1] & bit) != 0)
    piece = np.concatenate(ev_piece).astype(np.int64)
    u = np.concatenate(ev_u)
    frac = p.f0[piece] + u * (p.f1[piece] - p.f0[piece])
    frac = _refine_on_geodesic(fixes, grid, p.seg[piece], frac, np.concatenate(ev_edge).astype(np.int64),
                               p.f1[piece] - p.f0[piece])
    track_first = np.searchsorted(track_of_seg, np.arange(len(fixes.offsets) - 1), side="left")
    track_last = np.searchsorted(track_of_seg, np.arange(len(fixes.offsets) - 1), side="right") - 1
    return RawEvents(
        track=track_of_seg[piece],
        zone=np.concatenate(ev_zone).astype(np.int64),
        seg=p.seg[piece],
        frac=frac,
        entry=np.concatenate(ev_entry).astype(bool),
        start_inside=first[track_first],
        end_inside=last[track_last],
    )


def _refine_on_geodesic(
    fixes: TrackSet,
    grid: ZoneGrid,
    seg: NDArray[np.int64],
    frac: NDArray[np.float64],
    edge: NDArray[np.int64],
    piece_span: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Move each crossing found on a chord onto the geodesic itself: Newton-secant steps on
    f -> side of the edge line of the geodesic point at leg fraction f. Moves are limited to
    the piece's span (the chord is within ~1 m of the geodesic)."""
    sel = np.nonzero(edge >= 0)[0]
    if not len(sel):
        return frac
    s, f = seg[sel], frac[sel].copy()
    ex0, ey0, ex1, ey1 = grid.edges[edge[sel]].T
    lon1, lat1, lon2, lat2 = fixes.lon[s], fixes.lat[s], fixes.lon[s + 1], fixes.lat[s + 1]
    _, _, length = geodesy.inverse(lon1, lat1, lon2, lat2)
    az, _, _ = geodesy.inverse(lon1, lat1, lon2, lat2)

    def side(x: NDArray[np.float64]) -> NDArray[np.float64]:
        lon, lat = geodesy.forward(lon1, lat1, az, length * x)
        dlon = wrap_lon(lon - ex0)
        return dlon * (ey1 - ey0) - (lat - ey0) * (ex1 - ex0)

    h = side(f)
    step = 0.2 / np.maximum(length, 1.0)  # ~20 cm in leg fraction
    for _ in range(3):
        h2 = side(f + step)
        slope = (h2 - h) / step
        ok = np.abs(slope) > 0
        f_new = np.where(ok, f - h / np.where(ok, slope, 1.0), f)
        f_new = np.clip(f_new, frac[sel] - piece_span[sel], frac[sel] + piece_span[sel])
        f_new = np.clip(f_new, 0.0, 1.0)
        h_new = side(f_new)
        better = np.abs(h_new) <= np.abs(h)
        f = np.where(better, f_new, f)
        h = np.where(better, h_new, h)
    out = frac.copy()
    out[sel] = f
    return out
