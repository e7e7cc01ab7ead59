"""Reference points: the Dokdo/Takeshima islets, Ulleungdo, Dōgo (Oki), Ieodo, Marado, and
the Tsushima and Jeju islands.

Coordinates come with their original source. Tsushima and Jeju have no sourced point in the
research notes, so theirs are derived: the centroid of the island's Natural Earth polygon.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely

from layers.build.geodata.dokdo import DONGDO, NGII_URL, SEODO
from layers.zones.schema import CRS

DOKDO_COMMON: dict[str, Any] = {
    "kind": "islet",
    "disputed": True,
    "administered_by": "KR",
    "claimants": "KR,JP",
    "note": "Dokdo / Takeshima (Liancourt Rocks): administered by the Republic of Korea; "
    "claimed by Japan",
}
NE_SOURCE = "Natural Earth 1:10m (public domain) via npm world-atlas@2.0.2 countries-10m.json"

#: Sourced points (id -> properties without geometry). lat/lon in degrees WGS 84.
SOURCED_POINTS: dict[str, dict[str, Any]] = {
    "dokdo-dongdo": {
        **DOKDO_COMMON,
        "name": "Dongdo / Higashijima (Dokdo / Takeshima East Islet)",
        "name_ko": "동도 Dongdo",
        "name_ja": "東島 Higashijima (女島 Mejima)",
        "name_en": "East Islet, Liancourt Rocks",
        "lat": DONGDO.lat,
        "lon": DONGDO.lon,
        "source": f"NGII (National Geographic Information Institute, ROK), {NGII_URL}: "
        "37°14′26.8″N 131°52′10.4″E, highest point; GSI-based value 37.241 N 131.870 E "
        "(OPRF, https://www.spf.org/islandstudies/jp/info_library/takeshima-t-02-geo-index--index.html)",
        "confidence": "official",
        "approximate": False,
    },
    "dokdo-seodo": {
        **DOKDO_COMMON,
        "name": "Seodo / Nishijima (Dokdo / Takeshima West Islet)",
        "name_ko": "서도 Seodo",
        "name_ja": "西島 Nishijima (男島 Ojima)",
        "name_en": "West Islet, Liancourt Rocks",
        "lat": SEODO.lat,
        "lon": SEODO.lon,
        "source": f"NGII, {NGII_URL}: 37°14′30.6″N 131°51′54.6″E; GSI-based value 37.242 N "
        "131.865 E (OPRF, https://www.spf.org/islandstudies/jp/info_library/takeshima-t-02-geo-index--index.html)",
        "confidence": "official",
        "approximate": False,
    },
    "ulleungdo": {
        "kind": "island",
        "name": "Ulleungdo",
        "name_ko": "울릉도 Ulleungdo",
        "name_ja": "鬱陵島 Utsuryōtō",
        "name_en": "Ulleung Island",
        "lat": 37.50111,
        "lon": 130.85639,
        "source": "Wikipedia infobox, https://en.wikipedia.org/wiki/Ulleungdo: 37°30′04″N "
        "130°51′23″E",
        "confidence": "reported",
        "approximate": False,
    },
    "oki-dogo": {
        "kind": "island",
        "name": "Dōgo (Oki Islands)",
        "name_ja": "島後 Dōgo (隠岐諸島 Oki-shotō)",
        "name_ko": "오키 제도 도고",
        "name_en": "Dōgo, Oki Islands",
        "lat": 36.23333,
        "lon": 133.28333,
        "source": "Wikipedia (English), article on Dōgo, Oki Islands: 36°14′N 133°17′E",
        "confidence": "reported",
        "approximate": False,
    },
    "ieodo": {
        "kind": "research-station",
        "name": "Ieodo / Socotra Rock ocean research station",
        "name_ko": "이어도 종합해양과학기지",
        "name_zh": "苏岩礁",
        "name_en": "Socotra Rock (Ieodo)",
        "lat": 32.12295,
        "lon": 125.18245,
        "source": "32°07′22.63″N 125°10′56.81″E per the station/lighthouse list quoted by "
        "librewiki; National Atlas of Korea 32°07′N 125°10′E, 149 km SW of Marado "
        "(https://nationalatlas.cafe24.com/pages/page_423.php)",
        "confidence": "reported",
        "approximate": False,
        "note": "submerged reef; the station stands about 700 m from the reef summit",
    },
    "marado": {
        "kind": "island",
        "name": "Marado (southernmost island of the Republic of Korea)",
        "name_ko": "마라도 Marado",
        "name_en": "Mara Island",
        "lat": 33.11,
        "lon": 126.27,
        "source": "NGII (National Geographic Information Institute, ROK): southern tip at "
        "33°06′N; the longitude is approximate (no sourced value)",
        "confidence": "approximate",
        "approximate": True,
    },
}

#: Island points derived from Natural Earth polygons: id -> (properties, search box
#: (lon_min, lat_min, lon_max, lat_max) selecting the island's polygon part).
DERIVED_ISLANDS: dict[str, tuple[dict[str, Any], tuple[float, float, float, float]]] = {
    "tsushima": (
        {
            "kind": "island",
            "name": "Tsushima",
            "name_ja": "対馬 Tsushima",
            "name_ko": "대마도 Daemado",
            "name_en": "Tsushima Island",
        },
        (129.0, 33.9, 129.6, 34.8),
    ),
    "jeju": (
        {
            "kind": "island",
            "name": "Jeju Island",
            "name_ko": "제주도 Jejudo",
            "name_ja": "済州島 Saishūtō",
            "name_en": "Jeju Island",
        },
        (126.0, 33.0, 127.1, 33.7),
    ),
}


def island_centroid(land: gpd.GeoDataFrame, box: tuple[float, float, float, float]) -> shapely.Point:
    """Centroid of the largest land part inside ``box`` (degrees)."""
    window = shapely.box(*box)
    parts = [
        p for g in land.geometry for p in shapely.get_parts(g) if window.contains(p)
    ]
    if not parts:
        raise ValueError(f"no island polygon inside {box}")
    island = max(parts, key=lambda p: p.area)
    centroid = island.centroid
    return centroid if island.contains(centroid) else island.representative_point()


def build_points(land: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Reference points as a GeoDataFrame (EPSG:4326), sorted by id."""
    rows = []
    for point_id, props in SOURCED_POINTS.items():
        rows.append({"id": point_id, **props, "geometry": shapely.Point(props["lon"], props["lat"])})
    for point_id, (props, box) in DERIVED_ISLANDS.items():
        centre = island_centroid(land, box)
        lon, lat = round(centre.x, 5), round(centre.y, 5)
        rows.append(
            {
                "id": point_id,
                **props,
                "lat": lat,
                "lon": lon,
                "source": f"Derived: centroid of the island's polygon in {NE_SOURCE}",
                "confidence": "derived",
                "approximate": False,
                "geometry": shapely.Point(lon, lat),
            }
        )
    rows.sort(key=lambda r: r["id"])
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
