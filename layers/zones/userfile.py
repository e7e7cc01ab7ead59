"""User zone files: a GeoJSON FeatureCollection of Polygon/MultiPolygon features, each with a
string property ``id``, read into the zone schema (:mod:`layers.zones.schema`).

Errors name the file, the feature (row = 1-based feature index) and the field: not a
FeatureCollection, a feature that is not a (Multi)Polygon, a missing, empty, non-string or
duplicate ``id``, coordinates that are not a polygon or lie outside lon ±180 / lat ±90, an
invalid polygon (the reason from :func:`shapely.is_valid_reason`, e.g. a self-intersection),
an unknown ``kind`` or ``confidence``.

Missing schema columns get these defaults (documented choice):

- ``name``: the id.
- ``kind``: ``"adiz"``. A user polygon's legal nature is unknown; an ADIZ is the kind whose
  entry implies no violation, so it is the least loaded label. Give a ``kind`` property
  (``territorial-airspace``, ``sea``, ``land``) to say otherwise.
- ``confidence``: ``"reported"`` (given by the user, not checked against an official text).
- ``state``, ``claimants``, ``valid_from``: ``""``; ``source``: ``"user file <name>"``.

Other properties are kept as extra columns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import shape

from layers.errors import InputError
from layers.readers.geojson import load_json
from layers.readers.source import DEFAULT_MAX_BYTES, Source, load_payload
from layers.zones.schema import CONFIDENCE_LEVELS, CRS, ZONE_COLUMNS, ZONE_KINDS, check_polygon, validate_zones

DEFAULT_KIND = "adiz"
DEFAULT_CONFIDENCE = "reported"


def _check_rings_closed(geometry: dict[str, Any], kind: str, row: int, zone_id: str, name: str) -> None:
    """RFC 7946 §3.1.6: a linear ring's first and last positions are the same. An open ring is
    refused, not silently closed: the file may be cut short."""
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list):
        return  # shape() reports malformed coordinates
    for p, rings in enumerate(polygons):
        for r, ring in enumerate(rings if isinstance(rings, list) else []):
            if isinstance(ring, list) and len(ring) >= 2 and list(ring[0]) != list(ring[-1]):
                path = f"geometry.coordinates[{r}]" if kind == "Polygon" else f"geometry.coordinates[{p}][{r}]"
                raise InputError(
                    f"zone {zone_id!r}: ring not closed (its first and last positions differ)",
                    source=name, row=row, field=path,
                )


def _geometry(feature: dict[str, Any], row: int, zone_id: str, name: str) -> Any:
    geometry = feature.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if not isinstance(geometry, dict) or kind not in ("Polygon", "MultiPolygon"):
        raise InputError(
            f"zone {zone_id!r}: geometry is {kind or 'missing'}, expected Polygon or MultiPolygon",
            source=name, row=row, field="geometry.type",
        )
    _check_rings_closed(geometry, kind, row, zone_id, name)
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, shapely.errors.GEOSException) as exc:
        raise InputError(
            f"zone {zone_id!r}: coordinates do not form a polygon ({exc})",
            source=name, row=row, field="geometry.coordinates",
        ) from None
    check_polygon(geom, zone_id, source=name, row=row, field="geometry.coordinates")
    return geom


def read_zones(source: Source, name: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> gpd.GeoDataFrame:
    """A zone table (schema of :mod:`layers.zones.schema`, indexed by id) from a GeoJSON file."""
    payload = load_payload(source, name, max_bytes)
    name = payload.name
    document = load_json(payload)
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        found = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise InputError(f"expected a GeoJSON FeatureCollection, found {found!r}", source=name, field="type")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise InputError("the FeatureCollection has no features", source=name, field="features")
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise InputError("a feature must be an object", source=name, row=row)
        properties = feature.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        zone_id = properties.get("id")
        if zone_id is None:
            raise InputError("missing zone id (a string property 'id')", source=name, row=row, field="properties.id")
        if not isinstance(zone_id, str) or not zone_id.strip():
            raise InputError(
                f"zone id must be a non-empty string, found {zone_id!r}", source=name, row=row, field="properties.id"
            )
        zone_id = zone_id.strip()
        if zone_id in seen:
            raise InputError(
                f"duplicate zone id {zone_id!r} (also feature {seen[zone_id]})",
                source=name, row=row, field="properties.id",
            )
        seen[zone_id] = row
        geom = _geometry(feature, row, zone_id, name)
        kind = properties.get("kind", DEFAULT_KIND)
        if kind not in ZONE_KINDS:
            raise InputError(
                f"zone {zone_id!r}: unknown kind {kind!r} (one of {', '.join(ZONE_KINDS)})",
                source=name, row=row, field="properties.kind",
            )
        confidence = properties.get("confidence", DEFAULT_CONFIDENCE)
        if confidence not in CONFIDENCE_LEVELS:
            raise InputError(
                f"zone {zone_id!r}: unknown confidence {confidence!r} (one of {', '.join(CONFIDENCE_LEVELS)})",
                source=name, row=row, field="properties.confidence",
            )
        record = {
            key: value
            for key, value in properties.items()
            if isinstance(value, (str, int, float, bool)) or value is None
        }
        record.update(
            id=zone_id,
            name=str(properties.get("name") or zone_id),
            kind=kind,
            state=str(properties.get("state") or ""),
            claimants=str(properties.get("claimants") or ""),
            confidence=confidence,
            source=str(properties.get("source") or f"user file {Path(name).name}"),
            valid_from=str(properties.get("valid_from") or ""),
            geometry=geom,
        )
        records.append(record)
    zones = gpd.GeoDataFrame(records, geometry="geometry", crs=CRS)
    ordered = [*ZONE_COLUMNS, *[c for c in zones.columns if c not in ZONE_COLUMNS and c != "geometry"], "geometry"]
    zones = zones[ordered].set_index("id", drop=False)
    zones.index.name = None
    return validate_zones(zones, source=name)
