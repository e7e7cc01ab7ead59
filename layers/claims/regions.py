"""The region that would satisfy a claim, and geodesic distances to it (metres, WGS84).

A claim's region is the geodesic annular sector round its landmark (or the geodesic circle or
annulus when no bearing is stated), built like the scenario places (:mod:`layers.scenarios.places`:
points at the stated ranges along geodesic radials, densified). An entry or exit is met on the
zone's boundary, so its satisfying region is the part of the zone boundary inside the sector.
Distances are geodesic (:class:`layers.engine.distance.BoundaryDistance`, about a metre) to
the region's edges as drawn (straight lon/lat between densified vertices); 0 inside.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from layers.claims.model import PlaceSpec
from layers.engine.distance import BoundaryDistance
from layers.geo import geodesy
from layers.scenarios.places import M_PER_KM, geodesic_circle, sector

#: Vertex spacing (degrees) when a geometry is sampled to measure a gap between two regions.
SAMPLE_STEP_DEG = 0.01


def region_polygon(spec: PlaceSpec) -> shapely.Polygon:
    """The polygon (lon/lat) of a claim's place: sector, circle or annulus."""
    lon, lat = spec.centre
    near, far = (r * M_PER_KM for r in spec.range_km)
    if spec.bearing_deg is not None:
        return _polygonal(sector(lon, lat, spec.bearing_deg, (near, far)))
    outer = geodesic_circle(lon, lat, far, n=144)
    if near <= 0:
        return outer
    return shapely.Polygon(outer.exterior.coords, [geodesic_circle(lon, lat, near, n=144).exterior.coords[::-1]])


def _polygonal(geom: BaseGeometry) -> shapely.Polygon:
    """The polygon of a made-valid sector (a wedge from range 0 can come back as a collection
    of the polygon and its degenerate spike at the centre)."""
    polygons = [g for g in shapely.get_parts(geom) if isinstance(g, shapely.Polygon) and not g.is_empty]
    merged = shapely.union_all(polygons)
    if isinstance(merged, shapely.Polygon):
        return merged
    return max(shapely.get_parts(merged), key=lambda g: g.area)


def nominal_geometry(spec: PlaceSpec) -> BaseGeometry | None:
    """The place the text names exactly: the point at the stated bearing and distance, the
    radial at the stated bearing (direction only), the centre (near / between); ``None`` for a
    ring (a distance without a bearing)."""
    lon, lat = spec.centre
    if spec.nominal_bearing_deg is None:
        return shapely.Point(lon, lat) if spec.nominal_km == 0.0 else None
    if spec.nominal_km is not None:
        plon, plat = geodesy.forward(lon, lat, spec.nominal_bearing_deg, spec.nominal_km * M_PER_KM)
        return shapely.Point(float(plon[0]), float(plat[0]))
    near, far = (r * M_PER_KM for r in spec.range_km)
    ranges = np.linspace(near, far, 41)
    plon, plat = geodesy.forward(lon, lat, np.full(ranges.shape, spec.nominal_bearing_deg), ranges)
    return shapely.LineString(np.column_stack([plon, plat]))


def zone_boundary(zone: BaseGeometry) -> BaseGeometry:
    """The boundary (rings) of a zone polygon."""
    return shapely.boundary(zone)


def satisfying_region(polygon: shapely.Polygon, event: str, zone: BaseGeometry | None) -> BaseGeometry:
    """Where the claimed event could be: the polygon for a sighting; for an entry or exit the
    part of the zone's boundary inside it (empty when they do not meet)."""
    if event == "sighting" or zone is None:
        return polygon
    return shapely.intersection(zone_boundary(zone), polygon)


def _edges(geom: BaseGeometry) -> NDArray[np.float64]:
    """Every straight lon/lat edge of a polygon's rings or a line's parts, as (n, 4)."""
    out = []
    for part in shapely.get_parts(geom):
        lines = shapely.get_rings(part) if isinstance(part, shapely.Polygon) else [part]
        for line in lines:
            xy = shapely.get_coordinates(line)
            if len(xy) >= 2:
                out.append(np.column_stack([xy[:-1], xy[1:]]))
    return np.concatenate(out) if out else np.empty((0, 4))


def distance_to_m(geom: BaseGeometry, lon: float, lat: float) -> float:
    """Geodesic distance (m) from (lon, lat) to ``geom`` (0 inside a polygon); inf when empty."""
    if geom.is_empty:
        return float("inf")
    point = shapely.Point(lon, lat)
    if isinstance(geom, (shapely.Polygon, shapely.MultiPolygon)) and shapely.covers(geom, point):
        return 0.0
    return BoundaryDistance(edges=_edges(geom)).exact(lon, lat)[0]


def gap_m(a: BaseGeometry, b: BaseGeometry) -> tuple[float, tuple[float, float], tuple[float, float]]:
    """Least geodesic distance (m) between two geometries (0 where they meet) and the two
    nearest points (lon, lat): ``b`` sampled every :data:`SAMPLE_STEP_DEG`, each sample measured
    to the edges of ``a`` (a sample's spacing error is far below a kilometre at these gaps)."""
    if a.is_empty or b.is_empty:
        return float("inf"), (np.nan, np.nan), (np.nan, np.nan)
    if shapely.intersects(a, b):
        p = shapely.get_coordinates(shapely.intersection(a, b))[0]
        return 0.0, (float(p[0]), float(p[1])), (float(p[0]), float(p[1]))
    samples = shapely.get_coordinates(shapely.segmentize(b, SAMPLE_STEP_DEG))
    d, x, y = BoundaryDistance(edges=_edges(a)).exact_many(samples[:, 0], samples[:, 1])
    i = int(np.argmin(d))
    return float(d[i]), (float(x[i]), float(y[i])), (float(samples[i, 0]), float(samples[i, 1]))


def nearest_on(target: BaseGeometry, to: BaseGeometry) -> tuple[float, float] | None:
    """The point of ``target`` nearest ``to`` (planar in lon/lat: picks the named point only)."""
    if target.is_empty:
        return None
    point = nearest_points(target, to)[0]
    return float(point.x), float(point.y)


def to_feature(geom: BaseGeometry, properties: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON feature of ``geom`` (coordinates rounded to 5 decimals, about a metre)."""
    rounded = shapely.set_precision(geom, 1e-5) if not geom.is_empty else geom
    return {"type": "Feature", "geometry": mapping(rounded) if not rounded.is_empty else None,
            "properties": properties}


__all__ = ["SAMPLE_STEP_DEG", "distance_to_m", "gap_m", "nearest_on", "nominal_geometry", "region_polygon",
           "satisfying_region", "to_feature", "zone_boundary"]
