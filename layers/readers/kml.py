"""KML and KMZ (Google Earth) tracks.

- ``gx:Track`` (also inside ``gx:MultiTrack``): ``<when>`` times paired in order with
  ``<gx:coord>`` "lon lat alt" (altitude in metres). One track per Placemark, named by its
  ``<name>``, else ``<file>-<n>``. Row = the line of the ``<gx:coord>`` (a time error names
  the line of its ``<when>`` in the field).
- Point Placemarks with a ``<TimeStamp><when>``: one fix each, grouped into one track per
  enclosing Folder/Document, named by that container's ``<name>`` (else the file name).
  Row = the line of the Point's ``<coordinates>``.

A ``LineString`` has no per-point times in KML (a TimeStamp or TimeSpan applies to the whole
line), so it cannot be analysed in time: it is skipped with a warning, and a file holding
nothing else is an error. KMZ is a zip archive; the root ``doc.kml`` (else the first
``.kml``) is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from layers.errors import InputError, InputWarning
from layers.readers.plausibility import emit_warning
from layers.readers.source import Payload, zip_member
from layers.readers.validate import ReadResult, build_result
from layers.readers.xmlsafe import child_text, children, descendants, local, parse_xml


def _split_coord(text: str) -> tuple[str, str, str | None]:
    parts = text.replace(",", " ").split()
    if len(parts) < 2:
        return "", "", None
    return parts[0], parts[1], parts[2] if len(parts) > 2 else None


def _track_rows(track: Any, track_id: str, name: str) -> list[dict[str, Any]]:
    whens = children(track, "when")
    coords = children(track, "coord")
    if len(whens) != len(coords):
        raise InputError(
            f"gx:Track has {len(whens)} <when> and {len(coords)} <gx:coord> elements; they must pair up",
            source=name,
            row=track.sourceline,
            field="gx:coord",
        )
    rows = []
    for when, coord in zip(whens, coords, strict=True):
        lon, lat, alt = _split_coord(coord.text or "")
        rows.append(
            {
                "track_id": track_id,
                "time": (when.text or "").strip(),
                "lat": lat,
                "lon": lon,
                "alt_m": alt,
                "_row": coord.sourceline,
                "_f_time": f"when (line {when.sourceline})",
                "_f_lat": "gx:coord",
                "_f_lon": "gx:coord",
                "_f_alt_m": "gx:coord",
            }
        )
    return rows


def _container_name(placemark: Any, default: str) -> str:
    parent = placemark.getparent()
    while parent is not None:
        if local(parent.tag) in ("Folder", "Document"):
            name = child_text(parent, "name")
            if name:
                return name
        parent = parent.getparent()
    return default


def read_kml(payload: Payload, max_bytes: int = 0) -> ReadResult:
    """Tracks from a KML document (see the module docstring)."""
    name = payload.name
    root = parse_xml(payload.data, name)
    if local(root.tag) != "kml":
        raise InputError(f"expected a <kml> document, found <{local(root.tag)}>", source=name, row=root.sourceline)
    stem = Path(name).stem
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    for n, placemark in enumerate(descendants(root, "Placemark"), start=1):
        label = child_text(placemark, "name")
        tracks = descendants(placemark, "Track")
        if tracks:
            for track in tracks:
                rows.extend(_track_rows(track, label or f"{stem}-{n}", name))
            continue
        points = descendants(placemark, "Point")
        stamp = next(iter(descendants(placemark, "TimeStamp")), None)
        when = child_text(stamp, "when") if stamp is not None else None
        if points and when is not None:
            coordinates = next(iter(descendants(points[0], "coordinates")), None)
            text = (coordinates.text or "") if coordinates is not None else ""
            lon, lat, alt = _split_coord(text)
            line = coordinates.sourceline if coordinates is not None else points[0].sourceline
            rows.append(
                {
                    "track_id": _container_name(placemark, stem),
                    "time": when,
                    "lat": lat,
                    "lon": lon,
                    "alt_m": alt,
                    "_row": line,
                    "_f_time": "TimeStamp/when",
                    "_f_lat": "coordinates",
                    "_f_lon": "coordinates",
                    "_f_alt_m": "coordinates",
                }
            )
            continue
        kinds = sorted({local(node.tag) for node in placemark.iter()
                        if local(node.tag) in ("LineString", "Point", "Polygon")})
        skipped.append(f"{label or f'Placemark {n}'} (line {placemark.sourceline}: "
                       f"{'/'.join(kinds) or 'no geometry'} without per-point times)")
    if not rows:
        detail = f"; skipped {', '.join(skipped[:3])}" if skipped else ""
        raise InputError(
            "no timed tracks found: KML needs gx:Track (<when> + <gx:coord>) or Point placemarks"
            f" with <TimeStamp>; a LineString has no per-point times{detail}",
            source=name,
        )
    found: list[InputWarning] = []
    if skipped:
        emit_warning(found, f"{name}: skipped {len(skipped)} placemark(s) without per-point times: "
                     f"{', '.join(skipped[:5])}", stacklevel=4)
    result = build_result(pd.DataFrame(rows), name, "kml")
    result.warnings[:0] = found
    return result


def read_kmz(payload: Payload, max_bytes: int) -> ReadResult:
    """Tracks from a KMZ archive: its ``doc.kml`` (or first ``.kml``) read as KML."""
    member, data = zip_member(payload.data, payload.name, (".kml",), max_bytes)
    result = read_kml(Payload(f"{payload.name}:{member}", data))
    result.format = "kmz"
    return result
