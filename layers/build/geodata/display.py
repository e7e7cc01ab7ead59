"""Display variants: simplified in metres (a regional equal-area projection), small parts
dropped, for the browser. Analysis files keep full resolution."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from layers.build.geodata.dokdo import CENTRE_LAT, CENTRE_LON
from layers.build.geodata.geojson_io import polygonal_parts
from layers.zones.schema import CRS

#: Lambert azimuthal equal-area centred on the region: metres, little distortion here.
REGIONAL_CRS = pyproj.CRS.from_proj4(
    "+proj=laea +lat_0=35 +lon_0=132 +datum=WGS84 +units=m +no_defs"
)
#: Parts this close to the Dokdo/Takeshima islets are never dropped (metres).
KEEP_NEAR_DOKDO_M = 5_000.0
#: Parts wholly outside the main map region (the Bering Sea basemap for the July 2024
#: patrol) are simplified FAR_FACTOR times coarser, and parts FAR_FACTOR² times larger dropped.
MAIN_REGION = (113.0, 18.0, 152.0, 52.0)
FAR_FACTOR = 4.0


def _far_from_region(zones: gpd.GeoDataFrame) -> list[list[bool]]:
    """Per geometry, per part (in get_parts order): is the part wholly outside MAIN_REGION?"""
    region = shapely.box(*MAIN_REGION)
    return [[not p.intersects(region) for p in shapely.get_parts(g)] for g in zones.geometry]


def simplify_zones(
    zones: gpd.GeoDataFrame, tolerance_m: float, min_part_area_m2: float = 0.0
) -> gpd.GeoDataFrame:
    """Simplify every geometry with ``tolerance_m`` (metres) and drop parts smaller than
    ``min_part_area_m2`` (except near Dokdo/Takeshima); returns a copy in EPSG:4326."""
    projected = zones.to_crs(REGIONAL_CRS)
    dokdo = gpd.GeoSeries([shapely.Point(CENTRE_LON, CENTRE_LAT)], crs=CRS).to_crs(REGIONAL_CRS)
    keep_zone = dokdo.iloc[0].buffer(KEEP_NEAR_DOKDO_M)
    geoms: list[BaseGeometry] = []
    far = _far_from_region(zones)
    for geom, far_parts in zip(projected.geometry, far, strict=True):
        parts = [
            (p, is_far)
            for p, is_far in zip(shapely.get_parts(geom), far_parts, strict=True)
            if p.area >= min_part_area_m2 * (FAR_FACTOR**2 if is_far else 1.0)
            or p.intersects(keep_zone)
        ]
        simplified: list[shapely.Polygon] = []
        for part, is_far in parts:
            tolerance = tolerance_m * (FAR_FACTOR if is_far else 1.0)
            small = shapely.make_valid(part.simplify(tolerance, preserve_topology=True))
            simplified.extend(g for g in polygonal_parts(small) if not g.is_empty)
        geoms.append(shapely.MultiPolygon(simplified))
    out = projected.copy()
    out["geometry"] = geoms
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=REGIONAL_CRS).to_crs(CRS)
    out["geometry"] = [
        shapely.make_valid(shapely.MultiPolygon([_keep_side(p, orig) for p in shapely.get_parts(g)]))
        for g, orig in zip(out.geometry, zones.geometry, strict=True)
    ]
    return out


def _keep_side(part: shapely.Polygon, original: BaseGeometry) -> shapely.Polygon:
    """Undo a round trip through the projection that moved seam vertices (lon ±180) to the
    other side of the antimeridian: a part drawn in the east stays east, and vice versa."""
    minx, _, maxx, _ = part.bounds
    if maxx - minx <= 180.0:
        return part
    east = shapely.get_coordinates(part)[:, 0].mean() > 0
    return shapely.transform(
        part, lambda xy: _clamp_lon(xy, 180.0 if east else -180.0, east)
    )


def _clamp_lon(xy: NDArray[np.float64], seam: float, east: bool) -> NDArray[np.float64]:
    xy = xy.copy()
    wrong_side = xy[:, 0] < 0 if east else xy[:, 0] > 0
    xy[wrong_side, 0] = seam
    return xy
