"""Dokdo / Takeshima (Liancourt Rocks): islet points and the geodesic 12-nm airspace.

Islet positions are the NGII values (summits). The low-water line is approximated by a
disc of each islet's official area around its summit, so each islet's zone is a
geodesic circle of radius 12 nm + equivalent radius; the zone is their union, built in
an azimuthal-equidistant projection centred on the islets (distances from the centre
exact) with 512 vertices per circle (chord sag < 0.5 m).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from layers.build.geodata import TWELVE_NM_M
from layers.build.geodata.geodesy import GEOD, to_local, to_lonlat
from layers.zones.schema import CRS

NGII_URL = "http://dokdo.ngii.go.kr/dokdo/contents/contentsView.do?rbsIdx=43"


@dataclass(frozen=True)
class Islet:
    """One islet: NGII summit position (degrees WGS 84) and official area (m²)."""

    key: str
    name: str
    lat: float
    lon: float
    area_m2: float

    @property
    def equivalent_radius_m(self) -> float:
        """Radius of a disc with the islet's area, metres."""
        return math.sqrt(self.area_m2 / math.pi)


DONGDO = Islet("dongdo", "Dongdo / Higashijima (East Islet)", 37.2408, 131.8696, 73_297.0)
SEODO = Islet("seodo", "Seodo / Nishijima (West Islet)", 37.2418, 131.8652, 88_740.0)
ISLETS: tuple[Islet, ...] = (DONGDO, SEODO)
CENTRE_LON = sum(i.lon for i in ISLETS) / len(ISLETS)
CENTRE_LAT = sum(i.lat for i in ISLETS) / len(ISLETS)
QUAD_SEGS = 128  # 512 vertices per circle

ZONE_PROPERTIES = {
    "id": "airspace-dokdo",
    "name": "Dokdo / Takeshima (Liancourt Rocks)",
    "kind": "territorial-airspace",
    "state": "KR",
    "claimants": "KR,JP",
    "confidence": "derived",
    "source": (
        "Derived: union of geodesic 12-nm (22,224 m) buffers around the Dokdo islets "
        f"(NGII positions and areas, {NGII_URL}); breadth per UNCLOS Art. 3 and the ROK "
        "Territorial Sea Act (normal baseline, low-water line)"
    ),
    "valid_from": "1978-04-30",
    "disputed": True,
    "administered_by": "KR",
    "name_ko": "독도 Dokdo",
    "name_ja": "竹島 Takeshima",
    "name_en": "Liancourt Rocks",
    "note": "administered by the Republic of Korea; claimed by Japan",
}


def islet_disc(islet: Islet, radius_m: float) -> BaseGeometry:
    """Geodesic circle (lon/lat polygon) of ``radius_m`` around an islet's summit."""
    centre = to_local(shapely.Point(islet.lon, islet.lat), CENTRE_LON, CENTRE_LAT)
    disc = centre.buffer(radius_m, quad_segs=QUAD_SEGS)
    return to_lonlat(disc, CENTRE_LON, CENTRE_LAT)


def dokdo_zone_geometry() -> BaseGeometry:
    """The 12-nm territorial airspace of the islets, lon/lat (a single polygon)."""
    local = shapely.union_all(
        [
            to_local(shapely.Point(i.lon, i.lat), CENTRE_LON, CENTRE_LAT).buffer(
                TWELVE_NM_M + i.equivalent_radius_m, quad_segs=QUAD_SEGS
            )
            for i in ISLETS
        ]
    )
    return to_lonlat(local, CENTRE_LON, CENTRE_LAT)


def build_dokdo_zone() -> gpd.GeoDataFrame:
    """Zone table with the single row ``airspace-dokdo``."""
    row = dict(ZONE_PROPERTIES, geometry=dokdo_zone_geometry())
    return gpd.GeoDataFrame([row], geometry="geometry", crs=CRS)


def ring_distance_along_bearings(ring: BaseGeometry, bearings_deg: np.ndarray) -> np.ndarray:
    """Geodesic distance (m) from the islets' centre to ``ring`` along each bearing.

    The ray is drawn in the AEQD plane centred on the islets, where straight lines from the
    centre are geodesics and lengths from the centre are geodesic distances.
    """
    local = to_local(ring, CENTRE_LON, CENTRE_LAT).boundary
    out = []
    for bearing in np.radians(bearings_deg):
        ray = shapely.LineString([(0, 0), (60_000 * math.sin(bearing), 60_000 * math.cos(bearing))])
        hit = ray.intersection(local)
        points = [p for p in shapely.get_parts(hit) if p.geom_type == "Point"]
        out.append(min(math.hypot(p.x, p.y) for p in points) if points else float("nan"))
    return np.array(out)


def distance_to_nearest_islet(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Geodesic distance (m) from each point to the nearest islet summit."""
    per_islet = []
    for islet in ISLETS:
        _, _, dist = GEOD.inv(
            np.full_like(lons, islet.lon), np.full_like(lats, islet.lat), lons, lats
        )
        per_islet.append(dist)
    return np.min(per_islet, axis=0)


def compare_with_osm(osm_circle: BaseGeometry, zone: BaseGeometry) -> dict[str, float]:
    """Compare OSM's Dokdo circle with the geodesic zone: metres, along 360 bearings."""
    bearings = np.arange(0.0, 360.0, 1.0)
    osm = ring_distance_along_bearings(osm_circle, bearings)
    ours = ring_distance_along_bearings(zone, bearings)
    diff = osm - ours
    osm_xy = shapely.get_coordinates(osm_circle.boundary)
    osm_to_islet = distance_to_nearest_islet(osm_xy[:, 0], osm_xy[:, 1])
    return {
        "bearings": float(len(bearings)),
        "osm_minus_geodesic_max_m": float(np.nanmax(diff)),
        "osm_minus_geodesic_min_m": float(np.nanmin(diff)),
        "osm_minus_geodesic_median_m": float(np.nanmedian(diff)),
        "abs_diff_max_m": float(np.nanmax(np.abs(diff))),
        "abs_diff_median_m": float(np.nanmedian(np.abs(diff))),
        "osm_vertices": float(len(osm_xy)),
        "osm_ring_to_nearest_summit_min_m": float(osm_to_islet.min()),
        "osm_ring_to_nearest_summit_median_m": float(np.median(osm_to_islet)),
        "osm_ring_to_nearest_summit_max_m": float(osm_to_islet.max()),
    }
