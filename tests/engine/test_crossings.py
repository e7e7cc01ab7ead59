"""The crossing engine against exactly known answers (analytic or from the geodesic oracle)."""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from crossing_oracle import oracle_crossings

from layers.engine.crossings import find_crossings
from layers.errors import InputError
from layers.geo import geodesy
from layers.tracks.track import Track
from layers.units import nm_to_m

T0 = pd.Timestamp("2019-07-23T00:00:00Z")


def zones_of(**geoms: shapely.Geometry) -> gpd.GeoDataFrame:
    ids = list(geoms)
    return gpd.GeoDataFrame(
        {"id": ids, "name": [f"Zone {i}" for i in ids], "kind": "adiz", "state": "KR"},
        geometry=list(geoms.values()),
        crs="EPSG:4326",
    )


def track(track_id: str, lonlat: list[tuple[float, float]], seconds: list[float], **meta) -> Track:
    times = [T0 + pd.Timedelta(seconds=s) for s in seconds]
    lon, lat = zip(*lonlat, strict=True)
    return Track.from_arrays(track_id, times, lat=lat, lon=lon, meta=meta)


def seconds_of(times: pd.Series) -> np.ndarray:
    return (pd.to_datetime(times, utc=True) - T0).dt.total_seconds().to_numpy()


def assert_matches_oracle(report: pd.DataFrame, trk: Track, geom: shapely.Geometry, zone_id: str) -> None:
    """Every oracle crossing is found: same kind, time within 10 ms, position within 0.5 m."""
    want = oracle_crossings(trk, geom)
    got = report[(report["track_id"] == trk.track_id) & (report["zone_id"] == zone_id)]
    assert len(got) == len(want), (got, want)
    for (t, lon, lat, is_entry), (_, row) in zip(want, got.iterrows(), strict=True):
        assert row["event"] == ("entry" if is_entry else "exit")
        assert seconds_of(pd.Series([row["time"]]))[0] + T0.value / 1e9 == pytest.approx(t, abs=0.01)
        assert geodesy.distance_m(lon, lat, row["lon"], row["lat"])[0] < 0.5


BOX = shapely.box(130.0, 37.0, 132.0, 38.0)


def test_meridian_crossing_of_a_parallel_edge_at_the_analytic_second() -> None:
    # One leg due north along 131°E at constant speed; the edge lat = 37 is a parallel.
    trk = track("north", [(131.0, 36.5), (131.0, 37.5)], [0, 3600])
    report = find_crossings(trk, zones_of(box=BOX))
    d_in = geodesy.distance_m(131, 36.5, 131, 37.0)[0]
    d_all = geodesy.distance_m(131, 36.5, 131, 37.5)[0]
    expected = 3600 * d_in / d_all  # 1799.924 s: degrees of latitude lengthen poleward
    events = report.events
    assert list(events["event"]) == ["entry"]
    assert seconds_of(events["time"])[0] == pytest.approx(expected, abs=0.01)
    assert events["lat"].iloc[0] == pytest.approx(37.0, abs=1e-6)
    assert events["lon"].iloc[0] == pytest.approx(131.0, abs=1e-9)
    interval = report.intervals.iloc[0]
    assert not interval["starts_inside"] and interval["ends_inside"]
    assert interval["duration_s"] == pytest.approx(3600 - expected, abs=0.01)
    # Deepest at the last fix: 0.5° of latitude from the southern edge (the east/west edges
    # are ~88 km away).
    assert interval["max_depth_m"] == pytest.approx(geodesy.distance_m(131, 37, 131, 37.5)[0], abs=2.0)


def test_east_west_leg_crosses_a_meridian_edge_like_the_oracle() -> None:
    trk = track("east", [(130.5, 37.3), (131.5, 37.4), (133.0, 37.2)], [0, 1800, 4000])
    zones = zones_of(box=shapely.box(131.0, 36.0, 132.5, 39.0))
    report = find_crossings(trk, zones)
    assert list(report.events["event"]) == ["entry", "exit"]
    assert_matches_oracle(report.events, trk, zones.geometry.iloc[0], "box")


def test_bulging_long_leg_enters_and_leaves_between_fixes() -> None:
    # A ~700 km east-west leg along 38°N: the geodesic bulges ~7 km north of the parallel and
    # crosses an edge following the parallel 38.03°N twice between the two fixes.
    trk = track("bulge", [(128.0, 38.0), (136.0, 38.0)], [0, 3600])
    zone = shapely.box(129.0, 38.03, 135.0, 40.0)
    report = find_crossings(trk, zones_of(north=zone))
    assert list(report.events["event"]) == ["entry", "exit"]
    assert_matches_oracle(report.events, trk, zone, "north")
    # The straight lon/lat line stays outside: a planar engine would report nothing.
    assert not shapely.intersects(shapely.LineString([(128, 38), (136, 38)]), zone)
    interval = report.intervals.iloc[0]
    mid = trk.position_at([T0 + pd.Timedelta(seconds=1800)])
    expected_depth = geodesy.distance_m(132.0, mid["lat"].iloc[0], 132.0, 38.03)[0]
    assert interval["max_depth_m"] == pytest.approx(expected_depth, abs=5.0)
    assert interval["max_depth_time"] == pytest.approx(T0 + pd.Timedelta(seconds=1800), abs=pd.Timedelta(seconds=30))


def test_hole_and_multipolygon() -> None:
    holed = shapely.Polygon(BOX.exterior.coords, [shapely.box(130.8, 37.3, 131.2, 37.7).exterior.coords])
    multi = shapely.MultiPolygon([shapely.box(130.0, 37.1, 132.0, 37.2), shapely.box(130.0, 37.8, 132.0, 37.9)])
    trk = track("north", [(131.0, 36.5), (131.0, 37.25), (131.0, 38.5)], [0, 2000, 5000])
    report = find_crossings(trk, zones_of(holed=holed, multi=multi))
    by_zone = report.events.groupby("zone_id")["event"].apply(list).to_dict()
    assert by_zone["holed"] == ["entry", "exit", "entry", "exit"]
    assert by_zone["multi"] == ["entry", "exit", "entry", "exit"]
    for zone_id, geom in (("holed", holed), ("multi", multi)):
        assert_matches_oracle(report.events, trk, geom, zone_id)
    assert (report.intervals["zone_id"] == "multi").sum() == 2


def test_touching_a_vertex_or_an_edge_is_not_a_crossing() -> None:
    triangle = shapely.Polygon([(131.0, 37.0), (132.0, 36.5), (132.0, 37.5)])
    passing = track("vertex", [(131.0, 36.0), (131.0, 38.0)], [0, 3600])
    bounce = track("bounce", [(130.5, 36.5), (130.5, 37.0), (130.4, 36.6)], [0, 600, 1200])
    report = find_crossings([passing, bounce], zones_of(tri=triangle, box=BOX))
    touching = report.events[
        ((report.events["track_id"] == "vertex") & (report.events["zone_id"] == "tri"))
        | ((report.events["track_id"] == "bounce") & (report.events["zone_id"] == "box"))
    ]
    assert touching.empty
    approach = report.approaches.set_index(["track_id", "zone_id"])
    assert approach.loc[("vertex", "tri"), "distance_m"] < 1.0
    assert approach.loc[("bounce", "box"), "distance_m"] < 1.0
    assert approach.loc[("bounce", "box"), "time"] == T0 + pd.Timedelta(seconds=600)


def test_start_inside_has_no_entry_and_summary_says_so() -> None:
    trk = track("inside", [(131.0, 37.5), (131.0, 38.5)], [0, 3600])
    report = find_crossings(trk, zones_of(box=BOX))
    assert list(report.events["event"]) == ["exit"]
    interval = report.intervals.iloc[0]
    assert interval["starts_inside"] and not interval["ends_inside"]
    assert interval["start"] == T0
    staying = find_crossings(track("stay", [(131.0, 37.4), (131.1, 37.6)], [0, 60]), zones_of(box=BOX))
    assert staying.events.empty
    assert staying.intervals.iloc[0][["starts_inside", "ends_inside"]].tolist() == [True, True]


def test_antimeridian_track_and_zones_split_at_180() -> None:
    east = shapely.box(179.5, 60.0, 180.0, 61.0)
    west = shapely.box(-180.0, 60.0, -179.5, 61.0)
    far_west = shapely.box(-179.3, 60.0, -179.0, 61.0)
    trk = track("dateline", [(179.0, 60.5), (-178.5, 60.6)], [0, 3600])
    report = find_crossings(trk, zones_of(east=east, west=west, split=shapely.MultiPolygon([east, west]),
                                          farwest=far_west))
    by_zone = report.events.groupby("zone_id")["event"].apply(list).to_dict()
    assert by_zone == {"east": ["entry", "exit"], "west": ["entry", "exit"], "split": ["entry", "exit"],
                       "farwest": ["entry", "exit"]}
    for zone_id, geom in (("east", east), ("west", west), ("farwest", far_west)):
        assert_matches_oracle(report.events, trk, geom, zone_id)
    split = report.events[report.events["zone_id"] == "split"]
    assert split["lon"].tolist() == pytest.approx([179.5, -179.5], abs=1e-5)
    assert len(report.intervals[report.intervals["zone_id"] == "split"]) == 1


def test_uncertainty_certain_possible_and_near_miss() -> None:
    r_nm = 2.0
    r_m = nm_to_m(r_nm)
    deep = track("deep", [(131.0, 36.8), (131.0, 37.5)], [0, 3600])
    shallow = track("shallow", [(130.5, 36.9), (130.6, 37.01), (130.7, 36.9)], [0, 600, 1200])
    near = track("near", [(129.5, 36.95), (130.5, 36.97), (131.5, 36.95)], [0, 1800, 3600])
    report = find_crossings([deep, shallow, near], zones_of(box=BOX), uncertainty_nm=r_nm)
    ev = report.events.set_index("track_id")
    assert ev.loc[["deep"], "event"].tolist() == ["entry"]
    assert ev.loc[["deep"], "certainty"].tolist() == ["certain"]
    assert ev.loc[["shallow"], "event"].tolist() == ["possible-entry", "possible-exit"]
    assert ev.loc[["near"], "event"].tolist() == ["possible-entry", "possible-exit"]
    miss = ev.loc[["near"]]
    assert (miss["certainty"] == "possible").all()
    # Closest distance ~ 0.03° of latitude = 3.3 km, inside the 3.7 km band.
    assert miss["distance_m"].iloc[0] == pytest.approx(geodesy.distance_m(130.5, 36.97, 130.5, 37.0)[0], abs=50)
    # Earliest entry = when the deep track came within r (meridian: analytic), latest = when it
    # got deeper than r.
    row = ev.loc["deep"]
    d_all = geodesy.distance_m(131, 36.8, 131, 37.5)[0]
    lat_out = geodesy.forward(131.0, 37.0, 180.0, r_m)[1][0]
    lat_in = geodesy.forward(131.0, 37.0, 0.0, r_m)[1][0]
    t_out = 3600 * geodesy.distance_m(131, 36.8, 131, lat_out)[0] / d_all
    t_in = 3600 * geodesy.distance_m(131, 36.8, 131, lat_in)[0] / d_all
    assert seconds_of(pd.Series([row["earliest_time"]]))[0] == pytest.approx(t_out, abs=10)
    assert seconds_of(pd.Series([row["latest_time"]]))[0] == pytest.approx(t_in, abs=10)
    certain = report.intervals.set_index("track_id")["certainty"].to_dict()
    assert certain == {"deep": "certain", "shallow": "possible"}
    # Without uncertainty the near miss is only a closest approach.
    plain = find_crossings([deep, shallow, near], zones_of(box=BOX))
    assert set(plain.events["event"]) == {"entry", "exit"}
    assert "near" not in set(plain.events["track_id"])
    app = plain.approaches.set_index("track_id").loc["near"]
    assert app["distance_m"] == pytest.approx(geodesy.distance_m(130.5, 36.97, 130.5, 37.0)[0], abs=5)
    assert app["time"] == pytest.approx(T0 + pd.Timedelta(seconds=1800), abs=pd.Timedelta(seconds=60))


def test_closest_approach_between_fixes() -> None:
    # Fixes an hour apart pass a small zone; the closest approach is in the middle of the leg.
    small = shapely.box(129.99, 36.99, 130.0, 37.0)
    trk = track("corner", [(129.0, 36.5), (130.5, 36.8)], [0, 3600])
    report = find_crossings(trk, zones_of(small=small))
    app = report.approaches.iloc[0]
    frac = np.linspace(0, 1, 1001)
    lon, lat = geodesy.interpolate(129.0, 36.5, 130.5, 36.8, frac)
    ring = np.asarray(small.exterior.coords)
    edge_t = np.linspace(0, 1, 101)
    blon = np.concatenate([a[0] + (b[0] - a[0]) * edge_t for a, b in zip(ring[:-1], ring[1:])])
    blat = np.concatenate([a[1] + (b[1] - a[1]) * edge_t for a, b in zip(ring[:-1], ring[1:])])
    d = geodesy.distance_m(np.repeat(lon, len(blon)), np.repeat(lat, len(blon)),
                           np.tile(blon, len(lon)), np.tile(blat, len(lon)))
    d = d.reshape(len(lon), len(blon)).min(axis=1)
    assert app["distance_m"] == pytest.approx(d.min(), abs=3.0)
    assert 0.05 < frac[np.argmin(d)] < 0.95
    assert seconds_of(pd.Series([app["time"]]))[0] == pytest.approx(3600 * frac[np.argmin(d)], abs=20)


def test_csv_contract_and_sorting() -> None:
    a = track("b-track", [(131.0, 36.5), (131.0, 38.5)], [0, 3600], notional=True)
    b = track("a-track", [(130.5, 37.5), (131.5, 37.5)], [100, 200])
    report = find_crossings([a, b], zones_of(box=BOX, inner=shapely.box(130.9, 37.4, 131.1, 37.6)))
    lines = report.to_csv().splitlines()
    assert lines[0].startswith("track_id,zone_id,event,time,lat,lon,")
    rows = [line.split(",") for line in lines[1:]]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    for r in rows:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", r[3])
    times_b = [r[3] for r in rows if r[0] == "b-track"]
    assert times_b == sorted(times_b) and len(times_b) == 4
    assert '"events"' in report.to_json()


def test_more_than_64_zones() -> None:
    boxes = {f"z{i}": shapely.box(130.0 + 0.02 * i, 37.0, 130.01 + 0.02 * i, 37.1) for i in range(70)}
    trk = track("row", [(129.9, 37.05), (131.5, 37.05)], [0, 3600])
    report = find_crossings(trk, zones_of(**boxes))
    assert len(report.events) == 140
    assert set(report.events["zone_id"]) == set(boxes)


def test_approximate_boundary_flag() -> None:
    boundaries = gpd.GeoDataFrame(
        {"zone_id": ["box", "box"], "approximate": [True, False]},
        geometry=[shapely.LineString([(130, 37), (132, 37)]), shapely.LineString([(130, 38), (132, 38)])],
        crs="EPSG:4326",
    )
    trk = track("north", [(131.0, 36.5), (131.0, 38.5)], [0, 3600])
    report = find_crossings(trk, zones_of(box=BOX), boundaries=boundaries)
    assert report.events["approximate_boundary"].tolist() == [True, False]
    plain = find_crossings(trk, zones_of(box=BOX), boundaries=None)
    assert not plain.events["approximate_boundary"].any()


def test_crossing_a_data_limit_line_is_not_an_entry_or_exit() -> None:
    """A line that only closes a partly known zone (kind truncation-*) is not a boundary."""
    boundaries = gpd.GeoDataFrame(
        {"zone_id": ["box", "box"], "approximate": [True, True], "kind": ["truncation-connector", "straight"]},
        geometry=[shapely.LineString([(130, 37), (132, 37)]), shapely.LineString([(130, 38), (132, 38)])],
        crs="EPSG:4326",
    )
    trk = track("north", [(131.0, 36.5), (131.0, 38.5)], [0, 3600])
    events = find_crossings(trk, zones_of(box=BOX), boundaries=boundaries).events
    assert events["event"].tolist() == ["data-limit-entry", "exit"]
    assert events["boundary"].tolist() == ["data-limit", "approximate"]
    csv_rows = find_crossings(trk, zones_of(box=BOX), boundaries=boundaries).to_csv().splitlines()
    assert csv_rows[1].split(",")[2] == "data-limit-entry"
    plain = find_crossings(trk, zones_of(box=BOX), boundaries=None).events
    assert plain["event"].tolist() == ["entry", "exit"]
    assert plain["boundary"].tolist() == ["sourced", "sourced"]


def test_bad_zone_geometry_and_uncertainty() -> None:
    trk = track("north", [(131.0, 36.5), (131.0, 38.5)], [0, 3600])
    with pytest.raises(InputError, match="LineString"):
        find_crossings(trk, zones_of(line=shapely.LineString([(0, 0), (1, 1)])))
    bowtie = shapely.Polygon([(130, 37), (132, 38), (132, 37), (130, 38)])
    with pytest.raises(InputError, match="invalid polygon"):
        find_crossings(trk, zones_of(bowtie=bowtie))
    with pytest.raises(InputError, match="uncertainty"):
        find_crossings(trk, zones_of(box=BOX), uncertainty_nm=-1)
