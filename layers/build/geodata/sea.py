"""Sea of Japan (East Sea): the ocean (map box minus land) cut along the IHO S-23 limits.

IHO S-23 "Limits of Oceans and Seas", 3rd ed. 1953, no. 52 "Japan Sea": SW, the NE limit of
the Eastern China Sea (Nomo Saki 32°35'N → S point of Hukae Sima (Fukue-jima, Goto) → through
the island to Ose Saki → Hunan Kan, S point of Saisyu To (Jeju) → through Jeju to its western
extreme); SE, Nagoya Saki (130°49'E) → Murasaki Hana (34°01'N) (Kanmon); E, Siriya Saki
(141°28'E) → Esan Saki (41°48'N) (Tsugaru); NE, Soya Misaki → Nishi-Notoro Misaki (45°55'N)
(La Pérouse); N, Cape Tyk (51°45.7'N) → Cape Sushcheva, north of the map: cut at 50°N here.

The text gives one coordinate per cape (read from secondary copies of S-23); the other is
taken from the Natural Earth coast (the crossing of that parallel/meridian with the named
island, or the island's extreme vertex). S-23 leaves the limit between Jeju and the Korean
mainland open; this project closes it from Jeju's western extreme to the southernmost point
of the Korean mainland. Each limit is cut into the ocean, and the sea is the part that
contains a point 12 nm north of the Dokdo/Takeshima islets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from layers.build.geodata import MAP_BOX, TWELVE_NM_M
from layers.build.geodata.dokdo import CENTRE_LAT, CENTRE_LON
from layers.build.geodata.geodesy import GEOD
from layers.build.geodata.geojson_io import polygonal_parts
from layers.zones.schema import CRS

S23_SOURCE = (
    "IHO S-23 Limits of Oceans and Seas, 3rd ed. 1953, no. 52 'Japan Sea' and no. 50 'Eastern "
    "China Sea' (https://iho.int/, S23_1953.pdf); cape coordinates read from secondary copies "
    "of the text and completed from the Natural Earth coast (approximate); land: Natural Earth "
    "1:10m via npm world-atlas@2.0.2"
)
EXTEND_DEG = 0.01  # each limit line is extended this far past its ends, onto land


@dataclass(frozen=True)
class Cape:
    """A cape named by S-23, located on an island's Natural Earth polygon."""

    name: str
    state: str  # land-XX feature holding the island
    island_box: tuple[float, float, float, float]  # selects the island (largest part inside)
    rule: str  # "west@lat", "east@lat", "north@lon", or "{south,west,east,north}-vertex"
    value: float | None = None  # the S-23 coordinate (degrees) for the "@" rules
    near: tuple[float, float, float, float] | None = None  # vertex rules: only vertices here


KYUSHU = (129.5, 31.0, 132.1, 34.0)
FUKUE = (128.55, 32.5, 128.95, 32.85)
JEJU = (126.1, 33.1, 127.0, 33.6)
KOREA = (124.5, 34.0, 130.0, 39.0)
HONSHU = (130.8, 33.7, 142.2, 41.6)
HOKKAIDO = (139.3, 41.3, 146.0, 45.6)
SAKHALIN = (141.5, 45.8, 144.8, 54.5)

CAPES: dict[str, Cape] = {
    "nomo": Cape("Nomo Saki (32°35'N), Kyushu", "JP", KYUSHU, "west@lat", 32 + 35 / 60),
    "fukue_s": Cape("S point of Hukae Sima (Fukue-jima)", "JP", FUKUE, "south-vertex"),
    "ose": Cape("Ose Saki (Cape Goto), Fukue-jima", "JP", FUKUE, "west-vertex"),
    "jeju_s": Cape("Hunan Kan, S point of Saisyu To (Jeju)", "KR", JEJU, "south-vertex"),
    "jeju_w": Cape("western extreme of Jeju", "KR", JEJU, "west-vertex"),
    "korea_s": Cape("southernmost point of the Korean mainland (project choice)", "KR", KOREA,
                    "south-vertex"),
    "nagoya": Cape("Nagoya Saki (130°49'E), Kyushu", "JP", KYUSHU, "north@lon", 130 + 49 / 60),
    "murasaki": Cape("Murasaki Hana (34°01'N), Honshu", "JP", HONSHU, "west@lat", 34 + 1 / 60),
    # Natural Earth's Shimokita coast ends at 141.465°E, short of the S-23 meridian 141°28'E:
    # the easternmost coast vertex of the cape area is used.
    "shiriya": Cape("Siriya Saki (141°28'E), Honshu: easternmost NE vertex", "JP", HONSHU,
                    "east-vertex", near=(141.2, 41.25, 141.6, 41.6)),
    "esan": Cape("Esan Saki (41°48'N), Hokkaido", "JP", HOKKAIDO, "east@lat", 41 + 48 / 60),
    "soya": Cape("Soya Misaki, Hokkaido", "JP", HOKKAIDO, "north-vertex"),
    "notoro": Cape("Nishi-Notoro Misaki (Cape Crillon, 45°55'N), Sakhalin", "RU", SAKHALIN,
                   "west@lat", 45 + 55 / 60),
}
#: The limits, as chains of capes (segments through an island are harmless: land).
LIMITS: tuple[tuple[str, ...], ...] = (
    ("nomo", "fukue_s", "ose", "jeju_s", "jeju_w", "korea_s"),
    ("nagoya", "murasaki"),
    ("shiriya", "esan"),
    ("soya", "notoro"),
)


def island(land: BaseGeometry, box: tuple[float, float, float, float]) -> shapely.Polygon:
    """Largest land polygon lying mostly inside ``box``."""
    window = shapely.box(*box)
    parts = [p for p in polygonal_parts(land) if p.intersects(window)]
    if not parts:
        raise ValueError(f"no land inside {box}")
    return max(parts, key=lambda p: p.intersection(window).area)


def locate(cape: Cape, land_by_state: dict[str, BaseGeometry]) -> tuple[float, float]:
    """(lon, lat) of a cape on its island's coast, per the cape's rule."""
    poly = island(land_by_state[cape.state], cape.island_box)
    coords = shapely.get_coordinates(poly.exterior)
    if cape.near is not None:
        x0, y0, x1, y1 = cape.near
        coords = coords[(coords[:, 0] >= x0) & (coords[:, 0] <= x1)
                        & (coords[:, 1] >= y0) & (coords[:, 1] <= y1)]
    pick: dict[str, Callable[[np.ndarray], int]] = {
        "south-vertex": lambda c: int(np.argmin(c[:, 1])),
        "west-vertex": lambda c: int(np.argmin(c[:, 0])),
        "east-vertex": lambda c: int(np.argmax(c[:, 0])),
        "north-vertex": lambda c: int(np.argmax(c[:, 1])),
    }
    if cape.rule in pick:
        x, y = coords[pick[cape.rule](coords)]
        return float(x), float(y)
    side, _ = cape.rule.split("@")
    assert cape.value is not None
    minx, miny, maxx, maxy = poly.bounds
    if side in ("west", "east"):
        line = shapely.LineString([(minx - 1, cape.value), (maxx + 1, cape.value)])
    else:
        line = shapely.LineString([(cape.value, miny - 1), (cape.value, maxy + 1)])
    hits = shapely.get_coordinates(line.intersection(poly.exterior))
    if len(hits) == 0:
        raise ValueError(f"{cape.name}: no coast crossing")
    index = {"west": (0, np.argmin), "east": (0, np.argmax), "north": (1, np.argmax)}[side]
    x, y = hits[index[1](hits[:, index[0]])]
    return float(x), float(y)


def limit_lines(
    land_by_state: dict[str, BaseGeometry],
) -> tuple[list[shapely.LineString], dict[str, tuple[float, float]]]:
    """The S-23 limit lines (each segment extended past its ends) and the located capes."""
    points = {key: locate(cape, land_by_state) for key, cape in CAPES.items()}
    lines = []
    for chain in LIMITS:
        for a, b in zip(chain, chain[1:]):
            (x1, y1), (x2, y2) = points[a], points[b]
            length = np.hypot(x2 - x1, y2 - y1)
            dx, dy = (x2 - x1) / length * EXTEND_DEG, (y2 - y1) / length * EXTEND_DEG
            lines.append(shapely.LineString([(x1 - dx, y1 - dy), (x2 + dx, y2 + dy)]))
    return lines, points


def seed_point() -> shapely.Point:
    """A point surely in the Sea of Japan: 12 nm due north of the Dokdo islets' centre."""
    lon, lat, _ = GEOD.fwd(CENTRE_LON, CENTRE_LAT, 0.0, TWELVE_NM_M)
    return shapely.Point(lon, lat)


def sea_of_japan_geometry(
    land_by_state: dict[str, BaseGeometry],
) -> tuple[BaseGeometry, dict[str, tuple[float, float]]]:
    """(Sea of Japan polygon, located capes) from land per state (alpha-2), lon/lat."""
    land = shapely.union_all(list(land_by_state.values()))
    ocean = shapely.box(*MAP_BOX).difference(land)
    lines, capes = limit_lines(land_by_state)
    cut = shapely.union_all(lines).buffer(1e-7)
    pieces = polygonal_parts(ocean.difference(cut))
    seed = seed_point()
    containing = [p for p in pieces if p.covers(seed)]
    if len(containing) != 1:
        raise ValueError("the Sea of Japan seed point is not in exactly one ocean part")
    return containing[0], capes


def build_sea(land_zones: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, dict[str, tuple[float, float]]]:
    """Zone table with ``sea-japan`` and the located S-23 capes (for SOURCES.md)."""
    land_by_state = dict(zip(land_zones["state"], land_zones.geometry, strict=True))
    geom, capes = sea_of_japan_geometry(land_by_state)
    row = {
        "id": "sea-japan",
        "name": "Sea of Japan (East Sea)",
        "kind": "sea",
        "state": "",
        "claimants": "",
        "confidence": "approximate",
        "source": S23_SOURCE,
        "valid_from": "",
        "name_en": "Sea of Japan (East Sea)",
        "name_ja": "日本海",
        "name_ko": "동해",
        "name_s23": "Japan Sea (IHO S-23 no. 52)",
        "note": "name and limits per IHO S-23 (1953); the Republic of Korea uses East Sea "
        "(동해), the DPRK Korean East Sea (조선동해); cut at 50°N (map edge)",
        "geometry": geom,
    }
    return gpd.GeoDataFrame([row], geometry="geometry", crs=CRS), capes


def area_km2(geom: BaseGeometry) -> float:
    """Geodesic area of a lon/lat polygon, km²."""
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6
