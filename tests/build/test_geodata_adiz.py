"""ADIZ layers: vertices against their source text, containment facts, validity, provenance,
the 2019 scenario geometry, and a byte-identical rebuild from the source tables."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry import LineString, Point

from layers.build.geodata import adiz
from layers.errors import InputError
from layers.paths import GEODATA_DIR
from layers.zones.schema import CONFIDENCE_LEVELS, validate_zones

SOURCES = GEODATA_DIR / "sources"
GEOD = Geod(ellps="WGS84")
# Reference positions (lat, lon). Ieodo: ocean research station, facts from the National
# Atlas of Korea / station list; Dokdo: centre of the two islets (NGII summits).
IEODO = (32.12295, 125.18245)
DOKDO = (37.2413, 131.8674)
ULLEUNGDO = (37.50111, 130.85639)
TOLERANCE_DEG = 1e-6


def _read_csv(name: str) -> list[dict[str, str]]:
    with (SOURCES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _text_to_degrees(text: str) -> tuple[float, float]:
    """Independent reading of a source's position text: (lat, lon) in degrees.

    Splits at the east-longitude marker and adds up number+unit pairs; AIP "DDMMN DDDMME".
    """
    aip = re.fullmatch(r"\s*(\d\d)(\d\d)N\s+(\d\d\d)(\d\d)E\s*", text)
    if aip:
        a, b, c, d = (int(x) for x in aip.groups())
        return a + b / 60, c + d / 60
    halves = re.split(r"東経|东经|동경", text)
    assert len(halves) == 2, text
    scale = {"度": 1, "도": 1, "分": 60, "분": 60, "秒": 3600, "초": 3600}

    def degrees(half: str) -> float:
        pairs = re.findall(r"(\d+)\s*([度도分분秒초])", half)
        assert pairs, half
        return sum(int(n) / scale[u] for n, u in pairs)

    return degrees(halves[0]), degrees(halves[1])


@pytest.fixture(scope="module")
def zones() -> gpd.GeoDataFrame:
    frame = gpd.read_file(GEODATA_DIR / "adiz.geojson")
    return frame.set_index("id", drop=False)


@pytest.fixture(scope="module")
def boundaries() -> gpd.GeoDataFrame:
    return gpd.read_file(GEODATA_DIR / "boundaries.geojson")


def _vertices(geom: shapely.Geometry) -> np.ndarray:
    return shapely.get_coordinates(geom)


def _distance_m(point: Point, geom: shapely.Geometry) -> float:
    """Geodesic distance (metres) from ``point`` to the nearest point of ``geom``."""
    near = shapely.ops.nearest_points(point, geom)[1]
    return float(GEOD.inv(point.x, point.y, near.x, near.y)[2])


def _nearest_edge(edges: gpd.GeoDataFrame, point: Point) -> gpd.GeoSeries:
    """The boundary segment nearest to ``point`` (geodesic metres)."""
    distances = [_distance_m(point, line) for line in edges.geometry]
    return edges.iloc[int(np.argmin(distances))]


def test_every_vertex_equals_its_source_text(zones: gpd.GeoDataFrame) -> None:
    rows = _read_csv("adiz_vertices.csv")
    assert sum(r["confidence"] == "official" for r in rows) >= 17
    for row in rows:
        lat, lon = _text_to_degrees(row["text"])
        coords = _vertices(zones.loc[row["zone_id"], "geometry"])
        gap = np.abs(coords - np.array([lon, lat])).max(axis=1).min()
        assert gap <= TOLERANCE_DEG, f"{row['zone_id']} {row['label']} {row['text']}: off {gap}"


def test_jadiz_and_kadiz_share_the_common_line_points(zones: gpd.GeoDataFrame) -> None:
    kr = _vertices(zones.loc["adiz-KR", "geometry"])
    jp = _vertices(zones.loc["adiz-JP", "geometry"])
    for lat, lon in (_text_to_degrees("北緯 36 度 11 秒 東経 130 度 29 分 51 秒"),
                     _text_to_degrees("北緯 35 度 13 分 11 秒 東経 129 度 47 分 52 秒")):
        for coords in (kr, jp):
            assert np.abs(coords - np.array([lon, lat])).max(axis=1).min() <= TOLERANCE_DEG


def test_ieodo_lies_in_kadiz_and_cadiz(zones: gpd.GeoDataFrame, boundaries: gpd.GeoDataFrame) -> None:
    ieodo = Point(IEODO[1], IEODO[0])
    assert zones.loc["adiz-KR", "geometry"].contains(ieodo)
    assert zones.loc["adiz-CN", "geometry"].contains(ieodo)
    # JADIZ: reported to cover Ieodo, but its outer line south of point (7) (points (8)-(30))
    # was not retrieved, so the drawn JADIZ stops at the dashed connector from (7): Ieodo
    # lies beyond it, and the JADIZ edge nearest to Ieodo must be flagged approximate.
    jadiz = zones.loc["adiz-JP", "geometry"]
    assert not jadiz.contains(ieodo)
    jp_edges = boundaries[boundaries["zone_id"] == "adiz-JP"]
    nearest = _nearest_edge(jp_edges, ieodo)
    assert bool(nearest["approximate"]) and nearest["kind"] == "truncation-connector"


def test_dokdo_inside_kadiz_outside_jadiz(zones: gpd.GeoDataFrame, boundaries: gpd.GeoDataFrame) -> None:
    dokdo = Point(DOKDO[1], DOKDO[0])
    assert zones.loc["adiz-KR", "geometry"].contains(dokdo)
    assert not zones.loc["adiz-JP", "geometry"].contains(dokdo)
    # The result rests on official JADIZ edges only: the nearest JADIZ edge is (3)-(4).
    jp_edges = boundaries[boundaries["zone_id"] == "adiz-JP"]
    nearest = _nearest_edge(jp_edges, dokdo)
    assert nearest["edge_id"] == "adiz-JP:(3)-(4)" and nearest["confidence"] == "official"


@pytest.mark.parametrize("folder", ["", "display"])
def test_zone_files_are_valid_and_complete(folder: str) -> None:
    path = GEODATA_DIR / folder / "adiz.geojson"
    frame = validate_zones(gpd.read_file(path), source=str(path))
    assert sorted(frame["id"]) == ["adiz-CN", "adiz-JP", "adiz-KR"]
    assert set(frame["kind"]) == {"adiz"}
    assert all(g.is_valid and g.geom_type == "Polygon" for g in frame.geometry)
    edges = _read_csv("adiz_edges.csv")
    for _, zone in frame.iterrows():
        weakest = max((e["confidence"] for e in edges if e["zone_id"] == zone["id"]),
                      key=CONFIDENCE_LEVELS.index)
        assert zone["confidence"] == weakest
        assert zone["source"] and zone["valid_from"]


def test_display_variant_is_the_same_geometry_rounded() -> None:
    full = gpd.read_file(GEODATA_DIR / "adiz.geojson").set_index("id").geometry
    display = gpd.read_file(GEODATA_DIR / "display" / "adiz.geojson").set_index("id").geometry
    for zone_id in full.index:
        assert full[zone_id].hausdorff_distance(display[zone_id]) < 2e-5


def test_every_boundary_segment_is_sourced_and_flagged(
    zones: gpd.GeoDataFrame, boundaries: gpd.GeoDataFrame
) -> None:
    assert len(boundaries) >= 24
    for _, seg in boundaries.iterrows():
        assert seg["source"].strip(), seg["edge_id"]
        assert seg["confidence"] in CONFIDENCE_LEVELS
        assert isinstance(seg["approximate"], (bool, np.bool_))
        if seg["confidence"] == "official":
            assert not seg["approximate"], seg["edge_id"]
    # The segments are the zone outlines: each outline lies on its zone's segments.
    for zone_id, zone in zones.iterrows():
        lines = shapely.union_all(boundaries[boundaries["zone_id"] == zone_id].geometry)
        assert zone.geometry.exterior.hausdorff_distance(lines) < 1e-6, zone_id
    # Edges without an official text are the ones flagged approximate.
    flagged = set(boundaries.loc[boundaries["approximate"].astype(bool), "edge_id"])
    assert {"adiz-KR:K5-K6", "adiz-KR:K1-K2", "adiz-JP:(7)-T(7)", "adiz-CN:T6-T1"} <= flagged
    assert "adiz-KR:K8-K9" not in flagged and "adiz-JP:(3)-(4)" not in flagged


def _kadiz_points_at(distance_m: float, zones: gpd.GeoDataFrame) -> list[tuple[float, float, float]]:
    """Points of the KADIZ outline at ``distance_m`` (geodesic) from Ulleungdo: (lat, lon, az)."""
    ring = zones.loc["adiz-KR", "geometry"].exterior
    dense = ring.segmentize(0.001)
    lon, lat = np.array(dense.coords).T
    az, _, dist = GEOD.inv(np.full(lon.shape, ULLEUNGDO[1]), np.full(lat.shape, ULLEUNGDO[0]), lon, lat)
    hits = np.nonzero(np.diff(np.sign(dist - distance_m)))[0]
    return [(lat[i], lon[i], az[i] % 360) for i in hits]


def test_2019_reentry_140_km_south_of_ulleungdo_is_on_the_common_line(
    zones: gpd.GeoDataFrame, boundaries: gpd.GeoDataFrame
) -> None:
    south = [p for p in _kadiz_points_at(140_000, zones) if 160 <= p[2] <= 200]
    assert len(south) == 1
    lat, lon, _ = south[0]
    point = Point(lon, lat)
    kr_edges = boundaries[boundaries["zone_id"] == "adiz-KR"]
    assert _nearest_edge(kr_edges, point)["edge_id"] == "adiz-KR:K3-K4"
    # The JADIZ outer line (official) passes within 0.5 km: a KADIZ entry there is a JADIZ exit.
    jadiz_line = zones.loc["adiz-JP", "geometry"].exterior
    assert _distance_m(point, jadiz_line) < 500


def test_76_nm_north_of_ulleungdo_is_inside_a_39n_kadiz() -> None:
    # Recorded conflict (SOURCES.md): JCS placed the 08:40 re-entry "76 miles north of
    # Ulleungdo", but with the 39°N north edge that spot is already inside KADIZ.
    lon, lat, _ = GEOD.fwd(ULLEUNGDO[1], ULLEUNGDO[0], 0.0, 76 * 1852.0)
    kadiz = gpd.read_file(GEODATA_DIR / "adiz.geojson").set_index("id").geometry["adiz-KR"]
    assert kadiz.contains(Point(lon, lat))
    assert GEOD.inv(lon, lat, lon, 39.0)[2] > 20_000


def test_rebuild_from_the_tables_is_byte_identical(tmp_path: Path) -> None:
    shutil.copy(GEODATA_DIR / "airspace.geojson", tmp_path / "airspace.geojson")
    written = adiz.build(tmp_path)
    names = sorted(str(p.relative_to(tmp_path)) for p in written)
    assert names == ["adiz.geojson", "boundaries.geojson", "display/adiz.geojson"]
    for name in names:
        assert (tmp_path / name).read_bytes() == (GEODATA_DIR / name).read_bytes(), name


def test_a_vertex_that_contradicts_its_text_is_refused(tmp_path: Path) -> None:
    shutil.copy(SOURCES / "adiz_edges.csv", tmp_path / "adiz_edges.csv")
    text = (SOURCES / "adiz_vertices.csv").read_text(encoding="utf-8")
    (tmp_path / "adiz_vertices.csv").write_text(
        text.replace("39.00000000,123.50000000", "39.00000000,123.60000000"), encoding="utf-8"
    )
    shutil.copy(GEODATA_DIR / "airspace.geojson", tmp_path / "airspace.geojson")
    with pytest.raises(InputError) as error:
        adiz.build(tmp_path, sources_dir=tmp_path)
    assert "adiz_vertices.csv" in str(error.value) and "row 14" in str(error.value)


def test_a_missing_edge_is_refused(tmp_path: Path) -> None:
    shutil.copy(SOURCES / "adiz_vertices.csv", tmp_path / "adiz_vertices.csv")
    lines = (SOURCES / "adiz_edges.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "adiz_edges.csv").write_text(
        "".join(line for line in lines if not line.startswith("adiz-KR,outer,K5,K6")),
        encoding="utf-8",
    )
    shutil.copy(GEODATA_DIR / "airspace.geojson", tmp_path / "airspace.geojson")
    with pytest.raises(InputError, match="no edge K5 -> K6"):
        adiz.build(tmp_path, sources_dir=tmp_path)


def test_straight_edges_are_two_point_lines(boundaries: gpd.GeoDataFrame) -> None:
    kinds = ["straight", "parallel", "connector", "gap", "truncation-connector", "truncation-gap"]
    straight = boundaries[boundaries["kind"].isin(kinds)]
    assert len(straight) == len(boundaries) - 3
    assert all(isinstance(g, LineString) and len(g.coords) == 2 for g in straight.geometry)
