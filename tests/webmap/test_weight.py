"""What the map leaves out or shortens so its script stays light: land parts that cannot be
panned to, coordinate digits below a metre, spaces in the JSON. On the real display geodata."""

from __future__ import annotations

import json

import folium
import shapely
from shapely.geometry import MultiPolygon, box

from layers.geo.bounds import Bounds
from layers.webmap.build import DEFAULT_VIEW, GRATICULE_BOUNDS, build_map
from layers.webmap.features import render_html
from layers.webmap.offline import walk
from layers.webmap.weight import (
    panning_limits,
    parts_within,
    round_coordinates,
    round_geojson,
    round_geojson_layers,
)
from layers.zones.load import load_zones

ALASKA_VIEW = Bounds(160.0, 50.0, 200.0, 66.0)  # the July 2024 scenario, unwrapped


def test_panning_limits_only_when_the_view_lies_inside() -> None:
    assert panning_limits(DEFAULT_VIEW, GRATICULE_BOUNDS) == GRATICULE_BOUNDS
    assert panning_limits(ALASKA_VIEW, GRATICULE_BOUNDS) is None


def test_parts_within_keeps_whole_parts_that_touch_the_extent() -> None:
    near, far, straddling = box(130, 35, 131, 36), box(190, 60, 191, 61), box(169, 50, 175, 52)
    both = MultiPolygon([near, far, straddling])
    kept = parts_within(both, GRATICULE_BOUNDS)
    assert list(kept.geoms) == [near, straddling]  # the straddling part is not cut
    assert parts_within(both, None) is both
    assert parts_within(far, GRATICULE_BOUNDS) is None
    assert parts_within(near, GRATICULE_BOUNDS) is near


def test_bering_sea_land_left_out_of_the_2019_map_only() -> None:
    zones = load_zones(resolution="display")
    us_land = zones.loc["land-US"].geometry
    assert us_land.bounds[0] < -170  # the data does reach the Bering Sea
    assert parts_within(us_land, panning_limits(DEFAULT_VIEW, GRATICULE_BOUNDS)) is None
    land_ids = {f["id"] for f in _land_features(build_map(zones, view=DEFAULT_VIEW))}
    assert "land-US" not in land_ids and {"land-JP", "land-KR", "land-RU", "land-CN"} <= land_ids
    alaska = {f["id"]: f for f in _land_features(build_map(zones, view=ALASKA_VIEW))}
    assert "land-US" in alaska
    drawn_us = shapely.geometry.shape(alaska["land-US"]["geometry"])
    assert abs(drawn_us.area - us_land.area) < 1e-6 * us_land.area


def test_every_land_part_within_reach_is_drawn() -> None:
    zones = load_zones(resolution="display")
    drawn = {f["id"]: shapely.geometry.shape(f["geometry"])
             for f in _land_features(build_map(zones, view=DEFAULT_VIEW))}
    reach = box(*GRATICULE_BOUNDS)
    for zone_id, zone in zones[zones["kind"] == "land"].iterrows():
        visible = zone.geometry.intersection(reach)
        if not visible.is_empty:
            assert drawn[zone_id].intersection(reach).symmetric_difference(visible).area < 1e-6


def test_round_coordinates_any_nesting() -> None:
    assert round_coordinates([131.123456789, 37.000004]) == [131.12346, 37.0]
    assert round_coordinates([[[1.0000051, 2.0], [3.0, 4.123456]]], 3) == [[[1.0, 2.0], [3.0, 4.123]]]
    feature = {"type": "Feature", "id": "x", "properties": {"tip": "a"},
               "geometry": {"type": "LineString", "coordinates": [[1.123456, 2.654321], [3, 4]]}}
    rounded = round_geojson({"type": "FeatureCollection", "features": [feature]})
    assert rounded["features"][0]["geometry"]["coordinates"] == [[1.12346, 2.65432], [3.0, 4.0]]
    assert rounded["features"][0]["properties"] == {"tip": "a"}
    assert feature["geometry"]["coordinates"][0] == [1.123456, 2.654321]  # input untouched


def test_map_script_has_rounded_compact_coordinates() -> None:
    fmap = folium.Map(tiles=None)
    line = {"type": "LineString", "coordinates": [[131.123456789, 37.987654321], [132.0, 38.0]]}
    folium.GeoJson({"type": "Feature", "properties": {}, "geometry": line}).add_to(fmap)
    html = render_html(round_geojson_layers(fmap))
    assert "[[131.12346,37.98765],[132.0,38.0]]" in html
    assert "131.123456789" not in html
    data = next(e.data for e in walk(fmap) if isinstance(e, folium.GeoJson))
    assert json.loads(json.dumps(data))["geometry"]["coordinates"][0] == [131.12346, 37.98765]


def _land_features(fmap: folium.Map) -> list[dict]:
    layers = [e for e in walk(fmap) if isinstance(e, folium.GeoJson)
              and any(str(f.get("id", "")).startswith("land-") for f in e.data.get("features", []))]
    assert len(layers) == 1
    return layers[0].data["features"]
