"""Territorial airspace (land + 12-nm territorial sea, 3 nm in the specified straits) from OSM.

Source: npm @osm_borders/maritime_10m 1.1.0 (OSM country relations incl. territorial sea,
c. April 2022; ODbL). Every geometry there is a GeometryCollection: its polygonal parts are
exploded and rebuilt as a MultiPolygon, then clipped to :data:`CLIP_BOX`. The strait zones
are kept as OSM maps them. OSM's own Dokdo/Takeshima circle (a part of KOR) and the
geodesic Dokdo zone are cut out of airspace-KR, so a crossing there is reported once.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from layers.build.geodata import CLIP_BOX
from layers.build.geodata.dokdo import ISLETS
from layers.build.geodata.geojson_io import polygonal_parts
from layers.build.geodata.packages import OSM_MARITIME
from layers.errors import InputError
from layers.zones.schema import CRS

#: ISO alpha-3 in OSM -> (alpha-2, display name, valid_from, note)
STATES: dict[str, tuple[str, str, str, str]] = {
    "CHN": ("CN", "China territorial airspace", "", ""),
    "JPN": (
        "JP",
        "Japan territorial airspace",
        "",
        "3-nm territorial sea in the specified straits (Soya, Tsugaru, Tsushima East and West "
        "Channels, Osumi) as mapped in OSM",
    ),
    "KOR": (
        "KR",
        "South Korea territorial airspace",
        "1978-04-30",
        "3-nm territorial sea in the Korea Strait as mapped in OSM; Dokdo/Takeshima is the "
        "separate zone airspace-dokdo",
    ),
    "PRK": ("KP", "North Korea territorial airspace", "", ""),
    "RUS": ("RU", "Russia territorial airspace", "", ""),
    "TWN": ("TW", "Taiwan territorial airspace", "", ""),
}
OSM_SOURCE = (
    "© OpenStreetMap contributors (ODbL 1.0): country boundary relations incl. territorial "
    "sea, via npm @osm_borders/maritime_10m@1.1.0 (data c. April 2022)"
)


def read_osm_borders(geojson: Path) -> gpd.GeoDataFrame:
    """The osm_borders FeatureCollection (fields isoA3, isoA2; EPSG:4326)."""
    frame = gpd.read_file(geojson)
    if frame.crs is None:
        frame = frame.set_crs(CRS)
    return frame


def osm_state_geometries(borders: gpd.GeoDataFrame) -> dict[str, BaseGeometry]:
    """alpha-3 -> clipped, valid MultiPolygon for every state in :data:`STATES`."""
    out = {}
    for iso3 in STATES:
        rows = borders[borders["isoA3"] == iso3]
        if len(rows) != 1:
            raise InputError(
                f"expected one feature with isoA3={iso3}, found {len(rows)}",
                source=f"{OSM_MARITIME.spec}:{OSM_MARITIME.member}",
                field="isoA3",
            )
        multi = shapely.MultiPolygon(polygonal_parts(rows.geometry.iloc[0]))
        clipped = shapely.make_valid(shapely.clip_by_rect(multi, *CLIP_BOX))
        out[iso3] = shapely.MultiPolygon(polygonal_parts(clipped))
    return out


def split_dokdo_part(korea: BaseGeometry) -> tuple[BaseGeometry, BaseGeometry]:
    """(KOR without its Dokdo parts, OSM's Dokdo circle) — the parts containing the islets."""
    islets = [shapely.Point(i.lon, i.lat) for i in ISLETS]
    dokdo: list[shapely.Polygon] = []
    rest: list[shapely.Polygon] = []
    for part in polygonal_parts(korea):
        (dokdo if any(part.covers(p) for p in islets) else rest).append(part)
    if len(dokdo) != 1:
        raise InputError(
            f"expected one KOR polygon part around Dokdo/Takeshima, found {len(dokdo)}",
            source=f"{OSM_MARITIME.spec}:{OSM_MARITIME.member}",
            field="geometry",
        )
    return shapely.MultiPolygon(rest), dokdo[0]


def build_osm_airspace(
    borders: gpd.GeoDataFrame, dokdo_zone: BaseGeometry
) -> tuple[gpd.GeoDataFrame, BaseGeometry]:
    """(zone table airspace-CN/JP/KP/KR/RU/TW, OSM's Dokdo circle for comparison)."""
    geoms = osm_state_geometries(borders)
    korea, osm_dokdo = split_dokdo_part(geoms["KOR"])
    korea = shapely.make_valid(korea.difference(dokdo_zone))
    geoms["KOR"] = shapely.MultiPolygon(polygonal_parts(korea))
    rows = []
    for iso3, (alpha2, name, valid_from, note) in STATES.items():
        rows.append(
            {
                "id": f"airspace-{alpha2}",
                "name": name,
                "kind": "territorial-airspace",
                "state": alpha2,
                "claimants": "",
                "confidence": "derived",
                "source": OSM_SOURCE,
                "valid_from": valid_from,
                "iso_a3": iso3,
                "licence": "ODbL-1.0",
                "note": note or None,
                "geometry": geoms[iso3],
            }
        )
    rows.sort(key=lambda r: r["id"])
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS), osm_dokdo
