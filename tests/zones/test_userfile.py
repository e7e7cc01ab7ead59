"""User zone files (--zones): schema defaults and errors naming file, feature and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from layers.errors import InputError
from layers.zones.schema import ZONE_COLUMNS
from layers.zones.userfile import read_zones

DATA = Path(__file__).parents[1] / "data"


def test_zone_file_defaults_and_given_properties() -> None:
    zones = read_zones(DATA / "zones_test.geojson")
    assert list(zones.index) == ["box-a", "donut-b"]
    assert list(zones.columns[: len(ZONE_COLUMNS)]) == list(ZONE_COLUMNS)
    box, donut = zones.loc["box-a"], zones.loc["donut-b"]
    assert (box["name"], box["kind"], box["confidence"], box["state"]) == ("box-a", "adiz", "reported", "")
    assert box["source"] == "user file zones_test.geojson" and box["note"] == "test square, not a real zone"
    assert (donut["name"], donut["kind"], donut["confidence"], donut["state"]) == (
        "Test donut", "territorial-airspace", "official", "KR",
    )
    assert donut.geometry.geom_type == "MultiPolygon" and len(donut.geometry.geoms[0].interiors) == 1
    assert zones.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    ("name", "row", "field", "text"),
    [
        ("bad_zones_no_id.geojson", 2, "properties.id", "missing zone id"),
        ("bad_zones_bowtie.geojson", 2, "geometry.coordinates", "zone 'bowtie': invalid polygon (Self-intersection"),
        ("bad_zones_point.geojson", 1, "geometry.type", "geometry is Point, expected Polygon or MultiPolygon"),
        ("bad_zones_ring.geojson", 1, "geometry.coordinates", "zone 'short-ring'"),
        ("bad_zones_open_ring.geojson", 1, "geometry.coordinates[0]", "zone 'open-box': ring not closed"),
    ],
)
def test_bad_zone_files(name: str, row: int, field: str, text: str) -> None:
    with pytest.raises(InputError) as info:
        read_zones(DATA / name)
    assert name in str(info.value) and text in str(info.value) and f"row {row}" in str(info.value)
    assert (info.value.row, info.value.field) == (row, field)


@pytest.mark.parametrize(
    ("properties", "field", "text"),
    [
        ('{"id": "a", "kind": "fir"}', "properties.kind", "unknown kind 'fir'"),
        ('{"id": "a", "confidence": "sure"}', "properties.confidence", "unknown confidence 'sure'"),
        ('{"id": 7}', "properties.id", "zone id must be a non-empty string, found 7"),
    ],
)
def test_bad_zone_properties(properties: str, field: str, text: str) -> None:
    data = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": ' + properties + ','
        ' "geometry": {"type": "Polygon", "coordinates": [[[130, 36], [131, 36], [131, 37], [130, 36]]]}}]}'
    ).encode()
    with pytest.raises(InputError) as info:
        read_zones(data, name="zones.geojson")
    assert text in str(info.value) and (info.value.row, info.value.field) == (1, field)


def test_duplicate_ids_and_swapped_coordinates() -> None:
    square = '[[[130, 36], [131, 36], [131, 37], [130, 36]]]'
    dup = (
        '{"type": "FeatureCollection", "features": ['
        '{"type": "Feature", "properties": {"id": "a"}, "geometry": {"type": "Polygon", "coordinates": '
        + square + '}},'
        '{"type": "Feature", "properties": {"id": "a"}, "geometry": {"type": "Polygon", "coordinates": '
        + square + '}}]}'
    )
    with pytest.raises(InputError, match=r"row 2.*duplicate zone id 'a' \(also feature 1\)"):
        read_zones(dup.encode(), name="dup.geojson")
    swapped = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "s"},'
        ' "geometry": {"type": "Polygon", "coordinates": [[[36, 130], [36, 131], [37, 131], [36, 130]]]}}]}'
    )
    with pytest.raises(InputError, match=r"outside lon ±180 / lat ±90"):
        read_zones(swapped.encode(), name="swapped.geojson")
    with pytest.raises(InputError, match="expected a GeoJSON FeatureCollection"):
        read_zones(b'{"type": "Feature"}', name="one.geojson")
