"""The committed non-ADIZ geodata: schema, validity, Dokdo/Takeshima, widths, sea, points.

Distances are geodesic (pyproj.Geod, WGS84) in metres; 1 nm = 1852 m. Coast points come from
geodata/land.geojson (Natural Earth 1:10m); the outward normal is taken from the coast chord
±5 km around the point, measured in a local azimuthal-equidistant plane.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pyproj
import pytest
import shapely
from shapely.ops import nearest_points

from layers.paths import GEODATA_DIR
from layers.zones import load as zones
from layers.zones.load import load_points, load_zones
from layers.zones.schema import CRS, validate_zones

GEOD = pyproj.Geod(ellps="WGS84")
NM = 1852.0
DONGDO = (131.8696, 37.2408)  # lon, lat (NGII)
SEODO = (131.8652, 37.2418)
OWN_FILES = ("land.geojson", "sea.geojson", "airspace.geojson")
AIRSPACE_IDS = {f"airspace-{s}" for s in ("JP", "KR", "KP", "CN", "RU", "TW")} | {"airspace-dokdo"}


def test_zone_layers_follow_the_schema() -> None:
    table = load_zones()
    assert table.crs.equals(CRS)
    assert table["id"].is_unique
    ids = set(table["id"])
    assert ids >= AIRSPACE_IDS
    assert {"sea-japan", "land-JP", "land-KR", "land-KP", "land-CN", "land-RU", "land-TW"} <= ids
    assert all(table.geometry.is_valid)
    assert set(table.geom_type) <= {"Polygon", "MultiPolygon"}
    kinds = dict(zip(table["id"], table["kind"], strict=True))
    assert {kinds[i] for i in AIRSPACE_IDS} == {"territorial-airspace"}
    assert kinds["sea-japan"] == "sea"


@pytest.mark.parametrize("name", OWN_FILES)
def test_display_variant_has_same_ids_and_is_valid(name: str) -> None:
    analysis = gpd.read_file(GEODATA_DIR / name)
    display = gpd.read_file(GEODATA_DIR / "display" / name)
    validate_zones(display, source=f"display/{name}")
    assert list(display["id"]) == list(analysis["id"])
    assert (GEODATA_DIR / "display" / name).stat().st_size < (GEODATA_DIR / name).stat().st_size


def test_display_layers_are_small_enough_for_a_web_page() -> None:
    total = sum((GEODATA_DIR / "display" / n).stat().st_size for n in OWN_FILES)
    assert total < 800_000


@pytest.mark.parametrize("name", OWN_FILES)
def test_files_are_rfc7946(name: str) -> None:
    """No crs member, at most 6 decimals, exterior rings counter-clockwise (right-hand rule)."""
    data = json.loads((GEODATA_DIR / name).read_text(encoding="utf-8"))
    assert "crs" not in data
    for feature in data["features"]:
        geom = shapely.geometry.shape(feature["geometry"])
        for polygon in shapely.get_parts(geom):
            assert polygon.exterior.is_ccw, feature["properties"]["id"]
        coords = shapely.get_coordinates(geom)
        assert np.allclose(coords, np.round(coords, 6), atol=1e-9, rtol=0)


def test_loader_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """A second load reads no file (the time budget itself is measured in bench/, not here)."""
    load_zones()

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("load_zones re-read a file")

    monkeypatch.setattr(zones.gpd, "read_file", fail)
    assert len(load_zones(("territorial-airspace",))) == len(AIRSPACE_IDS)


# --- Dokdo / Takeshima ------------------------------------------------------------------


def _dokdo() -> gpd.GeoSeries:
    return load_zones().loc["airspace-dokdo"]


def _distance_to_nearest_islet(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    dists = [GEOD.inv(np.full_like(lons, lon), np.full_like(lats, lat), lons, lats)[2]
             for lon, lat in (DONGDO, SEODO)]
    return np.min(dists, axis=0)


def test_dokdo_zone_properties() -> None:
    zone = _dokdo()
    assert zone["name"] == "Dokdo / Takeshima (Liancourt Rocks)"
    assert zone["kind"] == "territorial-airspace"
    assert zone["state"] == "KR"
    assert zone["claimants"] == "KR,JP"
    assert zone["disputed"] in (True, "true")
    assert zone["administered_by"] == "KR"
    assert "독도" in zone["name_ko"] and "竹島" in zone["name_ja"]
    assert zone["name_en"] == "Liancourt Rocks"


def test_dokdo_islets_lie_inside_their_zone() -> None:
    geom = _dokdo().geometry
    for lon, lat in (DONGDO, SEODO):
        assert geom.contains(shapely.Point(lon, lat))
    for point in load_points().itertuples():
        if point.id.startswith("dokdo-"):
            assert geom.contains(point.geometry)


def test_dokdo_zone_boundary_is_12nm_from_the_islets_along_72_bearings() -> None:
    geom = _dokdo().geometry
    centre_lon = (DONGDO[0] + SEODO[0]) / 2
    centre_lat = (DONGDO[1] + SEODO[1]) / 2
    steps = np.arange(20_000.0, 25_000.0, 5.0)
    for bearing in range(0, 360, 5):
        lons, lats, _ = GEOD.fwd(
            np.full_like(steps, centre_lon), np.full_like(steps, centre_lat),
            np.full_like(steps, float(bearing)), steps,
        )
        outside = np.nonzero(~shapely.contains_xy(geom, lons, lats))[0]
        assert outside.size, f"bearing {bearing}: never leaves the zone"
        first = outside[0]
        distance = _distance_to_nearest_islet(lons[first : first + 1], lats[first : first + 1])[0]
        assert abs(distance - 12 * NM) <= 0.2 * NM, (bearing, distance)


def test_every_dokdo_ring_vertex_is_12nm_from_the_nearest_islet() -> None:
    coords = shapely.get_coordinates(_dokdo().geometry.exterior)
    distances = _distance_to_nearest_islet(coords[:, 0], coords[:, 1])
    assert np.all(np.abs(distances - 12 * NM) <= 0.2 * NM)


def test_dokdo_zone_is_cut_out_of_south_korea() -> None:
    table = load_zones()
    korea = table.loc["airspace-KR"].geometry
    dokdo = table.loc["airspace-dokdo"].geometry
    assert korea.intersection(dokdo).area < 1e-10  # deg², about 1 m²
    assert not korea.intersects(shapely.Point(DONGDO).buffer(0.1))


# --- territorial-airspace width ------------------------------------------------------------


@lru_cache(maxsize=1)
def _land() -> shapely.Geometry:
    land = shapely.union_all(list(gpd.read_file(GEODATA_DIR / "land.geojson").geometry))
    shapely.prepare(land)
    return land


def _aeqd(lon: float, lat: float) -> pyproj.Transformer:
    crs = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    return pyproj.Transformer.from_crs(4326, crs, always_xy=True)


def width_along_normal(lon: float, lat: float, zone_id: str) -> tuple[float, float, float]:
    """(coast lon, coast lat, width in nm): from the Natural Earth coast point nearest
    (lon, lat), along the outward normal (geodesic), to where the zone ends."""
    land = _land()
    coast = nearest_points(land.boundary, shapely.Point(lon, lat))[0]
    forward = _aeqd(coast.x, coast.y)
    window = land.intersection(shapely.box(coast.x - 0.3, coast.y - 0.3, coast.x + 0.3, coast.y + 0.3))
    local = shapely.transform(
        window.boundary, lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1]))
    )
    origin = shapely.Point(0, 0)
    ring = min(shapely.get_parts(local), key=lambda part: part.distance(origin))
    along = ring.project(origin)
    a, b = ring.interpolate(along - 5_000), ring.interpolate(along + 5_000)
    tx, ty = b.x - a.x, b.y - a.y
    norm = math.hypot(tx, ty)
    candidates = [math.degrees(math.atan2(s * ty / norm, -s * tx / norm)) for s in (1, -1)]
    azimuth = next(
        az for az in candidates
        if not land.contains(shapely.Point(*GEOD.fwd(coast.x, coast.y, az, 500.0)[:2]))
    )
    zone = load_zones().loc[zone_id].geometry
    steps = np.arange(10.0, 60_000.0, 10.0)
    lons, lats, _ = GEOD.fwd(
        np.full_like(steps, coast.x), np.full_like(steps, coast.y), np.full_like(steps, azimuth), steps
    )
    outside = np.nonzero(~shapely.contains_xy(zone, lons, lats))[0]
    assert outside.size, f"{zone_id} at {lat}, {lon}: no zone edge within 60 km"
    return coast.x, coast.y, steps[outside[0]] / NM


#: Open coasts with a normal (low-water) baseline and a straight shore for ±5 km: long sandy
#: coasts of Japan's Pacific and Sea of Japan sides, the ROK east coast north of Pohang
#: (normal baseline north of straight-baseline point 1), the DPRK east coast, west Sakhalin.
OPEN_COAST_SPOTS = [
    ("Japan, Kashima-nada", 140.62, 36.05, "airspace-JP"),
    ("Japan, Kujukuri", 140.45, 35.50, "airspace-JP"),
    ("Japan, Kaga coast", 136.40, 36.40, "airspace-JP"),
    ("South Korea, Gangneung", 128.95, 37.78, "airspace-KR"),
    ("South Korea, Donghae", 129.12, 37.50, "airspace-KR"),
    ("South Korea, Samcheok", 129.20, 37.40, "airspace-KR"),
    ("South Korea, Uljin", 129.42, 36.95, "airspace-KR"),
    ("South Korea, Yeongdeok", 129.42, 36.45, "airspace-KR"),
    ("North Korea, Kosong", 128.35, 38.70, "airspace-KP"),
    ("Russia, west Sakhalin 47.5N", 142.05, 47.50, "airspace-RU"),
    ("Russia, west Sakhalin 48.5N", 142.10, 48.50, "airspace-RU"),
    ("Russia, west Sakhalin 49.5N", 142.15, 49.50, "airspace-RU"),
]


@pytest.mark.parametrize(("site", "lon", "lat", "zone_id"), OPEN_COAST_SPOTS)
def test_open_coast_width_is_12nm(site: str, lon: float, lat: float, zone_id: str) -> None:
    _, _, width = width_along_normal(lon, lat, zone_id)
    assert abs(width - 12.0) <= 0.5, f"{site}: {width:.2f} nm"


#: Tsushima's west coast on the Korea Strait West Channel: Japan's 3-nm specified area.
STRAIT_SPOTS = [
    ("Tsushima, west coast 34.3N", 129.20, 34.30, "airspace-JP"),
    ("Kamitsushima, west coast 34.6N", 129.30, 34.60, "airspace-JP"),
]


@pytest.mark.parametrize(("site", "lon", "lat", "zone_id"), STRAIT_SPOTS)
def test_korea_strait_width_is_3nm(site: str, lon: float, lat: float, zone_id: str) -> None:
    _, _, width = width_along_normal(lon, lat, zone_id)
    assert abs(width - 3.0) <= 0.5, f"{site}: {width:.2f} nm"


def test_korea_strait_transect_busan_to_tsushima() -> None:
    """Busan -> northern tip of Tsushima: a narrow ROK zone (3 nm from the ROK straight
    baselines, which run off the coast; the transect is oblique), a high-seas corridor, a
    narrow Japanese zone. A 12-nm zone on either side would close the corridor."""
    land = _land()
    busan = nearest_points(land.boundary, shapely.Point(129.10, 35.08))[0]
    tsushima = shapely.get_parts(land.intersection(shapely.box(129.0, 34.0, 129.6, 34.8)))
    island = max(tsushima, key=lambda p: p.area)
    coords = shapely.get_coordinates(island.exterior)
    tip_lon, tip_lat = coords[np.argmax(coords[:, 1])]
    line = GEOD.inv_intermediate(busan.x, busan.y, tip_lon, tip_lat, del_s=20.0,
                                 initial_idx=0, terminus_idx=0, return_back_azimuth=True)
    lons, lats = np.array(line.lons), np.array(line.lats)
    table = load_zones()
    in_kr = shapely.contains_xy(table.loc["airspace-KR"].geometry, lons, lats)
    in_jp = shapely.contains_xy(table.loc["airspace-JP"].geometry, lons, lats)
    step_nm = line.del_s / NM
    assert 2.5 <= in_kr.sum() * step_nm <= 5.5
    assert 2.5 <= in_jp.sum() * step_nm <= 5.5
    assert (~in_kr & ~in_jp).sum() * step_nm >= 15.0


# --- Sea of Japan (East Sea) ---------------------------------------------------------------


def test_sea_of_japan_names_and_extent() -> None:
    sea = load_zones().loc["sea-japan"]
    assert sea["name"] == "Sea of Japan (East Sea)"
    assert sea["name_ja"] == "日本海" and sea["name_ko"] == "동해"
    assert "S-23" in sea["source"]
    geom = sea.geometry
    area_km2 = abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6
    assert 950_000 < area_km2 < 1_100_000
    lon, lat, _ = GEOD.fwd(131.8674, 37.2413, 0.0, 30_000.0)  # north of Dokdo
    assert geom.contains(shapely.Point(lon, lat))
    ieodo = load_points().set_index("id").loc["ieodo"].geometry  # East China Sea
    assert not geom.contains(ieodo)
    assert not geom.intersects(load_zones().loc["land-JP"].geometry.buffer(-0.01))


# --- reference points ----------------------------------------------------------------------


def test_reference_points() -> None:
    points = load_points().set_index("id")
    assert points.crs.equals(CRS)
    expected = {"dokdo-dongdo", "dokdo-seodo", "ulleungdo", "oki-dogo", "ieodo", "tsushima",
                "jeju", "marado"}
    assert expected <= set(points.index)
    for point_id, row in points.iterrows():
        assert row["source"], point_id
        assert row["confidence"] in ("official", "reported", "derived", "approximate")
        assert row.geometry.x == pytest.approx(row["lon"]) and row.geometry.y == pytest.approx(row["lat"])
    assert (points.loc["dokdo-dongdo", "lat"], points.loc["dokdo-dongdo", "lon"]) == (37.2408, 131.8696)
    assert (points.loc["dokdo-seodo", "lat"], points.loc["dokdo-seodo", "lon"]) == (37.2418, 131.8652)
    assert bool(points.loc["marado", "approximate"]) is True
    land = _land()
    for island in ("tsushima", "jeju"):
        assert land.contains(points.loc[island].geometry)


@pytest.mark.parametrize("resolution", ["analysis", "display"])
@pytest.mark.parametrize(
    "place, lon, lat, land_id",
    [
        ("inland Chukotka, west of 180°", 175.0, 67.0, "land-RU"),
        ("Chukotka east of 180°", -173.5, 65.0, "land-RU"),
        ("inland Alaska", -155.0, 65.0, "land-US"),
        ("Nome, Alaska", -165.0, 64.7, "land-US"),
        ("St Lawrence Island", -170.0, 63.4, "land-US"),
        ("Bering Sea east of 180°", -175.0, 60.0, None),
        ("Bering Sea west of 180°", 178.0, 58.0, None),
        ("Vladivostok", 132.0, 43.3, "land-RU"),
    ],
)
def test_land_either_side_of_the_antimeridian(
    resolution: str, place: str, lon: float, lat: float, land_id: str | None
) -> None:
    """Natural Earth's Russia wraps round 180°: the basemap keeps Chukotka on both sides and
    never paints the Bering Sea or Alaska as Russia."""
    land = load_zones(("land",), resolution=resolution)
    point = shapely.Point(lon, lat)
    holders = [zone_id for zone_id, geom in land.geometry.items() if geom.contains(point)]
    assert holders == ([land_id] if land_id else []), place
    widest = max(p.bounds[2] - p.bounds[0] for g in land.geometry for p in shapely.get_parts(g))
    assert widest < 180.0
