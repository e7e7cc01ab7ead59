"""The Track type: validation, geodesic interpolation, derived tracks, drawing geometry."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from layers.errors import InputError
from layers.geo import geodesy
from layers.tracks.track import INTERPOLATED_BASIS, Track

T0 = pd.Timestamp("2019-07-23T00:00:00Z")


def meridian_track() -> Track:
    """Due north along 131°E from 37°N to 38°N in one hour, plus a second leg east."""
    return Track.from_arrays(
        "m1",
        [T0, T0 + pd.Timedelta(hours=1), T0 + pd.Timedelta(hours=2)],
        lat=[37.0, 38.0, 38.0],
        lon=[131.0, 131.0, 132.0],
        alt_m=[9000.0, 9500.0, np.nan],
        meta={"aircraft": "H-6K", "notional": True},
        basis=["waypoint A", "waypoint B", "waypoint C"],
    )


def test_columns_index_and_accessors() -> None:
    track = meridian_track()
    assert list(track.data.columns[:3]) == ["lat", "lon", "alt_m"]
    assert track.data.index.name == "time"
    assert str(track.data.index.tz) == "UTC"
    assert track.duration_s == 7200.0
    assert track.start == T0 and track.end == T0 + pd.Timedelta(hours=2)
    leg1 = geodesy.distance_m(131, 37, 131, 38)[0]
    assert 110_900 < leg1 < 111_100  # one degree of latitude near 37.5°N
    assert track.length_m == pytest.approx(leg1 + geodesy.distance_m(131, 38, 132, 38)[0])
    assert track.meta["aircraft"] == "H-6K"
    with pytest.raises(TypeError):
        track.meta["aircraft"] = "Tu-95"  # type: ignore[index]


@pytest.mark.parametrize(
    ("times", "lat", "lon", "field"),
    [
        (["2019-07-23T00:00Z", "2019-07-23T00:00Z"], [37, 38], [131, 131], "time"),
        (["2019-07-23T00:01Z", "2019-07-23T00:00Z"], [37, 38], [131, 131], "time"),
        (["2019-07-23T00:00Z", "2019-07-23T00:01Z"], [37, 91], [131, 131], "lat"),
        (["2019-07-23T00:00Z", "2019-07-23T00:01Z"], [37, 38], [131, np.nan], "lon"),
    ],
)
def test_bad_tracks_raise_input_error(times, lat, lon, field) -> None:
    with pytest.raises(InputError) as info:
        Track.from_arrays("bad", times, lat, lon)
    assert info.value.field == field
    assert "track bad" in str(info.value)


def test_single_fix_is_rejected() -> None:
    with pytest.raises(InputError, match="at least 2 fixes"):
        Track.from_arrays("one", [T0], [37.0], [131.0])


def test_naive_times_are_utc() -> None:
    track = Track.from_arrays("n", ["2019-07-23 00:00", "2019-07-23 01:00"], [37, 38], [131, 131])
    assert track.start == T0


def test_position_at_constant_speed_along_geodesic() -> None:
    track = meridian_track()
    # Half-way in time along the meridian is half-way in geodesic distance.
    pos = track.position_at([T0 + pd.Timedelta(minutes=30)])
    d1 = geodesy.distance_m(131, 37, 131, pos["lat"].iloc[0])[0]
    d2 = geodesy.distance_m(131, pos["lat"].iloc[0], 131, 38)[0]
    assert d1 == pytest.approx(d2, abs=1e-3)
    assert pos["lon"].iloc[0] == pytest.approx(131.0)
    # On the east-west leg the geodesic bulges north of the parallel.
    mid = track.position_at([T0 + pd.Timedelta(minutes=90)])
    assert mid["lat"].iloc[0] > 38.0 + 1e-4
    outside = track.position_at([T0 - pd.Timedelta(seconds=1)])
    assert outside["lat"].isna().all()


def test_densify_keeps_path_and_times() -> None:
    track = meridian_track()
    dense = track.densify(max_step_m=5_000)
    assert len(dense) > 40
    assert dense.segment_lengths_m.max() <= 5_000 + 1e-6
    assert dense.length_m == pytest.approx(track.length_m, rel=1e-9)
    # Inserted fixes are on the original geodesics at constant speed.
    check = track.position_at(dense.data.index)
    np.testing.assert_allclose(check["lat"], dense.lat, atol=1e-9)
    np.testing.assert_allclose(check["lon"], dense.lon, atol=1e-9)
    inserted = dense.data[~dense.data.index.isin(track.data.index)]
    assert (inserted["basis"] == INTERPOLATED_BASIS).all()
    assert inserted["alt_m"].iloc[0] > 9000.0


def test_between_interpolates_ends() -> None:
    track = meridian_track()
    part = track.between(T0 + pd.Timedelta(minutes=15), T0 + pd.Timedelta(minutes=75))
    assert part.start == T0 + pd.Timedelta(minutes=15)
    assert part.end == T0 + pd.Timedelta(minutes=75)
    assert len(part) == 3  # two interpolated ends and the fix at 01:00
    assert part.lat[0] == pytest.approx(37.25, abs=0.01)
    with pytest.raises(ValueError):
        track.between(T0 - pd.Timedelta(hours=5), T0 - pd.Timedelta(hours=4))


def test_reversed_mirrors_times() -> None:
    track = meridian_track()
    back = track.reversed()
    assert back.start == track.start and back.end == track.end
    np.testing.assert_array_equal(back.lat, track.lat[::-1])
    assert back.reversed().data.equals(track.data)


def test_with_meta_returns_new_track() -> None:
    track = meridian_track()
    other = track.with_meta(label="Patrol 1")
    assert other.meta["label"] == "Patrol 1" and "label" not in track.meta


def test_geometry_splits_at_antimeridian() -> None:
    track = Track.from_arrays(
        "dateline", [T0, T0 + pd.Timedelta(hours=2)], lat=[60.0, 61.0], lon=[175.0, -172.0]
    )
    geom = track.to_geometry(max_step_m=20_000)
    assert geom.geom_type == "MultiLineString"
    west, east = sorted(geom.geoms, key=lambda g: g.bounds[0])
    assert east.bounds[2] == 180.0 and west.bounds[0] == -180.0
    assert max(abs(g.bounds[2] - g.bounds[0]) for g in geom.geoms) < 10.0
    # Both parts meet on the meridian at the same latitude.
    assert east.coords[-1][1] == pytest.approx(west.coords[0][1])
    simple = meridian_track().to_geometry()
    assert isinstance(simple, shapely.LineString)
