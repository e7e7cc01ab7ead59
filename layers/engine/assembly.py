"""Turn raw crossing events into the report tables: intervals, depth, approaches, uncertainty.

See :mod:`layers.engine.crossings` for the semantics of every column. Internal to the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from layers.engine.distance import APPROX_ABS_M, APPROX_REL, BoundaryDistance
from layers.engine.extremes import SAMPLE_STEP_M, PathSamples, band_crossings, extreme_distances, to_timestamp
from layers.geo import geodesy
from layers.tracks.naming import caveat_word, is_notional
from layers.tracks.track import Track
from layers.units import nm_to_m

#: Columns of :attr:`CrossingReport.events`, in order (the CLI contract starts with six).
EVENT_COLUMNS: tuple[str, ...] = (
    "track_id", "zone_id", "event", "time", "lat", "lon", "zone_name", "zone_kind", "zone_state",
    "certainty", "depth_m", "distance_m", "earliest_time", "latest_time", "approximate_boundary",
    "boundary", "notional", "caveat",
)
INTERVAL_COLUMNS: tuple[str, ...] = (
    "track_id", "zone_id", "start", "end", "duration_s", "max_depth_m", "max_depth_time",
    "max_depth_lat", "max_depth_lon", "starts_inside", "ends_inside", "certainty",
)
APPROACH_COLUMNS: tuple[str, ...] = (
    "track_id", "zone_id", "distance_m", "time", "lat", "lon", "within_uncertainty",
)

APPROXIMATE_BOUNDARY_M = 100.0


def _intervals(
    tracks: list[Track], raw: pd.DataFrame, start_inside: np.ndarray, end_inside: np.ndarray
) -> list[dict[str, Any]]:
    """Stretches inside per (track, zone), from the alternating events and start states."""
    rows = []
    groups = {key: g for key, g in raw.groupby(["track", "zone"], sort=True)} if len(raw) else {}
    pairs = set(groups) | {tuple(p) for p in np.argwhere(start_inside)}
    for k, z in sorted(pairs):
        track = tracks[k]
        g = groups.get((k, z))
        t = g["t"].to_numpy() if g is not None else np.empty(0)
        entry = g["entry"].to_numpy() if g is not None else np.empty(0, bool)
        inside = bool(start_inside[k, z])
        begin = track.seconds[0] if inside else None
        for time, is_entry in zip(t, entry, strict=True):
            if is_entry and not inside:
                begin, inside = time, True
            elif not is_entry and inside:
                rows.append({"track": k, "zone": z, "t0": begin, "t1": time})
                inside = False
        if inside:
            rows.append({"track": k, "zone": z, "t0": begin, "t1": track.seconds[-1]})
    for row in rows:
        row["starts_inside"] = (bool(start_inside[row["track"], row["zone"]])
                                and row["t0"] == tracks[row["track"]].seconds[0])
        row["ends_inside"] = (bool(end_inside[row["track"], row["zone"]])
                              and row["t1"] == tracks[row["track"]].seconds[-1])
    return rows


def _depths(tracks, samples: PathSamples, rows: list[dict[str, Any]], zone_geoms, distance_of) -> None:
    """Max depth (m) of every interval, with its time and position (in place)."""
    for z in sorted({r["zone"] for r in rows}):
        mine = [r for r in rows if r["zone"] == z]
        bd = distance_of(zone_geoms[z])
        win = np.array([samples.window(r["track"], r["t0"], r["t1"]) for r in mine], np.int64)
        ext = extreme_distances(samples, win[:, 0], win[:, 1], bd, "max")
        # Intervals between two samples: measure the middle of the stretch (geodesic between
        # the samples either side, at constant speed).
        empty = np.nonzero(win[:, 1] <= win[:, 0])[0]
        if len(empty):
            mids = np.array([(mine[i]["t0"] + mine[i]["t1"]) / 2 for i in empty])
            after = win[empty, 0]
            before = after - 1
            f = (mids - samples.t[before]) / (samples.t[after] - samples.t[before])
            mlon, mlat = geodesy.interpolate(samples.lon[before], samples.lat[before],
                                             samples.lon[after], samples.lat[after], f)
            d, _, _ = bd.exact_many(mlon, mlat)
            ext.distance_m[empty], ext.time_s[empty] = d, mids
            ext.lon[empty], ext.lat[empty] = mlon, mlat
        for i, r in enumerate(mine):
            r.update(depth=ext.distance_m[i], depth_t=ext.time_s[i],
                     depth_lon=ext.lon[i], depth_lat=ext.lat[i])


def _approaches(
    samples: PathSamples, ntracks: int, nzones: int, entered: set, zone_geoms, distance_of
) -> list[dict[str, Any]]:
    rows = []
    for z in range(nzones):
        ks = [k for k in range(ntracks) if (k, z) not in entered]
        if not ks:
            continue
        ks_arr = np.array(ks)
        ext = extreme_distances(samples, samples.offsets[ks_arr], samples.offsets[ks_arr + 1],
                                distance_of(zone_geoms[z]), "min")
        for i, k in enumerate(ks):
            rows.append({"track": k, "zone": z, "d": ext.distance_m[i], "t": ext.time_s[i],
                         "lon": ext.lon[i], "lat": ext.lat[i]})
    return rows


def _bands(tracks, samples: PathSamples, grids, r_m: float, intervals, zone_geoms, distance_of):
    """Uncertainty band crossings per (track, zone): returns {(k, z): dict of time arrays} and
    near-miss episodes [(k, z, t_start|None, t_end|None, min distance, lon, lat, t)]."""
    reach = r_m * (1 + APPROX_REL) + APPROX_ABS_M + 2 * SAMPLE_STEP_M
    pad = reach / 110_000.0
    cos = np.maximum(np.cos(np.radians(samples.lat)), 0.05)
    near_any = {}
    for c0, grid in grids:
        box = grid.box_cells(samples.lon - pad / cos, samples.lat - pad, samples.lon + pad / cos, samples.lat + pad)
        near_any[c0] = np.nonzero(grid.boxes_touch_boundary(*box))[0]
    by_pair: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for r in intervals:
        by_pair.setdefault((r["track"], r["zone"]), []).append((r["t0"], r["t1"]))
    bands, misses = {}, []
    for z, geom in enumerate(zone_geoms):
        c0 = max(c for c, _ in grids if c <= z)
        idx = near_any[c0]
        sd = np.full(len(samples.lon), np.inf)
        if len(idx):
            sd[idx] = distance_of(geom).approx(samples.lon[idx], samples.lat[idx], max_distance_m=reach)
        for (k, zz), spans in by_pair.items():
            if zz != z:
                continue
            for t0, t1 in spans:
                i0, i1 = samples.window(k, t0, t1)
                sd[i0:i1] = -sd[i0:i1]
        for k, track in enumerate(tracks):
            a, b = int(samples.offsets[k]), int(samples.offsets[k + 1])
            s, t = sd[a:b], samples.t[a:b]
            spans = by_pair.get((k, z), [])
            if not spans and not np.isfinite(s).any():
                continue
            outer_t, outer_down = band_crossings(t, s, r_m)
            inner_t, inner_down = band_crossings(t, s, -r_m)
            bands[(k, z)] = {"outer_in": outer_t[outer_down], "outer_out": outer_t[~outer_down],
                             "inner_in": inner_t[inner_down], "inner_out": inner_t[~inner_down],
                             "start": t[0] if s[0] <= r_m else np.nan, "end": t[-1] if s[-1] <= r_m else np.nan}
            starts = np.sort(np.concatenate([[t[0]] if s[0] <= r_m else [], outer_t[outer_down]]))
            ends = np.sort(np.concatenate([outer_t[~outer_down], [t[-1]] if s[-1] <= r_m else []]))
            for e0, e1 in zip(starts, ends, strict=False):
                if any(t0 < e1 and t1 > e0 for t0, t1 in spans):
                    continue
                j = np.nonzero((t >= e0) & (t <= e1))[0]
                if len(j):
                    m = j[np.argmin(s[j])]
                    d, _, _ = distance_of(geom).exact_many(samples.lon[a + m : a + m + 1],
                                                           samples.lat[a + m : a + m + 1])
                    info = (float(d[0]), samples.lon[a + m], samples.lat[a + m], t[m])
                else:
                    mid = (e0 + e1) / 2
                    p = track.position_at([to_timestamp(mid)])
                    d, _, _ = distance_of(geom).exact_many(p["lon"].to_numpy(), p["lat"].to_numpy())
                    info = (float(d[0]), p["lon"].iloc[0], p["lat"].iloc[0], mid)
                misses.append((k, z, None if e0 == t[0] and s[0] <= r_m else e0,
                               None if e1 == t[-1] and s[-1] <= r_m else e1, *info))
    return bands, misses


def _bracket(times: np.ndarray, t: float, before: bool, limit: float | None) -> float:
    """Last time <= t (before) or first time >= t, not beyond ``limit``; NaN if none."""
    if before:
        c = times[(times <= t) & (times >= (limit if limit is not None else -np.inf))]
        return float(c.max()) if len(c) else np.nan
    c = times[(times >= t) & (times <= (limit if limit is not None else np.inf))]
    return float(c.min()) if len(c) else np.nan


def _near_segments(events: pd.DataFrame, by_zone: dict) -> np.ndarray:
    """True for events within APPROXIMATE_BOUNDARY_M of their zone's segments in ``by_zone``."""
    flags = np.zeros(len(events), bool)
    for zone_id, bd in by_zone.items():
        sel = np.nonzero(events["zone_id"].to_numpy() == zone_id)[0]
        if len(sel):
            lon, lat = events["lon"].to_numpy()[sel], events["lat"].to_numpy()[sel]
            d = bd.approx(lon, lat, max_distance_m=APPROXIMATE_BOUNDARY_M)
            flags[sel] = d <= APPROXIMATE_BOUNDARY_M
    return flags


def assemble(tracks: list[Track], table: pd.DataFrame, raw, states, context, r_nm: float, approx: dict,
             boundary_distance: Callable[[Any], BoundaryDistance]):
    """(events, intervals, approaches) DataFrames for :class:`layers.engine.crossings.CrossingReport`;
    ``boundary_distance`` gives a zone geometry's distance helper (the zone set's cache)."""
    if raw is None:
        return (pd.DataFrame(columns=list(EVENT_COLUMNS)), pd.DataFrame(columns=list(INTERVAL_COLUMNS)),
                pd.DataFrame(columns=list(APPROACH_COLUMNS)))
    samples, grids = context
    start_inside, end_inside = states
    geoms = list(table["geometry"])
    r_m = nm_to_m(r_nm)
    intervals = _intervals(tracks, raw, start_inside, end_inside)
    _depths(tracks, samples, intervals, geoms, boundary_distance)
    entered = {(r["track"], r["zone"]) for r in intervals}
    approaches = _approaches(samples, len(tracks), len(geoms), entered, geoms, boundary_distance)
    bands, misses = ({}, []) if r_m == 0 else _bands(tracks, samples, grids, r_m, intervals, geoms, boundary_distance)
    for r in intervals:
        r["certain"] = r_m == 0 or r["depth"] > r_m

    # Events of crossings: attach the interval each one opens or closes.
    ev = raw.copy()
    ev["depth"], ev["certain"], ev["early"], ev["late"] = np.nan, True, ev["t"], ev["t"]
    spans: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for r in intervals:
        spans.setdefault((r["track"], r["zone"]), []).append(r)
    for i, e in ev.iterrows():
        key = (int(e["track"]), int(e["zone"]))
        match = [r for r in spans.get(key, []) if (r["t0"] == e["t"] if e["entry"] else r["t1"] == e["t"])]
        if match:
            ev.at[i, "depth"] = match[0]["depth"]
            ev.at[i, "certain"] = match[0]["certain"]
        if r_m > 0 and key in bands:
            b = bands[key]
            hit = match[0] if match else None
            if e["entry"]:
                early = _bracket(b["outer_in"], e["t"], True, None)
                early = b["start"] if np.isnan(early) else early
                late = _bracket(b["inner_in"], e["t"], False, hit["t1"] if hit else None)
            else:
                early = _bracket(b["inner_out"], e["t"], True, hit["t0"] if hit else None)
                late = _bracket(b["outer_out"], e["t"], False, None)
                late = b["end"] if np.isnan(late) else late
            ev.at[i, "early"], ev.at[i, "late"] = early, late
    name = np.where(ev["entry"], "entry", "exit")
    ev["event"] = np.where(ev["certain"].astype(bool), name, np.char.add("possible-", name.astype(str)))
    ev["distance"] = np.nan
    miss_rows = []
    for k, z, e0, e1, d, _mlon, _mlat, _mt in misses:
        for time, kind in ((e0, "possible-entry"), (e1, "possible-exit")):
            if time is None:
                continue
            p = tracks[k].position_at([to_timestamp(time)])
            miss_rows.append({"track": k, "zone": z, "t": time, "lon": p["lon"].iloc[0], "lat": p["lat"].iloc[0],
                              "entry": kind.endswith("entry"), "depth": np.nan, "certain": False,
                              "early": np.nan, "late": np.nan, "event": kind, "distance": d})
    if miss_rows:
        ev = pd.concat([ev, pd.DataFrame(miss_rows)], ignore_index=True)

    events = pd.DataFrame({
        "track_id": [tracks[k].track_id for k in ev["track"]],
        "zone_id": table["zone_id"].to_numpy()[ev["zone"].to_numpy(int)],
        "event": ev["event"].to_numpy(),
        "time": [to_timestamp(x) for x in ev["t"]],
        "lat": ev["lat"].to_numpy(float),
        "lon": ev["lon"].to_numpy(float),
    })
    for column in ("zone_name", "zone_kind", "zone_state"):
        events[column] = table[column].to_numpy()[ev["zone"].to_numpy(int)]
    events["certainty"] = np.where(ev["certain"].astype(bool), "certain", "possible")
    events["depth_m"] = ev["depth"].to_numpy(float)
    events["distance_m"] = ev["distance"].to_numpy(float)
    events["earliest_time"] = pd.Series([to_timestamp(x) for x in ev["early"]], dtype="datetime64[us, UTC]")
    events["latest_time"] = pd.Series([to_timestamp(x) for x in ev["late"]], dtype="datetime64[us, UTC]")
    flags = _near_segments(events, approx.get("approximate", {}))
    at_limit = _near_segments(events, approx.get("data-limit", {}))
    events["approximate_boundary"] = flags
    events["boundary"] = np.where(at_limit, "data-limit", np.where(flags, "approximate", "sourced"))
    crossing = events["event"].isin(["entry", "exit", "possible-entry", "possible-exit"])
    renamed = np.where(events["event"].str.endswith("entry"), "data-limit-entry", "data-limit-exit")
    events["event"] = np.where(at_limit & crossing, renamed, events["event"])
    events["notional"] = [is_notional(tracks[k]) for k in ev["track"]]
    events["caveat"] = [caveat_word(tracks[k]) for k in ev["track"]]  # SCHEMATIC / NOTIONAL / ""
    events["time"] = pd.Series(events["time"], dtype="datetime64[us, UTC]")
    events = events.sort_values(["track_id", "time", "zone_id"], kind="stable").reset_index(drop=True)

    ints = pd.DataFrame({
        "track_id": [tracks[r["track"]].track_id for r in intervals],
        "zone_id": [table["zone_id"].iloc[r["zone"]] for r in intervals],
        "start": pd.Series([to_timestamp(r["t0"]) for r in intervals], dtype="datetime64[us, UTC]"),
        "end": pd.Series([to_timestamp(r["t1"]) for r in intervals], dtype="datetime64[us, UTC]"),
        "duration_s": [r["t1"] - r["t0"] for r in intervals],
        "max_depth_m": [r["depth"] for r in intervals],
        "max_depth_time": pd.Series([to_timestamp(r["depth_t"]) for r in intervals], dtype="datetime64[us, UTC]"),
        "max_depth_lat": [r["depth_lat"] for r in intervals],
        "max_depth_lon": [r["depth_lon"] for r in intervals],
        "starts_inside": [r["starts_inside"] for r in intervals],
        "ends_inside": [r["ends_inside"] for r in intervals],
        "certainty": ["certain" if r["certain"] else "possible" for r in intervals],
    }, columns=list(INTERVAL_COLUMNS))
    ints = ints.sort_values(["track_id", "start", "zone_id"], kind="stable").reset_index(drop=True)
    apps = pd.DataFrame({
        "track_id": [tracks[r["track"]].track_id for r in approaches],
        "zone_id": [table["zone_id"].iloc[r["zone"]] for r in approaches],
        "distance_m": [r["d"] for r in approaches],
        "time": pd.Series([to_timestamp(r["t"]) for r in approaches], dtype="datetime64[us, UTC]"),
        "lat": [r["lat"] for r in approaches],
        "lon": [r["lon"] for r in approaches],
        "within_uncertainty": [bool(r_m > 0 and r["d"] <= r_m) for r in approaches],
    }, columns=list(APPROACH_COLUMNS))
    apps = apps.sort_values(["track_id", "zone_id"], kind="stable").reset_index(drop=True)
    return events, ints, apps
