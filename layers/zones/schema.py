"""The one zone schema shared by every polygon layer (zones, land, sea).

A zone table is a GeoDataFrame in EPSG:4326 with the columns of :data:`ZONE_COLUMNS`.
Ids are stable: other tools and the tests rely on them (see :data:`FIXED_ZONE_IDS`).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely

from layers.errors import InputError, Where

ZONE_COLUMNS: tuple[str, ...] = (
    "id",  # stable string id, e.g. "adiz-KR", "airspace-dokdo"
    "name",  # neutral display name
    "kind",  # one of ZONE_KINDS
    "state",  # ISO 3166-1 alpha-2 of the declaring or administering state ("" for none)
    "claimants",  # comma-separated alpha-2 codes of every claimant ("" if undisputed)
    "confidence",  # one of CONFIDENCE_LEVELS: the weakest of the zone's boundary parts
    "source",  # citation of the original source(s)
    "valid_from",  # ISO date the boundary took effect ("" if unknown)
)
ZONE_KINDS: tuple[str, ...] = ("adiz", "territorial-airspace", "sea", "land")
CONFIDENCE_LEVELS: tuple[str, ...] = ("official", "reported", "derived", "approximate")
FIXED_ZONE_IDS: tuple[str, ...] = (
    "adiz-KR",
    "adiz-JP",
    "adiz-CN",
    "airspace-JP",
    "airspace-KR",
    "airspace-KP",
    "airspace-CN",
    "airspace-RU",
    "airspace-dokdo",
)
CRS = "EPSG:4326"


def check_polygon(geom: Any, zone_id: object, *, source: str, row: int | None = None,
                  field: str = "geometry") -> None:
    """The one polygon check: ``geom`` is a non-empty, valid (Multi)Polygon in lon ±180 / lat
    ±90; else :class:`InputError` naming the zone, source, row and field."""
    where: Where = {"source": source, "row": row}
    if geom is None or geom.is_empty:
        raise InputError(f"zone {zone_id!r}: empty geometry", field=field, **where)
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise InputError(f"zone {zone_id!r}: geometry is {geom.geom_type}, expected Polygon or MultiPolygon",
                         field=field, **where)
    minx, miny, maxx, maxy = geom.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise InputError(f"zone {zone_id!r}: coordinates outside lon ±180 / lat ±90 "
                         "(GeoJSON order is [lon, lat])", field=field, **where)
    if not geom.is_valid:
        raise InputError(f"zone {zone_id!r}: invalid polygon ({shapely.is_valid_reason(geom)})",
                         field=field, **where)


def validate_zones(zones: gpd.GeoDataFrame, source: str = "zones") -> gpd.GeoDataFrame:
    """Check a zone table against the schema; return it unchanged or raise :class:`InputError`.

    Checks: CRS is EPSG:4326, required columns present, ids unique and non-empty, kinds
    and confidence levels known, every geometry a valid non-empty (Multi)Polygon within
    lon ±180, lat ±90.
    """
    if zones.crs is None or not zones.crs.equals(CRS):
        raise InputError(f"CRS must be {CRS}, found {zones.crs}", source=source)
    missing = [c for c in ZONE_COLUMNS if c not in zones.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", source=source)
    ids = zones["id"].astype(str)
    for row, zone_id in enumerate(ids, start=1):
        if not zone_id.strip():
            raise InputError("empty id", source=source, row=row, field="id")
    duplicated = ids[ids.duplicated()].unique().tolist()
    if duplicated:
        raise InputError(f"duplicate id(s) {', '.join(duplicated)}", source=source, field="id")
    for row, (zone_id, kind, confidence, geom) in enumerate(
        zip(ids, zones["kind"], zones["confidence"], zones.geometry, strict=True), start=1
    ):
        where: Where = {"source": source, "row": row}
        if kind not in ZONE_KINDS:
            raise InputError(f"{zone_id}: unknown kind {kind!r}", field="kind", **where)
        if confidence not in CONFIDENCE_LEVELS:
            raise InputError(
                f"{zone_id}: unknown confidence {confidence!r}", field="confidence", **where
            )
        check_polygon(geom, zone_id, source=source, row=row)
    return zones
