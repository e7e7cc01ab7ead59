"""One Bounds type (west, south, east, north) and one longitude wrap."""

from __future__ import annotations

import numpy as np

from layers.geo.bounds import Bounds
from layers.geo.lonwrap import lon_delta, lon_near, wrap_lon


def test_wrap_and_delta() -> None:
    assert wrap_lon(190.0) == -170.0 and wrap_lon(-180.0) == -180.0 and wrap_lon(180.0) == -180.0
    np.testing.assert_allclose(wrap_lon(np.array([0.0, 359.0, -181.0])), [0.0, -1.0, 179.0])
    assert lon_delta(-179.0, 179.0) == 2.0
    assert lon_near(-174.0, 180.0) == 186.0


def test_bounds_across_the_antimeridian() -> None:
    wrapped = Bounds(170.0, 55.0, -160.0, 66.0)
    assert wrapped.span_lon == 30.0
    assert wrapped.unwrapped() == Bounds(170.0, 55.0, 200.0, 66.0)
    assert wrapped.unwrapped().wrapped() == wrapped
    assert wrapped.centre == (185.0, 60.5)
    assert wrapped.leaflet() == [[55.0, 170.0], [66.0, 200.0]]


def test_bounds_around_points_and_from_the_browser() -> None:
    box = Bounds.around([179.0, -179.0], [60.0, 61.0])
    assert box == Bounds(179.0, 60.0, 181.0, 61.0)  # across the antimeridian: tighter
    assert Bounds.around([], []) is None
    leaflet = {"_southWest": {"lat": 33.0, "lng": 124.0}, "_northEast": {"lat": 40.0, "lng": 133.0}}
    assert Bounds.from_leaflet(leaflet) == Bounds(124.0, 33.0, 133.0, 40.0)
    assert Bounds.from_leaflet({"_southWest": {"lat": -10, "lng": 0}, "_northEast": {"lat": 10, "lng": 5}}) is None
    assert Bounds.from_leaflet(None) is None
    assert Bounds(120, 28, 145, 46).contains(Bounds(122, 29, 143, 45.5))
