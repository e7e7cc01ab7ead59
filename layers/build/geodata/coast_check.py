"""Where does the OSM territorial-sea limit differ from a geodesic 12-nm buffer of the coast?

At each site: a local azimuthal-equidistant projection centred on the coast point nearest
the site (Natural Earth coast); the OSM limit (boundary of the state's airspace polygon)
is sampled every 200 m within 30 km of the centre, samples within 3 km of land (land
borders, coast) are dropped, and each sample's distance to the coast is measured in metres.
A geodesic 12-nm buffer of the coast lies exactly at 22,224 m, so ``distance - 22,224 m`` is
the OSM limit's offset from that buffer (positive: OSM lies farther out); in the straits
the offset is taken from a 3-nm (5,556 m) buffer. Natural Earth
(world-atlas) is quantised to about 330 × 190 m, which bounds the precision.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.ops import nearest_points

from layers.build.geodata import NM_M, THREE_NM_M, TWELVE_NM_M
from layers.build.geodata.geodesy import to_local

#: Radius of the sampled area per baseline type (metres): wider where straight baselines
#: push the limit out, narrower in the straits so that only the strait zone is sampled.
RADIUS_M = {"normal": 30_000.0, "straight": 100_000.0, "strait-3nm": 15_000.0}
STEP_M = 200.0
MIN_FROM_LAND_M = 3_000.0


@dataclass(frozen=True)
class Site:
    """A measurement site: name, state (alpha-2), approximate coast position, baseline type."""

    name: str
    state: str
    lon: float
    lat: float
    baseline: str  # "normal" (low-water line), "straight" (straight baselines), "strait-3nm"


SITES: tuple[Site, ...] = (
    Site("Japan, Kashima-nada (Pacific)", "JP", 140.62, 36.05, "normal"),
    Site("Japan, Kujukuri (Pacific)", "JP", 140.45, 35.50, "normal"),
    Site("Japan, Tokachi coast (Hokkaido)", "JP", 143.55, 42.65, "normal"),
    Site("Japan, Tottori (Sea of Japan)", "JP", 134.20, 35.53, "normal"),
    Site("Japan, Kaga coast (Ishikawa)", "JP", 136.40, 36.40, "normal"),
    Site("South Korea, Gangneung", "KR", 128.95, 37.78, "normal"),
    Site("South Korea, Uljin", "KR", 129.42, 36.95, "normal"),
    Site("South Korea, Yeongdeok", "KR", 129.42, 36.45, "normal"),
    Site("North Korea, Kosong", "KP", 128.35, 38.70, "normal"),
    Site("North Korea, Chongjin", "KP", 129.80, 41.75, "normal"),
    Site("Russia, Terney (Primorye)", "RU", 136.62, 45.05, "normal"),
    Site("Russia, Sakhalin west coast", "RU", 142.05, 47.50, "normal"),
    Site("China, Shandong north coast (Yantai)", "CN", 121.30, 37.60, "normal"),
    Site("China, Jiangsu coast", "CN", 120.95, 32.80, "straight"),
    Site("South Korea, west coast (Buan)", "KR", 126.45, 35.60, "straight"),
    Site("Japan, Akita coast south of Oga", "JP", 140.05, 39.50, "straight"),
    Site("Taiwan, Hualien east coast", "TW", 121.62, 23.98, "straight"),
    Site("Japan, Tsushima west coast (West Channel)", "JP", 129.20, 34.30, "strait-3nm"),
    Site("Japan, Tsushima south-east coast (East Channel)", "JP", 129.33, 34.22, "strait-3nm"),
    Site("South Korea, Busan (Korea Strait)", "KR", 129.10, 35.08, "strait-3nm"),
    Site("Japan, Tappi (Tsugaru Strait)", "JP", 140.35, 41.25, "strait-3nm"),
    Site("Japan, Cape Soya (La Pérouse Strait)", "JP", 141.94, 45.52, "strait-3nm"),
)


def coast_point(land: shapely.Geometry, lon: float, lat: float) -> tuple[float, float]:
    """Nearest point of a land geometry's boundary to (lon, lat) (planar in degrees: a
    selector only; all measurements afterwards are in metres)."""
    point = nearest_points(land.boundary, shapely.Point(lon, lat))[0]
    return point.x, point.y


def measure_site(site: Site, land_all: shapely.Geometry, land_state: shapely.Geometry,
                 zone: shapely.Geometry) -> dict[str, object]:
    """Distance statistics (metres) of the OSM limit from the coast around one site."""
    lon, lat = coast_point(land_state, site.lon, site.lat)
    window = shapely.box(lon - 2.0, lat - 1.5, lon + 2.0, lat + 1.5)
    land_local = to_local(land_all.intersection(window), lon, lat)
    limit_local = to_local(zone.intersection(window).boundary, lon, lat)
    disc = shapely.Point(0, 0).buffer(RADIUS_M[site.baseline], quad_segs=64)
    inside = limit_local.intersection(disc)
    samples: list[shapely.Point] = []
    for line in shapely.get_parts(shapely.line_merge(inside) if not inside.is_empty else inside):
        if line.geom_type != "LineString":
            continue
        distances = np.arange(0.0, line.length, STEP_M)
        samples.extend(line.interpolate(d) for d in distances)
    dist = np.array([land_local.distance(p) for p in samples])
    dist = dist[dist > MIN_FROM_LAND_M]
    expected = THREE_NM_M if site.baseline == "strait-3nm" else TWELVE_NM_M
    result: dict[str, object] = {
        "site": site.name,
        "state": site.state,
        "baseline": site.baseline,
        "coast_lon": round(lon, 5),
        "coast_lat": round(lat, 5),
        "samples": int(dist.size),
    }
    if dist.size:
        result.update(
            median_m=float(np.median(dist)),
            p10_m=float(np.percentile(dist, 10)),
            p90_m=float(np.percentile(dist, 90)),
            max_m=float(dist.max()),
            expected_m=expected,
            offset_median_m=float(np.median(dist) - expected),
        )
    return result


def check_sites(land_zones: gpd.GeoDataFrame, airspace_zones: gpd.GeoDataFrame) -> list[dict[str, object]]:
    """Measure every site in :data:`SITES`."""
    land_all = shapely.union_all(list(land_zones.geometry))
    land_by_state = dict(zip(land_zones["state"], land_zones.geometry, strict=True))
    zone_by_state = {
        s: g for s, g, i in zip(airspace_zones["state"], airspace_zones.geometry,
                                airspace_zones["id"], strict=True) if i != "airspace-dokdo"
    }
    return [
        measure_site(site, land_all, land_by_state[site.state], zone_by_state[site.state])
        for site in SITES
    ]


def format_row(row: dict[str, object]) -> str:
    """One Markdown table row (nm to 0.1, offset in metres)."""
    if not row["samples"]:
        return f"| {row['site']} | {row['baseline']} | — | — | 0 |"
    nm = {k: float(row[k]) / NM_M for k in ("median_m", "p10_m", "p90_m")}  # type: ignore[arg-type]
    return (
        f"| {row['site']} ({row['coast_lat']:.3f} N, {row['coast_lon']:.3f} E) | {row['baseline']} | "
        f"{nm['median_m']:.1f} ({nm['p10_m']:.1f}–{nm['p90_m']:.1f}) | "
        f"{float(row['expected_m']) / NM_M:.0f} nm: {float(row['offset_median_m']):+,.0f} m | "  # type: ignore[arg-type]
        f"{row['samples']} |"
    )


TABLE_HEADER = (
    "| Site (coast point) | Baseline | OSM limit from NE coast, nm: median (p10–p90) | "
    "Median offset from a geodesic buffer of | Samples |\n|---|---|---|---|---|"
)
