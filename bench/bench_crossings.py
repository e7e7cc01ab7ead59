"""Benchmark of the crossing engine (run by hand: ``make bench`` or
``.venv/bin/python bench/bench_crossings.py [--sizes 1e4 1e5 1e6] [--seed 7]``).

Seeded synthetic tracks (10-s fixes, 200-260 m/s, random-walk headings, starting over the Sea
of Japan region) against the built-in territorial airspace + ADIZ zones. In the same run:

* ``pip``      a bare point-in-polygon pass: shapely.contains_xy of every fix in every zone
               (prepared geometries) — the floor we compare against;
* ``engine``   layers.engine.events.find_events + event times/positions (grid built
               beforehand and cached, as in the app); ``engine+build`` includes building it;
* ``report``   the whole find_crossings (intervals, depth, closest approaches) for reference;
* ``strtree``  the best vectorised shapely 2 method: STRtree of boundary edges queried with
               every leg as a LineString, parametric intersection, parity from the start state;
* ``naive``    a per-leg shapely loop (LineString.intersection(zone.boundary)) on a subset,
               scaled to all legs.

Events are compared (count, kinds, times) between engine and strtree on all legs and between
engine and naive on the subset. Peak memory: tracemalloc peak of the engine stage and the
process max RSS.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from layers.engine.crossings import ZoneSet, find_crossings
from layers.engine.events import find_events
from layers.engine.grid import ZoneGrid, zone_edges
from layers.geo import geodesy
from layers.tracks.track import Track
from layers.tracks.trackset import TrackSet
from layers.zones.load import load_airspace_zones

STEP_S = 10.0
FIXES_PER_TRACK = 1_000


def synthetic_fixes(n: int, seed: int) -> TrackSet:
    """``n`` fixes in tracks of 1,000 fixes (2.8 h) at 10-s spacing."""
    rng = np.random.default_rng(seed)
    ntracks = max(1, n // FIXES_PER_TRACK)
    per = n // ntracks
    lon = np.empty((ntracks, per))
    lat = np.empty((ntracks, per))
    lon[:, 0] = rng.uniform(127.0, 140.0, ntracks)
    lat[:, 0] = rng.uniform(33.0, 44.0, ntracks)
    heading = rng.uniform(0, 360, ntracks)
    speed = rng.uniform(200, 260, ntracks)
    for i in range(1, per):
        heading = heading + rng.normal(0, 3.0, ntracks)
        lon[:, i], lat[:, i] = geodesy.forward(lon[:, i - 1], lat[:, i - 1], heading, speed * STEP_S)
    t0 = 1_563_840_000.0 + rng.uniform(0, 3600, ntracks)
    t = t0[:, None] + np.arange(per)[None, :] * STEP_S
    offsets = np.arange(ntracks + 1, dtype=np.int64) * per
    return TrackSet.from_arrays(lon.ravel(), lat.ravel(), t.ravel(), offsets)


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = np.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


_GRIDS: dict[tuple[int, ...], ZoneGrid] = {}


def zone_grid(geoms: list) -> ZoneGrid:
    """The grid of ``geoms``, built once per run (as a ZoneSet keeps it)."""
    key = tuple(id(g) for g in geoms)
    if key not in _GRIDS:
        _GRIDS[key] = ZoneGrid.build(geoms)
    return _GRIDS[key]


def run_pip(fixes: TrackSet, geoms: list) -> np.ndarray:
    return np.stack([shapely.contains_xy(g, fixes.lon, fixes.lat) for g in geoms])


def run_engine(fixes: TrackSet, geoms: list) -> dict:
    grid = zone_grid(geoms)
    raw = find_events(fixes, grid)
    t = fixes.t[raw.seg] + raw.frac * (fixes.t[raw.seg + 1] - fixes.t[raw.seg])
    lon, lat = geodesy.interpolate(
        fixes.lon[raw.seg], fixes.lat[raw.seg], fixes.lon[raw.seg + 1], fixes.lat[raw.seg + 1], raw.frac
    )
    return {"track": raw.track, "zone": raw.zone, "t": t, "entry": raw.entry, "lon": lon, "lat": lat, "seg": raw.seg}


def legs(fixes: TrackSet) -> np.ndarray:
    valid = np.ones(len(fixes.lon) - 1, bool)
    valid[fixes.offsets[1:-1] - 1] = False
    return np.nonzero(valid)[0]


def _events_from_params(fixes, seg, zone, u, geoms) -> dict:
    """Parity events: sort crossings per (track, zone) by time, toggle from the start state."""
    track_of = fixes.track_of_fix
    t = fixes.t[seg] + u * (fixes.t[seg + 1] - fixes.t[seg])
    trk = track_of[seg]
    order = np.lexsort((t, zone, trk))
    trk, zone, t = trk[order], zone[order], t[order]
    first = fixes.offsets[:-1]
    start = np.stack([shapely.contains_xy(g, fixes.lon[first], fixes.lat[first]) for g in geoms])
    entry = np.empty(len(t), bool)
    key = trk * len(geoms) + zone
    new = np.ones(len(t), bool)
    new[1:] = key[1:] != key[:-1]
    rank = np.arange(len(t)) - np.maximum.accumulate(np.where(new, np.arange(len(t)), 0))
    entry = (~start[zone, trk]) ^ (rank % 2 == 1)
    return {"track": trk, "zone": zone, "t": t, "entry": entry}


def run_strtree(fixes: TrackSet, geoms: list, tree, edges, edge_zone) -> dict:
    seg = legs(fixes)
    coords = np.stack(
        [np.column_stack([fixes.lon[seg], fixes.lat[seg]]), np.column_stack([fixes.lon[seg + 1], fixes.lat[seg + 1]])],
        axis=1,
    )
    lines = shapely.linestrings(coords)
    li, ei = tree.query(lines, predicate="intersects")
    s = seg[li]
    px, py = fixes.lon[s], fixes.lat[s]
    dx, dy = fixes.lon[s + 1] - px, fixes.lat[s + 1] - py
    ex0, ey0, ex1, ey1 = edges[ei].T
    ex, ey = ex1 - ex0, ey1 - ey0
    den = dx * ey - dy * ex
    ok = den != 0
    u = ((ex0 - px) * ey - (ey0 - py) * ex) / np.where(ok, den, 1)
    return _events_from_params(fixes, s[ok], edge_zone[ei][ok], u[ok], geoms)


def run_naive(fixes: TrackSet, geoms: list, seg: np.ndarray) -> dict:
    boundaries = [g.boundary for g in geoms]
    for b in boundaries:
        shapely.prepare(b)
    out_s, out_z, out_u = [], [], []
    for s in seg:
        a = (fixes.lon[s], fixes.lat[s])
        b = (fixes.lon[s + 1], fixes.lat[s + 1])
        line = shapely.LineString([a, b])
        for z, boundary in enumerate(boundaries):
            if not boundary.intersects(line):
                continue
            for pt in shapely.get_parts(line.intersection(boundary)):
                if pt.geom_type == "Point":
                    out_s.append(s)
                    out_z.append(z)
                    out_u.append(line.project(pt, normalized=True))
    return _events_from_params(
        fixes, np.array(out_s, np.int64), np.array(out_z, np.int64), np.array(out_u), geoms
    )


def compare(a: dict, b: dict, label: str, mask_a=None, mask_b=None) -> str:
    """Match events by (track, zone, kind) and nearest time."""
    def keyed(e, mask):
        m = np.ones(len(e["t"]), bool) if mask is None else mask
        return sorted(zip(e["track"][m], e["zone"][m], e["entry"][m], np.round(e["t"][m], 3)))

    ka, kb = keyed(a, mask_a), keyed(b, mask_b)
    if len(ka) != len(kb):
        return f"{label}: {len(ka)} vs {len(kb)} events DIFFER"
    same = all(x[:3] == y[:3] for x, y in zip(ka, kb, strict=True))
    dt = max((abs(x[3] - y[3]) for x, y in zip(ka, kb, strict=True)), default=0.0)
    return f"{label}: {len(ka)} events, kinds {'agree' if same else 'DIFFER'}, max |dt| {dt:.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e4, 1e5, 1e6])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--naive-legs", type=int, default=20_000)
    args = parser.parse_args()
    zones = load_airspace_zones()
    zone_set = ZoneSet(zones)  # no boundaries: events only, as before
    _ = zone_set.grids  # the grid built once, outside the timed report
    geoms = list(zones.geometry)
    for g in geoms:
        shapely.prepare(g)
    nverts = sum(shapely.get_num_coordinates(g) for g in geoms)
    print(f"zones: {len(geoms)} ({', '.join(zones['id'])}), {nverts} vertices")
    t = time.perf_counter()
    zone_grid(geoms)
    build_s = time.perf_counter() - t
    print(f"grid build (once, cached): {build_s:.2f} s")
    edge_list = [zone_edges(g) for g in geoms]
    edges = np.concatenate(edge_list)
    edge_zone = np.concatenate([np.full(len(e), z) for z, e in enumerate(edge_list)])
    t = time.perf_counter()
    tree = shapely.STRtree(shapely.linestrings(edges.reshape(-1, 2, 2)))
    tree_s = time.perf_counter() - t
    print(f"STRtree of {len(edges)} edges build: {tree_s:.2f} s")
    header = (f"{'fixes':>9} {'pip s':>7} {'engine s':>9} {'ratio':>6} {'eng+build':>9} {'report s':>9} "
              f"{'strtree s':>9} {'naive s*':>9} {'peak MB':>8}")
    print(header)
    lines = []
    for size in args.sizes:
        n = int(size)
        fixes = synthetic_fixes(n, args.seed)
        repeat = 3 if n <= 200_000 else 2
        pip_s, _ = best_of(lambda fixes=fixes: run_pip(fixes, geoms), repeat)
        eng_s, eng = best_of(lambda fixes=fixes: run_engine(fixes, geoms), repeat)
        str_s, strt = best_of(lambda fixes=fixes: run_strtree(fixes, geoms, tree, edges, edge_zone), 1)
        seg = legs(fixes)
        sub = seg[: args.naive_legs]
        t = time.perf_counter()
        naive = run_naive(fixes, geoms, sub)
        naive_s = (time.perf_counter() - t) * len(seg) / max(1, len(sub))
        tracks = [
            Track.from_arrays(
                f"s{k}",
                (fixes.t[a:b] * 1e9).astype("int64").astype("datetime64[ns]"),
                fixes.lat[a:b],
                fixes.lon[a:b],
            )
            for k, (a, b) in enumerate(zip(fixes.offsets[:-1], fixes.offsets[1:], strict=True))
        ]
        t = time.perf_counter()
        find_crossings(tracks, zone_set)
        report_s = time.perf_counter() - t
        tracemalloc.start()
        run_engine(fixes, geoms)
        peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(
            f"{n:>9} {pip_s:>7.3f} {eng_s:>9.3f} {eng_s / pip_s:>6.2f} {eng_s + build_s:>9.2f} "
            f"{report_s:>9.2f} {str_s:>9.3f} {naive_s:>9.1f} {peak_mb:>8.1f}"
        )
        mask_e = eng["seg"] <= (sub[-1] if len(sub) else -1)
        lines.append(f"  {n}: " + compare(eng, strt, "engine vs strtree"))
        lines.append(f"  {n}: " + compare(eng, naive, f"engine vs naive (first {len(sub)} legs)", mask_a=mask_e))
    print("* naive timed on a subset of legs and scaled to all legs")
    print("\n".join(lines))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS: {rss:.0f} MB (includes all methods and the track objects)")


if __name__ == "__main__":
    main()
