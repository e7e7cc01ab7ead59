"""Property tests of the crossing engine (hypothesis): symmetry, alternation, time inside,
invariance under splitting a leg on its own geodesic."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from crossing_oracle import time_inside_sampled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers.engine.crossings import find_crossings
from layers.geo import geodesy
from layers.tracks.track import Track

T0 = pd.Timestamp("2019-07-23T00:00:00Z")
HOLED = shapely.Polygon(
    [(130.0, 37.0), (132.0, 37.0), (132.0, 38.0), (130.0, 38.0)],
    [[(130.6, 37.3), (131.4, 37.3), (131.4, 37.7), (130.6, 37.7)]],
)
MULTI = shapely.MultiPolygon(
    [shapely.box(129.6, 36.6, 130.4, 36.9), shapely.Polygon([(131.2, 36.5), (132.4, 36.7), (131.6, 37.6)])]
)
CONCAVE = shapely.Polygon([(130.2, 37.9), (131.8, 37.9), (131.8, 38.4), (131.0, 38.1), (130.2, 38.4)])
ZONES = gpd.GeoDataFrame(
    {"id": ["holed", "multi", "concave"], "name": ["H", "M", "C"], "kind": "adiz", "state": "KR"},
    geometry=[HOLED, MULTI, CONCAVE],
    crs="EPSG:4326",
)
GEOMS = dict(zip(ZONES["id"], ZONES.geometry, strict=True))

VERTICES = sorted({tuple(c) for g in (HOLED, MULTI, CONCAVE) for c in shapely.get_coordinates(g).tolist()})
# Fixes anywhere, exactly on zone vertices, or on the meridians of zone edges (legs along edges,
# fixes on boundaries): the degenerate cases must obey the same properties.
point = st.one_of(
    st.tuples(st.floats(129.3, 132.7, allow_nan=False), st.floats(36.3, 38.6, allow_nan=False)),
    st.sampled_from(VERTICES),
    st.tuples(st.sampled_from([129.6, 130.0, 130.6, 131.4, 132.0]), st.floats(36.3, 38.6, allow_nan=False)),
)
fixes = st.lists(
    st.builds(lambda p, t: (p[0], p[1], t), point, st.integers(120, 3600)),
    min_size=2,
    max_size=5,
).filter(lambda pts: all((a[0], a[1]) != (b[0], b[1]) for a, b in zip(pts, pts[1:], strict=False)))
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def make_track(points: list[tuple[float, float, int]]) -> Track:
    seconds = np.cumsum([0] + [p[2] for p in points[1:]])
    return Track.from_arrays(
        "p", [T0 + pd.Timedelta(seconds=int(s)) for s in seconds], [p[1] for p in points], [p[0] for p in points]
    )


def secs(times: pd.Series) -> np.ndarray:
    return (pd.to_datetime(times, utc=True) - T0).dt.total_seconds().to_numpy()


@SETTINGS
@given(fixes)
def test_reversing_swaps_entries_and_exits(points) -> None:
    trk = make_track(points)
    fwd = find_crossings(trk, ZONES).events
    back = find_crossings(trk.reversed(), ZONES).events
    assert len(fwd) == len(back)
    span = trk.duration_s
    for zone_id in GEOMS:
        a = fwd[fwd["zone_id"] == zone_id]
        b = back[back["zone_id"] == zone_id].iloc[::-1]
        assert list(a["event"]) == ["exit" if e == "entry" else "entry" for e in b["event"]]
        np.testing.assert_allclose(secs(a["time"]), span - secs(b["time"]), atol=0.01)
        d = geodesy.distance_m(a["lon"].to_numpy(), a["lat"].to_numpy(), b["lon"].to_numpy(), b["lat"].to_numpy())
        assert (d < 1.0).all()


@SETTINGS
@given(fixes)
def test_entries_and_exits_alternate_and_time_inside_matches_sampling(points) -> None:
    trk = make_track(points)
    report = find_crossings(trk, ZONES)
    for zone_id, geom in GEOMS.items():
        ev = report.events[report.events["zone_id"] == zone_id]
        iv = report.intervals[report.intervals["zone_id"] == zone_id]
        kinds = list(ev["event"])
        starts_inside = bool(iv["starts_inside"].any())
        expected_first = "exit" if starts_inside else "entry"
        for i, kind in enumerate(kinds):
            assert kind == (expected_first if i % 2 == 0 else ("entry" if expected_first == "exit" else "exit"))
        assert (np.diff(secs(ev["time"])) >= 0).all()
        assert len(iv) == (len(kinds) + int(starts_inside) + int(iv["ends_inside"].any())) // 2
        sampled = time_inside_sampled(trk, geom, step_s=1.0)
        assert abs(iv["duration_s"].sum() - sampled) <= 1.0 * (len(kinds) + 1)
        assert (iv["max_depth_m"] >= 0).all()


@SETTINGS
@given(fixes, st.data())
def test_splitting_a_leg_on_its_geodesic_changes_nothing(points, data) -> None:
    trk = make_track(points)
    leg = data.draw(st.integers(0, len(trk) - 2))
    frac = data.draw(st.floats(0.05, 0.95))
    t0, t1 = trk.seconds[leg], trk.seconds[leg + 1]
    t_new = T0 + pd.Timedelta(seconds=float(t0 - trk.seconds[0] + frac * (t1 - t0)))
    pos = trk.position_at([t_new])
    extra = pd.DataFrame({"lat": pos["lat"], "lon": pos["lon"], "alt_m": np.nan}, index=pos.index.rename("time"))
    split = Track("p", pd.concat([trk.data, extra]).sort_index())
    a = find_crossings(trk, ZONES).events
    b = find_crossings(split, ZONES).events
    assert list(a["event"]) == list(b["event"]) and list(a["zone_id"]) == list(b["zone_id"])
    np.testing.assert_allclose(secs(a["time"]), secs(b["time"]), atol=0.01)
    d = geodesy.distance_m(a["lon"].to_numpy(), a["lat"].to_numpy(), b["lon"].to_numpy(), b["lat"].to_numpy())
    assert (d < 1.0).all()


def test_a_leg_along_a_meridian_edge_stays_on_it_whether_split_or_not() -> None:
    """Found by the property above: a leg up the west edge of MULTI's box (lon 129.6), split or
    not. Zones are open sets, so sliding along the edge is outside, both ways; and longitudes in
    range pass ``wrap_lon`` unchanged (it once moved 129.6 to 129.60000000000002, inside)."""
    from layers.geo.lonwrap import wrap_lon

    assert wrap_lon(129.6) == 129.6 and (wrap_lon(np.array([129.6, -180.0, 179.9])) == [129.6, -180.0, 179.9]).all()
    assert wrap_lon(180.0) == -180.0 and wrap_lon(190.5) == pytest.approx(-169.5)
    whole = make_track([(129.6, 36.375, 120), (129.6, 36.625, 120)])
    split = make_track([(129.6, 36.375, 105), (129.6, float(whole.position_at([T0 + pd.Timedelta(seconds=105)])
                                                             ["lat"].iloc[0]), 105), (129.6, 36.625, 15)])
    for track in (whole, split):
        assert find_crossings(track, ZONES).events.empty
        assert time_inside_sampled(track, GEOMS["multi"]) == 0.0
    assert find_crossings(make_track([(129.7, 36.375, 120), (129.7, 36.625, 120)]), ZONES).events["event"].tolist() \
        == ["entry"]
