"""Land: one feature per state from Natural Earth 1:10m (npm world-atlas countries-10m).

The TopoJSON is read with GDAL's TopoJSON driver (it reports no CRS; the data are
WGS 84 lon/lat, so EPSG:4326 is set). Clipped to :data:`CLIP_BOX` plus the Bering Sea boxes
:data:`LAND_EXTRA_BOXES` (split at the antimeridian, as Natural Earth is); every part is kept,
including the Dokdo/Takeshima islets.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from layers.build.geodata import CLIP_BOX, LAND_EXTRA_BOXES
from layers.build.geodata.geojson_io import polygonal_parts
from layers.build.geodata.packages import WORLD_ATLAS
from layers.errors import InputError
from layers.zones.schema import CRS

#: ISO 3166-1 numeric (Natural Earth ``id``) -> (alpha-2, neutral display name).
STATES: dict[str, tuple[str, str]] = {
    "156": ("CN", "China"),
    "344": ("HK", "Hong Kong"),
    "392": ("JP", "Japan"),
    "408": ("KP", "North Korea (DPRK)"),
    "410": ("KR", "South Korea (Republic of Korea)"),
    "446": ("MO", "Macao"),
    "496": ("MN", "Mongolia"),
    "580": ("MP", "Northern Mariana Islands"),
    "608": ("PH", "Philippines"),
    "643": ("RU", "Russia"),
    "840": ("US", "United States (Alaska)"),
    "158": ("TW", "Taiwan"),
}
#: Disputed areas inside a land feature (Natural Earth shows de-facto control).
LAND_NOTES: dict[str, str] = {
    "KR": "includes Dokdo/Takeshima (Liancourt Rocks): administered by the Republic of Korea, "
    "claimed by Japan (see airspace-dokdo)",
    "RU": "includes the southern Kuril Islands: administered by Russia, claimed by Japan",
    "JP": "includes the Senkaku Islands: administered by Japan, claimed by China and Taiwan",
}
LAND_SOURCE = (
    "Natural Earth 1:10m Admin 0 countries (public domain, naturalearthdata.com) via npm "
    "world-atlas@2.0.2 countries-10m.json"
)


def read_countries(topojson: Path) -> gpd.GeoDataFrame:
    """The ``countries`` object of world-atlas countries-10m as a GeoDataFrame in EPSG:4326."""
    frame = gpd.read_file(topojson, layer="countries")
    return frame.set_crs(CRS, allow_override=True)


def unwrap_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` made valid, with every part that wraps round the antimeridian (a longitude span
    over 180°, as Natural Earth's Russia, whose Chukotka lies east of 180°) shifted into
    0–360° first: such a ring read in -180..180 would enclose the rest of the world."""
    parts = []
    for part in shapely.get_parts(geom):
        minx, _, maxx, _ = part.bounds
        if maxx - minx > 180.0:
            part = shapely.transform(part, _shift_west_longitudes)
        parts.append(shapely.make_valid(part))
    return shapely.make_valid(shapely.union_all(parts))


def _shift_west_longitudes(xy: np.ndarray) -> np.ndarray:
    out = xy.copy()
    out[:, 0] = np.where(out[:, 0] < 0.0, out[:, 0] + 360.0, out[:, 0])
    return out


def clip_wrapped(geom: BaseGeometry, box: tuple[float, float, float, float]) -> list[shapely.Polygon]:
    """Polygons of ``geom`` (longitudes in -180..360) inside ``box`` (longitudes in -180..180),
    including parts that lie 360° east of the box, moved back into -180..180."""
    west, south, east, north = box
    here = polygonal_parts(shapely.make_valid(shapely.clip_by_rect(geom, west, south, east, north)))
    beyond = shapely.clip_by_rect(geom, west + 360.0, south, east + 360.0, north)
    moved = shapely.transform(beyond, lambda xy: xy - np.array([360.0, 0.0]))
    return here + polygonal_parts(shapely.make_valid(moved))


def build_land(topojson: Path) -> gpd.GeoDataFrame:
    """Zone table of land, one feature per state present in the clip boxes."""
    countries = read_countries(topojson)
    boxes = (CLIP_BOX, *LAND_EXTRA_BOXES)
    box = shapely.union_all([shapely.box(*b) for b in boxes])
    rows = []
    for row_no, (code, geom) in enumerate(zip(countries["id"], countries.geometry), start=1):
        if geom is None or not geom.intersects(box):
            continue
        if code not in STATES:
            raise InputError(
                f"state with ISO numeric id {code!r} inside the clip box has no alpha-2 mapping",
                source=f"{WORLD_ATLAS.spec}:{WORLD_ATLAS.member}",
                row=row_no,
                field="id",
            )
        alpha2, name = STATES[code]
        unwrapped = unwrap_antimeridian(geom)
        polygons = [part for b in boxes for part in clip_wrapped(unwrapped, b)]
        if not polygons:
            continue
        rows.append(
            {
                "id": f"land-{alpha2}",
                "name": name,
                "kind": "land",
                "state": alpha2,
                "claimants": "",
                "confidence": "derived",
                "source": LAND_SOURCE,
                "valid_from": "",
                "note": LAND_NOTES.get(alpha2),
                "geometry": shapely.MultiPolygon(polygons),
            }
        )
    rows.sort(key=lambda r: r["id"])
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
