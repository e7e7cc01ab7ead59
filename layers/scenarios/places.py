"""Where a reported event took place, as a shapely geometry in lon/lat (degrees WGS84).

An event's optional ``where`` (``geodata/scenarios/README.md``) is either a point with an
uncertainty radius or a sector round a landmark of ``geodata/points.geojson``. Both are
built from pyproj geodesics (:mod:`layers.geo.geodesy`): the uncertainty circle is a geodesic
circle, the sector's arcs are points at the stated ranges and its straight edges are the
geodesic radials, densified so a drawn line follows the geodesic. A place is *where the text
puts the event*, never a flight path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from layers.errors import InputError
from layers.geo.geodesy import forward

M_PER_KM = 1000.0

#: Spacing of densified points on arcs (degrees of bearing) and radials (metres).
ARC_STEP_DEG = 2.0
RADIAL_STEP_M = 10_000.0


@dataclass(frozen=True)
class Place:
    """An event's place: ``kind`` ``point`` or ``sector``; ``centre`` (lon, lat) is the point
    or the sector's middle (half-way in bearing and range); ``area`` the uncertainty circle or
    the sector polygon; ``basis`` as the scenario file gives it."""

    kind: str
    centre: tuple[float, float]
    area: shapely.Polygon
    basis: str
    point: shapely.Point | None = None

    @property
    def geometry(self) -> BaseGeometry:
        """The point (for a point place) or the sector polygon."""
        return self.point if self.point is not None else self.area


def _anchors() -> dict[str, tuple[float, float]]:
    from layers.zones.load import load_points

    points = load_points()
    return {str(pid): (float(g.x), float(g.y)) for pid, g in zip(points["id"], points.geometry)}


def geodesic_circle(lon: float, lat: float, radius_m: float, n: int = 72) -> shapely.Polygon:
    """The geodesic circle of ``radius_m`` round (lon, lat), as an ``n``-gon."""
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats = forward(lon, lat, az, radius_m)
    return shapely.Polygon(np.column_stack([_unwrapped(lons, lon), lats]))


def _unwrapped(lons: np.ndarray, lon0: float) -> np.ndarray:
    """Longitudes kept within 180° of ``lon0`` (no jump at the antimeridian)."""
    return lon0 + (np.asarray(lons) - lon0 + 180.0) % 360.0 - 180.0


def sector(lon: float, lat: float, bearings: tuple[float, float],
           ranges_m: tuple[float, float]) -> shapely.Polygon:
    """The geodesic annular sector round (lon, lat) from bearing ``bearings[0]`` clockwise to
    ``bearings[1]`` (which may exceed 360) between ``ranges_m``; near range 0 gives a wedge."""
    b0, b1 = float(bearings[0]), float(bearings[1])
    near, far = float(ranges_m[0]), float(ranges_m[1])
    n_arc = max(2, int(np.ceil((b1 - b0) / ARC_STEP_DEG)) + 1)
    arc = np.linspace(b0, b1, n_arc) % 360.0
    n_rad = max(2, int(np.ceil((far - near) / RADIAL_STEP_M)) + 1)
    radial = np.linspace(near, far, n_rad)
    parts_lon: list[np.ndarray] = []
    parts_lat: list[np.ndarray] = []

    def add(az: Any, dist: Any) -> None:
        lo, la = forward(lon, lat, az, dist)
        parts_lon.append(lo)
        parts_lat.append(la)

    add(np.full(n_rad, arc[0]), radial)            # out along the first radial
    add(arc, np.full(n_arc, far))                  # far arc, clockwise
    add(np.full(n_rad, arc[-1]), radial[::-1])     # back along the last radial
    if near > 0:
        add(arc[::-1], np.full(n_arc, near))       # near arc, anticlockwise
    lons = _unwrapped(np.concatenate(parts_lon), lon)
    lats = np.concatenate(parts_lat)
    return shapely.make_valid(shapely.Polygon(np.column_stack([lons, lats])))


def event_place(where: Mapping[str, Any] | None, *, source: str = "", event_id: str = "",
                anchors: Mapping[str, tuple[float, float]] | None = None) -> Place | None:
    """The :class:`Place` of an event's ``where`` (``None`` when it has none). A sector whose
    anchor is not in ``geodata/points.geojson`` is an :class:`InputError` naming ``source``
    (the scenario file) and the event."""
    if where is None or (isinstance(where, float) and np.isnan(where)):
        return None
    kind = where["kind"]
    basis = str(where.get("basis", ""))
    if kind == "point":
        lon, lat = float(where["lon"]), float(where["lat"])
        area = geodesic_circle(lon, lat, float(where["uncertainty_km"]) * M_PER_KM)
        return Place("point", (lon, lat), area, basis, shapely.Point(lon, lat))
    known = _anchors() if anchors is None else anchors
    anchor = str(where["anchor"])
    if anchor not in known:
        raise InputError(
            f"event {event_id!r}: sector anchor {anchor!r} is not a point of geodata/points.geojson"
            f" (known: {', '.join(sorted(known))})",
            source=source or None, field="where.anchor")
    lon, lat = known[anchor]
    b0, b1 = where["bearing_deg"]
    r0, r1 = where["range_km"]
    area = sector(lon, lat, (b0, b1), (r0 * M_PER_KM, r1 * M_PER_KM))
    clon, clat = forward(lon, lat, ((b0 + b1) / 2) % 360.0, (r0 + r1) / 2 * M_PER_KM)
    return Place("sector", (float(_unwrapped(clon, lon)[0]), float(clat[0])), area, basis)


def scenario_places(scenario: Any) -> list[tuple[Mapping[str, Any], Place]]:
    """(event row, place) for every event of ``scenario`` that has a ``where``."""
    events = scenario.events_reported
    if "where" not in events.columns:
        return []
    from layers.scenarios.model import _name

    source = _name(scenario.path)
    out = []
    for _, row in events.iterrows():
        place = event_place(row["where"], source=source, event_id=str(row["id"]))
        if place is not None:
            out.append((row.to_dict(), place))
    return out


__all__ = ["Place", "event_place", "geodesic_circle", "scenario_places", "sector"]
