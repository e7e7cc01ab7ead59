"""Build the ADIZ layers (KADIZ, JADIZ, CADIZ) from the hand-transcribed source tables.

Inputs: ``geodata/sources/adiz_vertices.csv`` and ``adiz_edges.csv`` (every vertex with its
text, source and confidence; every edge with its kind, confidence and source) and the
territorial-airspace layer ``airspace.geojson`` in the output directory (built first by the
territorial-airspace step; the CADIZ is closed along the PRC territorial-sea line and the
drawn part of JADIZ along Japan's main-island territorial airspace).

Outputs (deterministic, byte-identical on rebuild):

* ``adiz.geojson``: one zone per ADIZ in the zone schema (:mod:`layers.zones.schema`), 7 decimals;
* ``display/adiz.geojson``: the same geometry at 5 decimals;
* ``boundaries.geojson``: every edge as a LineString with ``zone_id``, ``from_label``,
  ``to_label``, ``kind``, ``confidence``, ``approximate`` (true when no official text backs
  the segment) and ``source``. Edges are straight in lon/lat (RFC 7946). ``kind`` is the
  edge kind of the table ("straight", "parallel") or, for generated closure parts,
  "connector", "territorial-line", "gap"; parts of a cut-off (JADIZ beyond the retrieved
  points) are "truncation-connector", "truncation-territorial-line", "truncation-gap": they
  mark where the drawn data ends, not a boundary of the zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely.geometry import LineString, Polygon

from layers.build.geodata.adiz_closure import close_line, main_pieces, read_territorial
from layers.build.geodata.adiz_sources import (
    Edge,
    Vertex,
    read_edges,
    read_vertices,
    ring_edges,
    ring_vertices,
)
from layers.build.geodata.geojson_io import snap, write_features, write_zones
from layers.errors import InputError
from layers.paths import GEODATA_DIR
from layers.zones.schema import CONFIDENCE_LEVELS, CRS

SOURCES_DIR = GEODATA_DIR / "sources"
VERTICES_FILE = "adiz_vertices.csv"
EDGES_FILE = "adiz_edges.csv"
ANALYSIS_DECIMALS = 7  # 1e-7 degree is about 1 cm
DISPLAY_DECIMALS = 5  # about 1 m
CLOSURE_KINDS = ("territorial-sea-closure", "truncation")


@dataclass(frozen=True)
class ZoneMeta:
    """What the source tables do not say about a zone: names, dates, how to close it."""

    zone_id: str
    name: str
    state: str
    valid_from: str
    source: str
    note: str
    airspace_id: str = ""  # territorial airspace to close along ("" = closed by its vertices)
    piece_min_area_deg2: float = 0.0
    piece_min_lat: float = -90.0


ZONES: tuple[ZoneMeta, ...] = (
    ZoneMeta(
        zone_id="adiz-CN",
        name="East China Sea ADIZ (PRC)",
        state="CN",
        valid_from="2013-11-23",
        source=(
            "PRC Government statement and MND announcement, 23 Nov 2013 (six points, official; "
            "Xinhua http://usa.fjsen.com/2013-11/23/content_13022305.htm); closed along the PRC "
            "territorial-sea line taken from OpenStreetMap (airspace-CN, ODbL)"
        ),
        note="Between the six-point line and the PRC territorial-sea line (closure derived).",
        airspace_id="airspace-CN",
        piece_min_area_deg2=10.0,
    ),
    ZoneMeta(
        zone_id="adiz-JP",
        name="Japan ADIZ (JADIZ), Sea of Japan (East Sea) and Korea Strait part",
        state="JP",
        valid_from="2010-06-25",
        source=(
            "Defense Agency Directive No. 36 of 1969 as amended (last cited amendment effective "
            "25 Jun 2010), outer-line points (1)-(7) official "
            "(https://ja.wikisource.org/wiki/防空識別圏における飛行要領に関する訓令); "
            "points (8)-(30) and the inner line not retrieved"
        ),
        note=(
            "Only the part bounded by outer-line points (1)-(7) is drawn; JADIZ continues "
            "beyond the dashed connectors from (7) and (1) (East China Sea, Okinawa, Pacific), "
            "e.g. over Ieodo/Socotra Rock. Japan's main-island territorial airspace stands in "
            "for the inner line."
        ),
        airspace_id="airspace-JP",
        piece_min_area_deg2=2.0,
        piece_min_lat=31.0,
    ),
    ZoneMeta(
        zone_id="adiz-KR",
        name="Korea ADIZ (KADIZ)",
        state="KR",
        valid_from="2013-12-15",
        source=(
            "MND statement 8 Dec 2013 (south part = Incheon FIR, official) and AIP Korea ENR 2.1 "
            "FIR points; other points reported by NewDaily 8 Dec 2013; common line with JADIZ "
            "(3)-(5) derived"
        ),
        note=(
            "Official MND gazette coordinates not retrieved: north edge (39°N) and the edge "
            "35°13'N 129°48'E - 34°17'N 128°52'E are assumed."
        ),
    ),
)


def _weakest(confidences: list[str]) -> str:
    return max(confidences, key=CONFIDENCE_LEVELS.index)


def _edge_props(edge: Edge, kind: str, from_label: str, to_label: str) -> dict[str, Any]:
    return {
        "edge_id": f"{edge.zone_id}:{from_label}-{to_label}",
        "zone_id": edge.zone_id,
        "from_label": from_label,
        "to_label": to_label,
        "kind": kind,
        "confidence": edge.confidence,
        "approximate": edge.approximate,
        "source": edge.source,
        "note": edge.note,
    }


def build_zone(
    meta: ZoneMeta, vertices: list[Vertex], edges: list[Edge], edges_path: Path, out_dir: Path
) -> tuple[dict[str, Any], Polygon, list[tuple[dict[str, Any], LineString]]]:
    """One zone: (zone properties, polygon, boundary segments)."""
    ring = ring_vertices(vertices, meta.zone_id)
    if len(ring) < 3 and not meta.airspace_id:
        raise InputError(f"{meta.zone_id}: fewer than 3 vertices", source=VERTICES_FILE)
    ordered = ring_edges(vertices, edges, meta.zone_id, edges_path)
    coords = [(v.lon, v.lat) for v in ring]
    segments: list[tuple[dict[str, Any], LineString]] = []
    closures = [e for e in ordered if e.kind in CLOSURE_KINDS]
    if closures and (len(closures) > 1 or ordered[-1] is not closures[0]):
        raise InputError(f"{meta.zone_id}: only the last edge (last -> first vertex) may be "
                         "a closure", source=str(edges_path), field="kind")
    for edge, start, end in zip(ordered, coords, coords[1:] + coords[:1]):
        if edge.kind in CLOSURE_KINDS:
            continue
        segments.append((_edge_props(edge, edge.kind, edge.from_label, edge.to_label),
                         LineString([start, end])))
    if closures:
        if not meta.airspace_id:
            raise InputError(f"{meta.zone_id}: closure edge but no airspace to close along",
                             source=str(edges_path))
        territorial = read_territorial(out_dir / "airspace.geojson", meta.airspace_id)
        pieces = main_pieces(territorial, meta.piece_min_area_deg2, meta.piece_min_lat)
        polygon, parts = close_line(coords, pieces, (ring[-1].label, ring[0].label))
        prefix = "truncation-" if closures[0].kind == "truncation" else ""
        for part in parts:
            segments.append((_edge_props(closures[0], prefix + part.part, part.from_label,
                                         part.to_label), part.line))
    else:
        polygon = Polygon(coords)
    if not polygon.is_valid:
        raise InputError(f"{meta.zone_id}: the vertices do not form a valid polygon",
                         source=VERTICES_FILE)
    props = {
        "id": meta.zone_id,
        "name": meta.name,
        "kind": "adiz",
        "state": meta.state,
        "claimants": "",
        "confidence": _weakest([e.confidence for e in ordered]),
        "source": meta.source,
        "valid_from": meta.valid_from,
        "note": meta.note,
        "vertices_official": sum(v.confidence == "official" for v in ring),
        "vertices_reported": sum(v.confidence == "reported" for v in ring),
        "vertices_derived": sum(v.confidence == "derived" for v in ring),
        "edges_approximate": sum(e.approximate for e in ordered),
    }
    return props, polygon, segments


def build(out_dir: Path, sources_dir: Path | None = None) -> list[Path]:
    """Write adiz.geojson, display/adiz.geojson and boundaries.geojson into ``out_dir``.

    Reads ``out_dir / "airspace.geojson"`` (territorial airspace) and the source tables in
    ``sources_dir`` (default ``geodata/sources``). Returns the written paths.
    """
    sources = sources_dir or SOURCES_DIR
    vertices = read_vertices(sources / VERTICES_FILE)
    edges_path = sources / EDGES_FILE
    edges = read_edges(edges_path)
    known = {m.zone_id for m in ZONES}
    unknown = sorted({v.zone_id for v in vertices} - known)
    if unknown:
        raise InputError(f"unknown zone id(s) {unknown}", source=str(sources / VERTICES_FILE),
                         field="zone_id")
    rows, segments = [], []
    for meta in ZONES:
        props, polygon, zone_segments = build_zone(meta, vertices, edges, edges_path, out_dir)
        rows.append({**props, "geometry": polygon})
        segments.extend(zone_segments)
    zones = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
    written = []
    for path, decimals in ((out_dir / "adiz.geojson", ANALYSIS_DECIMALS),
                           (out_dir / "display" / "adiz.geojson", DISPLAY_DECIMALS)):
        write_zones(path, zones, decimals)
        written.append(path)
    boundaries = out_dir / "boundaries.geojson"
    write_features(boundaries, [(p, snap(line, ANALYSIS_DECIMALS)) for p, line in segments],
                   ANALYSIS_DECIMALS)
    written.append(boundaries)
    return written
