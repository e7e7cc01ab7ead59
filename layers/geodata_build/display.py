"""Display variants: simplified in metres (a regional equal-area projection), small parts
dropped, for the browser. Analysis files keep full resolution."""

from __future__ import annotations

import geopandas as gpd
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from layers.geodata_build.dokdo import CENTRE_LAT, CENTRE_LON
from layers.geodata_build.geojson_io import polygonal_parts
from layers.schema import CRS

#: Lambert azimuthal equal-area centred on the region: metres, little distortion here.
REGIONAL_CRS = pyproj.CRS.from_proj4(
    "+proj=laea +lat_0=35 +lon_0=132 +datum=WGS84 +units=m +no_defs"
)
#: Parts this close to the Dokdo/Takeshima islets are never dropped (metres).
KEEP_NEAR_DOKDO_M = 5_000.0


def simplify_zones(
    zones: gpd.GeoDataFrame, tolerance_m: float, min_part_area_m2: float = 0.0
) -> gpd.GeoDataFrame:
    """Simplify every geometry with ``tolerance_m`` (metres) and drop parts smaller than
    ``min_part_area_m2`` (except near Dokdo/Takeshima); returns a copy in EPSG:4326."""
    projected = zones.to_crs(REGIONAL_CRS)
    dokdo = gpd.GeoSeries([shapely.Point(CENTRE_LON, CENTRE_LAT)], crs=CRS).to_crs(REGIONAL_CRS)
    keep_zone = dokdo.iloc[0].buffer(KEEP_NEAR_DOKDO_M)
    geoms: list[BaseGeometry] = []
    for geom in projected.geometry:
        parts = [
            p
            for p in shapely.get_parts(geom)
            if p.area >= min_part_area_m2 or p.intersects(keep_zone)
        ]
        simplified = []
        for part in parts:
            small = shapely.make_valid(part.simplify(tolerance_m, preserve_topology=True))
            simplified.extend(g for g in polygonal_parts(small) if not g.is_empty)
        geoms.append(shapely.MultiPolygon(simplified))
    out = projected.copy()
    out["geometry"] = geoms
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=REGIONAL_CRS).to_crs(CRS)
    out["geometry"] = [shapely.make_valid(g) for g in out.geometry]
    return out
