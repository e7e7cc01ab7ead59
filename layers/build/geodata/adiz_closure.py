"""Close an ADIZ's official line along a state's territorial-airspace boundary.

The PRC East China Sea ADIZ is "the airspace between the line connecting six points and
China's territorial sea line"; the drawn part of the Japanese ADIZ is cut off where the
retrieved outer line ends and closed along the territorial airspace of Japan's main
islands (a stand-in for the directive's inner line, which was not retrieved). Both are
built here from the territorial-airspace layer (``airspace.geojson``).

Construction (all in lon/lat, no coordinate invented): from the last vertex of the official
line a straight connector runs to the nearest point of the first territorial piece; the
closure follows that piece's boundary, crosses to the next piece by the shortest straight
line between them, and so on; a straight connector returns to the first vertex. Of the two
ways around each piece, the one that gives a valid polygon of least area is kept (the
side facing the zone). A vertex that lies just inside the territorial line (PRC point 1
lies 0.5 km inside the OpenStreetMap line) keeps its place: the closure stops 10 m (along
the line) short of where the vertex's own edge crosses the line.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import nearest_points, substring

from layers.errors import InputError

Coord = tuple[float, float]
#: Distance (degrees along the territorial line) by which the closure stops short of the
#: crossing of an inside vertex's edge: about 10 m.
INSIDE_STEP_DEG = 1e-4


@dataclass(frozen=True)
class ClosurePart:
    """One generated piece of a closure: a connector, a run along a territorial line, a gap."""

    part: str  # "connector" | "territorial-line" | "gap"
    from_label: str
    to_label: str
    line: LineString


def read_territorial(airspace_path: Path, zone_id: str) -> shapely.Geometry:
    """The territorial-airspace geometry ``zone_id`` of ``airspace.geojson``."""
    if not airspace_path.exists():
        raise InputError(
            "file not found (the territorial airspace must be built before the ADIZs)",
            source=str(airspace_path),
        )
    frame = gpd.read_file(airspace_path)
    rows = frame[frame["id"] == zone_id]
    if len(rows) != 1:
        raise InputError(f"expected one zone {zone_id!r}, found {len(rows)}",
                         source=str(airspace_path), field="id")
    return shapely.make_valid(rows.geometry.iloc[0])


def main_pieces(geom: shapely.Geometry, min_area_deg2: float, min_lat: float) -> list[Polygon]:
    """Polygons of ``geom`` at least ``min_area_deg2`` in size whose centroid lies north of
    ``min_lat``, ordered from south to north (the order the closure visits them)."""
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
    chosen = [p for p in parts if p.area >= min_area_deg2 and p.centroid.y >= min_lat]
    return sorted(chosen, key=lambda p: (p.centroid.y, p.centroid.x))


def _coords(line: shapely.Geometry) -> list[Coord]:
    if line.is_empty:
        return []
    if line.geom_type == "Point":
        return [(line.x, line.y)]
    return [(x, y) for x, y in line.coords]


def _ring_path(ring: LineString, start: float, end: float, forward: bool) -> list[Coord]:
    """Coordinates along a closed ring from distance ``start`` to ``end`` (either way)."""
    if not forward:
        return list(reversed(_ring_path(ring, end, start, True)))
    if start <= end:
        return _coords(substring(ring, start, end))
    return _coords(substring(ring, start, ring.length)) + _coords(substring(ring, 0.0, end))[1:]


def _entry(point: Coord, neighbour: Coord, ring: LineString, piece: Polygon) -> tuple[float, bool]:
    """Where the closure meets a piece for ``point``: (distance along ring, inside flag)."""
    p = Point(point)
    if not piece.contains(p):
        return ring.project(nearest_points(p, ring)[1]), False
    crossing = LineString([point, neighbour]).intersection(ring)
    points = [g for g in getattr(crossing, "geoms", [crossing]) if g.geom_type == "Point"]
    if not points:
        raise InputError(f"vertex {point} lies inside the territorial airspace and its edge "
                         "never leaves it")
    first = min(points, key=lambda g: g.distance(p))
    return ring.project(first), True


def close_line(
    official: list[Coord], pieces: list[Polygon], labels: tuple[str, str]
) -> tuple[Polygon, list[ClosurePart]]:
    """Polygon made of the ``official`` line (first to last vertex) closed from its last vertex
    back to its first along ``pieces`` (south to north); also the generated parts.

    ``labels`` are the labels of the last and the first official vertex.
    """
    if not pieces:
        raise InputError("no territorial airspace piece to close the ADIZ along")
    last, first = official[-1], official[0]
    rings = [LineString(p.exterior.coords) for p in pieces]
    # Where the closure enters and leaves each piece (distance along the piece's ring).
    enter = [0.0] * len(pieces)
    leave = [0.0] * len(pieces)
    gaps: list[LineString] = []
    enter[0], last_inside = _entry(last, official[-2], rings[0], pieces[0])
    for index in range(len(pieces) - 1):
        gap = shapely.shortest_line(pieces[index].exterior, pieces[index + 1].exterior)
        leave[index] = rings[index].project(Point(gap.coords[0]))
        enter[index + 1] = rings[index + 1].project(Point(gap.coords[-1]))
        gaps.append(gap)
    leave[-1], first_inside = _entry(first, official[1], rings[-1], pieces[-1])

    best: tuple[float, Polygon, list[list[Coord]]] | None = None
    for directions in itertools.product((True, False), repeat=len(pieces)):
        runs = [_ring_path(r, a, b, d) for r, a, b, d in zip(rings, enter, leave, directions)]
        if last_inside:
            runs[0] = _coords(substring(LineString(runs[0]), INSIDE_STEP_DEG, 1e9))
        if first_inside:
            run = LineString(runs[-1])
            runs[-1] = _coords(substring(run, 0.0, run.length - INSIDE_STEP_DEG))
        coords = list(official) + [c for run in runs for c in run] + [first]
        polygon = Polygon(coords)
        if polygon.is_valid and (best is None or polygon.area < best[0]):
            best = (polygon.area, polygon, runs)
    if best is None:
        raise InputError("no valid polygon closes the ADIZ along the territorial airspace")
    _, polygon, runs = best

    last_label, first_label = labels
    parts = [ClosurePart("connector", last_label, f"T{last_label}",
                         LineString([last, runs[0][0]]))]
    for index, run in enumerate(runs):
        start = f"T{last_label}" if index == 0 else f"G{index}n"
        end = f"T{first_label}" if index == len(runs) - 1 else f"G{index + 1}s"
        parts.append(ClosurePart("territorial-line", start, end, LineString(run)))
        if index < len(runs) - 1:
            parts.append(ClosurePart("gap", end, f"G{index + 1}n",
                                     LineString([run[-1], runs[index + 1][0]])))
    parts.append(ClosurePart("connector", f"T{first_label}", first_label,
                             LineString([runs[-1][-1], first])))
    return polygon, parts
