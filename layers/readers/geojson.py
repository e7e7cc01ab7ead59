"""GeoJSON tracks.

Accepted features (row = 1-based feature index):

- LineString / MultiPoint with per-vertex times in ``properties.coordinateProperties.times``
  (as @tmcw/togeojson writes), ``properties.times`` (as folium's TimestampedGeoJson reads)
  or ``properties.coordTimes`` (as the older @mapbox/togeojson wrote); MultiLineString with the
  times nested per part (or flat). The track id is the ``track_id`` property, else ``name``,
  else the feature ``id``, else ``<file>-<n>``.
  Other scalar properties become track metadata; other per-vertex arrays in
  ``coordinateProperties`` become per-fix columns.
- Point features each with a ``time`` (or ``timestamp``) property, grouped by their
  ``track_id`` property (all points form one track named after the file if none has one).

Times are ISO 8601 text (naive = UTC) or numbers of **milliseconds** since 1970 (JavaScript
time, as both tools use). Coordinates are [lon, lat, altitude in metres] (RFC 7946).
Features of other types, and Points without a time, are skipped with a warning.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from layers.errors import InputError, InputWarning
from layers.readers.plausibility import emit_warning
from layers.readers.source import Payload, decode_text
from layers.readers.validate import ReadResult, build_result

_STYLE_PREFIXES = ("stroke", "fill", "marker-", "icon", "style", "popup")
_TIME_KEYS = ("time", "timestamp")


def load_json(payload: Payload) -> Any:
    """Parsed JSON; a syntax error names its line."""
    text = decode_text(payload.data, payload.name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
            source=payload.name,
            row=exc.lineno,
        ) from None


def _ms_to_iso(value: Any) -> Any:
    """Numbers are JavaScript times (ms since 1970, UTC); text is passed on unchanged."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return pd.Timestamp(value, unit="ms", tz="UTC")
        except (OverflowError, ValueError):
            return f"{value!r} ms"
    return value


def _scalar_properties(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in properties.items()
        if isinstance(value, (str, int, float, bool))
        and key not in ("times", "coordTimes", "track_id", "coordinateProperties", *_TIME_KEYS)
        and not key.lower().startswith(_STYLE_PREFIXES)
    }


def _vertex_rows(
    feature_no: int,
    track_id: str,
    coordinates: list[Any],
    times: list[Any],
    path: str,
    times_path: str,
    extras: dict[str, list[Any]],
    name: str,
) -> list[dict[str, Any]]:
    if not isinstance(coordinates, list) or not isinstance(times, list):
        raise InputError("coordinates and times must be arrays", source=name, row=feature_no, field=times_path)
    if len(times) != len(coordinates):
        raise InputError(
            f"{len(times)} times for {len(coordinates)} vertices",
            source=name,
            row=feature_no,
            field=times_path,
        )
    rows = []
    for k, (position, time) in enumerate(zip(coordinates, times, strict=True)):
        if not isinstance(position, list) or len(position) < 2:
            raise InputError(
                f"a position must be [lon, lat] or [lon, lat, alt], found {position!r}",
                source=name,
                row=feature_no,
                field=f"{path}[{k}]",
            )
        row = {
            "track_id": track_id,
            "time": _ms_to_iso(time),
            "lon": position[0],
            "lat": position[1],
            "alt_m": position[2] if len(position) > 2 else None,
            "_row": feature_no,
            "_ordered": True,  # vertices of a line: their order is the path as drawn
            "_f_time": f"{times_path}[{k}]",
            "_f_lon": f"{path}[{k}][0]",
            "_f_lat": f"{path}[{k}][1]",
            "_f_alt_m": f"{path}[{k}][2]",
        }
        for key, values in extras.items():
            row[key] = values[k]
        rows.append(row)
    return rows


def _line_rows(feature: dict[str, Any], feature_no: int, name: str) -> list[dict[str, Any]]:
    geometry = feature["geometry"]
    properties = feature.get("properties") or {}
    coord_props = properties.get("coordinateProperties")
    coord_props = coord_props if isinstance(coord_props, dict) else {}
    if "times" in coord_props:
        times, times_path = coord_props["times"], "properties.coordinateProperties.times"
    elif "times" in properties:
        times, times_path = properties["times"], "properties.times"
    elif "coordTimes" in properties:  # @mapbox/togeojson, the predecessor
        times, times_path = properties["coordTimes"], "properties.coordTimes"
    else:
        raise InputError(
            f"{geometry['type']} has no per-vertex times (properties.coordinateProperties.times"
            " or properties.times)",
            source=name,
            row=feature_no,
            field="properties.coordinateProperties.times",
        )
    track_id = properties.get("track_id") or properties.get("name") or feature.get("id")
    track_id = str(track_id) if track_id not in (None, "") else f"{Path(name).stem}-{feature_no}"
    coordinates = geometry.get("coordinates")
    meta = _scalar_properties(properties)
    if geometry["type"] == "MultiLineString":
        parts = coordinates if isinstance(coordinates, list) else []
        flat_times = isinstance(times, list) and all(not isinstance(t, list) for t in times)
        total = sum(len(part) for part in parts if isinstance(part, list))
        rows: list[dict[str, Any]] = []
        offset = 0
        for p, part in enumerate(parts):
            part = part if isinstance(part, list) else []
            if flat_times:
                part_times, part_path = times[offset : offset + len(part)], times_path
            else:
                part_times = times[p] if isinstance(times, list) and p < len(times) else None
                part_path = f"{times_path}[{p}]"
            if part_times is None or len(part_times) != len(part):
                raise InputError(
                    f"times do not match the {len(part)} vertices of part {p}",
                    source=name,
                    row=feature_no,
                    field=part_path,
                )
            extras = _per_vertex(coord_props, len(part), p if not flat_times else None, offset, total)
            part_rows = _vertex_rows(
                feature_no, track_id, part, part_times, f"geometry.coordinates[{p}]", part_path, extras, name
            )
            if flat_times:
                for k, row in enumerate(part_rows):
                    row["_f_time"] = f"{times_path}[{offset + k}]"
            rows.extend(part_rows)
            offset += len(part)
    else:
        count = len(coordinates) if isinstance(coordinates, list) else 0
        extras = _per_vertex(coord_props, count, None, 0, count)
        rows = _vertex_rows(feature_no, track_id, coordinates, times, "geometry.coordinates", times_path, extras, name)
    for row in rows:
        row.update(meta)
    return rows


def _per_vertex(
    coord_props: dict[str, Any], count: int, part: int | None, offset: int, total: int
) -> dict[str, list[Any]]:
    """Per-vertex arrays of ``coordinateProperties`` (other than times) matching the vertices:
    nested per part (``part``), or flat over all ``total`` vertices (sliced at ``offset``)."""
    extras = {}
    for key, values in coord_props.items():
        if key == "times" or not isinstance(values, list):
            continue
        if part is not None:
            values = values[part] if part < len(values) and isinstance(values[part], list) else None
        elif len(values) == total:
            values = values[offset : offset + count]
        else:
            values = None
        if values is not None and len(values) == count and all(
            v is None or isinstance(v, (str, int, float, bool)) for v in values
        ):
            extras[key] = values
    return extras


def read_geojson(payload: Payload, document: Any | None = None) -> ReadResult:
    """Tracks from a GeoJSON FeatureCollection or Feature (see the module docstring)."""
    name = payload.name
    if document is None:
        document = load_json(payload)
    if not isinstance(document, dict) or document.get("type") not in ("FeatureCollection", "Feature"):
        found_type = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise InputError(f"expected a GeoJSON FeatureCollection or Feature, found {found_type!r}",
                         source=name, field="type")
    features = document.get("features") if document["type"] == "FeatureCollection" else [document]
    if not isinstance(features, list):
        raise InputError("'features' must be an array", source=name, field="features")
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    points_without_id: list[int] = []
    points_with_id = 0
    for feature_no, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
            skipped.append(f"feature {feature_no} (no geometry)")
            continue
        kind = feature["geometry"].get("type")
        properties = feature.get("properties") or {}
        if kind in ("LineString", "MultiLineString", "MultiPoint"):
            rows.extend(_line_rows(feature, feature_no, name))
        elif kind == "Point":
            time_key = next((k for k in _TIME_KEYS if k in properties), None)
            if time_key is None:
                skipped.append(f"feature {feature_no} (Point without a time)")
                continue
            position = feature["geometry"].get("coordinates")
            if not isinstance(position, list) or len(position) < 2:
                raise InputError(
                    f"a position must be [lon, lat] or [lon, lat, alt], found {position!r}",
                    source=name, row=feature_no, field="geometry.coordinates",
                )
            track_id = properties.get("track_id")
            if track_id in (None, ""):
                points_without_id.append(feature_no)
            else:
                points_with_id += 1
            row = {
                "track_id": track_id,
                "time": _ms_to_iso(properties[time_key]),
                "lon": position[0],
                "lat": position[1],
                "alt_m": position[2] if len(position) > 2 else None,
                "_row": feature_no,
                "_f_time": f"properties.{time_key}",
                "_f_lon": "geometry.coordinates[0]",
                "_f_lat": "geometry.coordinates[1]",
                "_f_alt_m": "geometry.coordinates[2]",
                "_f_track_id": "properties.track_id",
            }
            row.update(_scalar_properties({k: v for k, v in properties.items() if k not in ("name", "id")}))
            rows.append(row)
        else:
            skipped.append(f"feature {feature_no} ({kind})")
    if points_without_id and points_with_id:
        raise InputError(
            "Point feature without a track_id property while others have one",
            source=name, row=points_without_id[0], field="properties.track_id",
        )
    for row in rows:
        if row["track_id"] is None and row.get("_f_track_id"):
            row["track_id"] = Path(name).stem
    if not rows:
        detail = f"; found {', '.join(skipped[:3])}{' …' if len(skipped) > 3 else ''}" if skipped else ""
        raise InputError(
            "no tracks found: expected LineString features with per-vertex times or Point"
            f" features with a time property{detail}",
            source=name,
        )
    found: list[InputWarning] = []
    if skipped:
        emit_warning(found, f"{name}: skipped {len(skipped)} feature(s) that are not tracks: "
                     f"{', '.join(skipped[:5])}" + (" …" if len(skipped) > 5 else ""), stacklevel=4)
    result = build_result(pd.DataFrame(rows), name, "geojson")
    result.warnings[:0] = found
    return result
