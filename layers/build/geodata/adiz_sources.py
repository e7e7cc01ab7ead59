"""Read the hand-transcribed ADIZ source tables in ``geodata/sources/``.

``adiz_vertices.csv`` holds one row per vertex as written in its source (the ``text``
column, degrees/minutes/seconds in the source's own notation) with decimal ``lat``/``lon``
degrees (WGS 84 or the datum noted). ``adiz_edges.csv`` holds one row per edge between two
consecutive vertices of a ring: its kind, confidence, whether it is approximate (no
official text backs it) and its source. Bad rows raise :class:`layers.errors.InputError`
naming the file, the row and the field.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from layers.errors import InputError, Where
from layers.zones.schema import CONFIDENCE_LEVELS

VERTEX_FIELDS: tuple[str, ...] = (
    "zone_id", "ring", "seq", "label", "lat", "lon", "text", "datum", "source", "confidence",
    "note",
)
EDGE_FIELDS: tuple[str, ...] = (
    "zone_id", "ring", "from_label", "to_label", "kind", "confidence", "approximate", "source",
    "note",
)
VERTEX_CONFIDENCE: tuple[str, ...] = ("official", "reported", "derived")
#: Edge kinds: straight in lon/lat between the two vertices ("parallel" is a straight edge
#: along a parallel); "territorial-sea-closure" and "truncation" are generated from the
#: territorial airspace layer by :mod:`layers.build.geodata.adiz_closure`.
EDGE_KINDS: tuple[str, ...] = ("straight", "parallel", "territorial-sea-closure", "truncation")
#: Largest allowed difference between the decimal columns and the DMS text, degrees.
TEXT_TOLERANCE_DEG = 1e-6

_NORTH = "北緯|北纬|북위"
_EAST = "東経|东经|동경"
_DEG, _MIN, _SEC = "度|도", "分|분", "秒|초"
_WORDED = re.compile(
    rf"(?:{_NORTH})\s*(?P<lat>[\d\s.{_DEG}{_MIN}{_SEC}]+?)\s*[、,，]?\s*"
    rf"(?:{_EAST})\s*(?P<lon>[\d\s.{_DEG}{_MIN}{_SEC}]+)$"
)
_UNIT = re.compile(rf"(\d+(?:\.\d+)?)\s*({_DEG}|{_MIN}|{_SEC})")
_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{2})?N\s+(\d{3})(\d{2})(\d{2})?E$")


@dataclass(frozen=True)
class Vertex:
    """One transcribed vertex: decimal degrees plus the source's own text."""

    zone_id: str
    ring: str
    seq: int
    label: str
    lat: float
    lon: float
    text: str
    datum: str
    source: str
    confidence: str
    note: str


@dataclass(frozen=True)
class Edge:
    """One edge between two labelled vertices of a ring."""

    zone_id: str
    ring: str
    from_label: str
    to_label: str
    kind: str
    confidence: str
    approximate: bool
    source: str
    note: str


def _worded_part(part: str) -> float:
    values = {"deg": 0.0, "min": 0.0, "sec": 0.0}
    for number, unit in _UNIT.findall(part):
        key = "deg" if unit in _DEG else "min" if unit in _MIN else "sec"
        values[key] = float(number)
    if not _UNIT.search(part):
        raise ValueError(f"no degrees in {part!r}")
    return values["deg"] + values["min"] / 60.0 + values["sec"] / 3600.0


def parse_dms_text(text: str) -> tuple[float, float]:
    """(lat, lon) in decimal degrees from a north/east position as written in a source.

    Understands the Japanese directive ("北緯 36 度 11 秒 東経 130 度 29 分 51 秒": minutes
    may be omitted), the PRC statement ("北纬33度11分、东经121度47分"), Korean news text
    ("북위 39도, 동경 123도 30분") and AIP notation ("3230N 12730E").
    """
    cleaned = " ".join(text.split())
    compact = _COMPACT.match(cleaned)
    if compact:
        d1, m1, s1, d2, m2, s2 = compact.groups()
        lat = int(d1) + int(m1) / 60.0 + int(s1 or 0) / 3600.0
        lon = int(d2) + int(m2) / 60.0 + int(s2 or 0) / 3600.0
        return lat, lon
    worded = _WORDED.search(cleaned)
    if not worded:
        raise ValueError(f"cannot read a north/east position from {text!r}")
    return _worded_part(worded.group("lat")), _worded_part(worded.group("lon"))


def _read_rows(path: Path, fields: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.exists():
        raise InputError("file not found", source=str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [f for f in fields if f not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"missing column(s) {', '.join(missing)}", source=str(path))
        return [dict(row) for row in reader]


def read_vertices(path: Path) -> list[Vertex]:
    """All vertices of ``adiz_vertices.csv``, checked against their own text."""
    vertices = []
    for row_number, row in enumerate(_read_rows(path, VERTEX_FIELDS), start=1):
        where: Where = {"source": str(path), "row": row_number}
        try:
            lat, lon, seq = float(row["lat"]), float(row["lon"]), int(row["seq"])
        except ValueError as exc:
            raise InputError(f"not a number ({exc})", field="lat/lon/seq", **where) from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"position {lat}, {lon} out of range", field="lat", **where)
        if row["confidence"] not in VERTEX_CONFIDENCE:
            raise InputError(
                f"confidence {row['confidence']!r} not one of {', '.join(VERTEX_CONFIDENCE)}",
                field="confidence",
                **where,
            )
        for field in ("zone_id", "ring", "label", "text", "source"):
            if not row[field].strip():
                raise InputError("empty value", field=field, **where)
        try:
            text_lat, text_lon = parse_dms_text(row["text"])
        except ValueError as exc:
            raise InputError(str(exc), field="text", **where) from exc
        if abs(text_lat - lat) > TEXT_TOLERANCE_DEG or abs(text_lon - lon) > TEXT_TOLERANCE_DEG:
            raise InputError(
                f"lat/lon {lat}, {lon} differ from the text ({text_lat:.8f}, {text_lon:.8f})",
                field="lat",
                **where,
            )
        vertices.append(
            Vertex(
                zone_id=row["zone_id"], ring=row["ring"], seq=seq, label=row["label"],
                lat=lat, lon=lon, text=" ".join(row["text"].split()), datum=row["datum"],
                source=row["source"], confidence=row["confidence"], note=row["note"],
            )
        )
    keys = [(v.zone_id, v.ring, v.label) for v in vertices]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise InputError(f"duplicate vertex label(s) {duplicates}", source=str(path), field="label")
    return vertices


def read_edges(path: Path) -> list[Edge]:
    """All edges of ``adiz_edges.csv``."""
    edges = []
    for row_number, row in enumerate(_read_rows(path, EDGE_FIELDS), start=1):
        where: Where = {"source": str(path), "row": row_number}
        if row["kind"] not in EDGE_KINDS:
            raise InputError(f"unknown edge kind {row['kind']!r}", field="kind", **where)
        if row["confidence"] not in CONFIDENCE_LEVELS:
            raise InputError(
                f"unknown confidence {row['confidence']!r}", field="confidence", **where
            )
        if row["approximate"] not in ("true", "false"):
            raise InputError("approximate must be true or false", field="approximate", **where)
        approximate = row["approximate"] == "true"
        if row["confidence"] == "official" and approximate:
            raise InputError("an official edge cannot be approximate", field="approximate", **where)
        if not row["source"].strip():
            raise InputError("every edge needs a source", field="source", **where)
        edges.append(
            Edge(
                zone_id=row["zone_id"], ring=row["ring"], from_label=row["from_label"],
                to_label=row["to_label"], kind=row["kind"], confidence=row["confidence"],
                approximate=approximate, source=row["source"], note=row["note"],
            )
        )
    return edges


def ring_vertices(vertices: list[Vertex], zone_id: str, ring: str = "outer") -> list[Vertex]:
    """The vertices of one ring in ``seq`` order."""
    return sorted((v for v in vertices if v.zone_id == zone_id and v.ring == ring),
                  key=lambda v: v.seq)


def ring_edges(
    vertices: list[Vertex], edges: list[Edge], zone_id: str, path: Path, ring: str = "outer"
) -> list[Edge]:
    """The edges of one ring in vertex order; every consecutive pair needs exactly one edge."""
    ring_v = ring_vertices(vertices, zone_id, ring)
    by_pair = {(e.from_label, e.to_label): e for e in edges if e.zone_id == zone_id and e.ring == ring}
    ordered = []
    for index, vertex in enumerate(ring_v):
        following = ring_v[(index + 1) % len(ring_v)]
        edge = by_pair.pop((vertex.label, following.label), None)
        if edge is None:
            raise InputError(
                f"{zone_id}: no edge {vertex.label} -> {following.label}",
                source=str(path), field="from_label",
            )
        ordered.append(edge)
    if by_pair:
        raise InputError(
            f"{zone_id}: edge(s) between non-consecutive vertices {sorted(by_pair)}",
            source=str(path), field="from_label",
        )
    return ordered
