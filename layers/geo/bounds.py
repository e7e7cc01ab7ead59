"""One bounding-box type for every stage: ``Bounds(west, south, east, north)`` in degrees.

Longitudes may be written unwrapped (``east`` up to 540 for a box across the antimeridian) or
wrapped (both in -180..180, ``east < west`` meaning the box crosses the antimeridian); the
box is always the eastward span from ``west`` to ``east``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from layers.geo.lonwrap import wrap_lon


class Bounds(NamedTuple):
    """A lon/lat box in degrees: west, south, east, north (the GeoJSON / shapely order)."""

    west: float
    south: float
    east: float
    north: float

    @property
    def span_lon(self) -> float:
        """Eastward width in degrees (0 < span <= 360)."""
        return float((self.east - self.west) % 360.0) or 360.0

    @property
    def centre(self) -> tuple[float, float]:
        """(lon, lat) of the box's centre; lon east of ``west`` (wrap it with
        :func:`~layers.geo.lonwrap.wrap_lon` where -180..180 is needed)."""
        return self.west + self.span_lon / 2, (self.south + self.north) / 2

    def wrapped(self) -> Bounds:
        """Both longitudes in -180..180 (``east < west`` across the antimeridian)."""
        west = float(wrap_lon(self.west))
        east = float(wrap_lon(self.east))
        if east == -180.0 and self.east != self.west:
            east = 180.0
        return Bounds(west, self.south, east, self.north)

    def unwrapped(self) -> Bounds:
        """``east = west + span``: east may exceed 180 (what Leaflet's fitBounds wants)."""
        west = float(wrap_lon(self.west))
        return Bounds(west, self.south, west + self.span_lon, self.north)

    def leaflet(self) -> list[list[float]]:
        """``[[south, west], [north, east]]`` (unwrapped), as Leaflet's ``fitBounds`` takes."""
        box = self.unwrapped()
        return [[box.south, box.west], [box.north, box.east]]

    def contains(self, other: Bounds) -> bool:
        """True when ``other`` lies inside this box (same longitude convention)."""
        return (self.west <= other.west and other.east <= self.east
                and self.south <= other.south and other.north <= self.north)

    @classmethod
    def from_leaflet(cls, value: Any) -> Bounds | None:
        """From the browser's ``{"_southWest": {"lat", "lng"}, "_northEast": {…}}``; ``None``
        when missing or not a usable view (a whole-world or cross-equator view)."""
        try:
            south_west, north_east = value["_southWest"], value["_northEast"]
            west, south = float(south_west["lng"]), float(south_west["lat"])
            east, north = float(north_east["lng"]), float(north_east["lat"])
        except (KeyError, TypeError, ValueError):
            return None
        if not east - west < 360.0 or south < 0.0 < north or not -85.0 <= south < north <= 85.0:
            return None
        return cls(west, south, east, north).wrapped()

    @classmethod
    def around(cls, lon: Any, lat: Any, margin_deg: float = 0.0) -> Bounds | None:
        """The smallest box around points (degrees), grown by ``margin_deg``; it crosses the
        antimeridian when that is tighter. Unwrapped (``east`` may exceed 180); ``None`` when
        there is no point."""
        lon = np.asarray(lon, dtype=float).ravel()
        lat = np.asarray(lat, dtype=float).ravel()
        if lon.size == 0:
            return None
        lon180 = wrap_lon(lon)
        lon360 = lon180 % 360.0
        lons = lon360 if np.ptp(lon360) < np.ptp(lon180) else lon180
        west, east = float(lons.min()) - margin_deg, float(lons.max()) + margin_deg
        south = max(float(lat.min()) - margin_deg, -85.0)
        north = min(float(lat.max()) + margin_deg, 85.0)
        if west >= 180.0:
            west, east = west - 360.0, east - 360.0
        return cls(west, south, east, north)

    def __str__(self) -> str:
        return f"{self.west:g},{self.south:g},{self.east:g},{self.north:g}"


def as_bounds(value: Mapping[str, float] | tuple[float, float, float, float] | Bounds) -> Bounds:
    """A ``Bounds`` from a (west, south, east, north) tuple or mapping."""
    if isinstance(value, Bounds):
        return value
    if isinstance(value, Mapping):
        return Bounds(float(value["west"]), float(value["south"]), float(value["east"]), float(value["north"]))
    west, south, east, north = (float(v) for v in value)
    return Bounds(west, south, east, north)


__all__ = ["Bounds", "as_bounds"]
