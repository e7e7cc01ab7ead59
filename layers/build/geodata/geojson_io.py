"""Deterministic GeoJSON writing: fixed rounding, sorted keys, one feature per line.

Polygons are snapped to the decimal grid with :func:`shapely.set_precision` (which keeps
them valid) and oriented by the RFC 7946 right-hand rule (exterior counter-clockwise).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from layers.zones.schema import CRS, ZONE_COLUMNS, validate_zones


def polygonal_parts(geom: BaseGeometry) -> list[shapely.Polygon]:
    """All polygons inside a (nested) GeometryCollection / MultiPolygon."""
    parts = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            parts.append(part)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            parts.extend(polygonal_parts(part))
    return parts


def snap(geom: BaseGeometry, decimals: int) -> BaseGeometry:
    """Snap a geometry to a 10**-decimals degree grid, keeping polygons valid and oriented."""
    snapped = shapely.set_precision(geom, 10.0**-decimals)
    if snapped.geom_type == "GeometryCollection":
        snapped = shapely.MultiPolygon(polygonal_parts(snapped))
    if snapped.geom_type in ("Polygon", "MultiPolygon"):
        snapped = shapely.orient_polygons(snapped)
    return snapped


def _round_coords(coords: Any, decimals: int) -> Any:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), decimals) + 0.0 for c in coords[:2]]
    return [_round_coords(c, decimals) for c in coords]


def geometry_dict(geom: BaseGeometry, decimals: int) -> dict[str, Any]:
    """GeoJSON geometry object with coordinates rounded to ``decimals``."""
    mapping = shapely.geometry.mapping(geom)
    return {"type": mapping["type"], "coordinates": _round_coords(mapping["coordinates"], decimals)}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6) + 0.0
    if hasattr(value, "item"):  # numpy scalar
        return _clean(value.item())
    return value


def write_features(
    path: Path, features: Iterable[tuple[Mapping[str, Any], BaseGeometry]], decimals: int
) -> int:
    """Write a FeatureCollection (properties, geometry) deterministically; return bytes written.

    Geometries must already be snapped with :func:`snap` for the same ``decimals``.
    """
    lines = []
    for properties, geom in features:
        feature = {
            "type": "Feature",
            "properties": {
                key: _clean(val) for key, val in properties.items() if not _missing(val)
            },
            "geometry": geometry_dict(geom, decimals),
        }
        lines.append(json.dumps(
                feature, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
            ))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def write_zones(path: Path, zones: gpd.GeoDataFrame, decimals: int) -> int:
    """Validate a zone table (layers.zones.schema), snap it and write it; return bytes written.

    Extra columns beyond the schema are written as properties; None/NaN extras are dropped.
    """
    zones = zones.copy()
    zones["geometry"] = [snap(g, decimals) for g in zones.geometry]
    zones = gpd.GeoDataFrame(zones, geometry="geometry", crs=CRS)
    validate_zones(zones, source=str(path))
    extras = [c for c in zones.columns if c not in ZONE_COLUMNS and c != "geometry"]
    features = []
    for _, row in zones.iterrows():
        props: dict[str, Any] = {c: str(row[c]) for c in ZONE_COLUMNS}
        for column in extras:
            props[column] = row[column]
        features.append((props, row.geometry))
    return write_features(path, features, decimals)
