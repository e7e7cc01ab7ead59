"""Graticule: meridians and parallels generated at a fixed step over a lon/lat box."""

from __future__ import annotations

import math
from dataclasses import dataclass

from shapely.geometry import LineString


@dataclass(frozen=True)
class GraticuleLine:
    """One meridian (``axis="lon"``) or parallel (``axis="lat"``) at ``value`` degrees."""

    axis: str
    value: float
    geometry: LineString

    @property
    def label(self) -> str:
        return degree_label(self.value, self.axis)


def degree_label(value: float, axis: str) -> str:
    """``130°E``, ``12.5°W``, ``40°N``, ``0°`` — a degree value with its hemisphere."""
    text = f"{abs(value):g}°"
    if value == 0:
        return text
    if axis == "lon":
        return text + ("E" if value > 0 else "W")
    return text + ("N" if value > 0 else "S")


def _steps(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(i * step, 9) for i in range(first, last + 1)]


def graticule_lines(
    bounds: tuple[float, float, float, float], step_deg: float, skip_deg: float | None = None
) -> list[GraticuleLine]:
    """Meridians and parallels every ``step_deg`` degrees inside ``bounds``
    (min_lon, min_lat, max_lon, max_lat), omitting multiples of ``skip_deg`` (drawn by a
    coarser graticule). Lines are straight in lon/lat, as on the Web-Mercator map."""
    if step_deg <= 0:
        raise ValueError("step_deg must be positive")
    min_lon, min_lat, max_lon, max_lat = bounds

    def kept(value: float) -> bool:
        return skip_deg is None or abs(value / skip_deg - round(value / skip_deg)) > 1e-9

    lines = [
        GraticuleLine("lon", lon, LineString([(lon, min_lat), (lon, max_lat)]))
        for lon in _steps(min_lon, max_lon, step_deg)
        if kept(lon)
    ]
    lines += [
        GraticuleLine("lat", lat, LineString([(min_lon, lat), (max_lon, lat)]))
        for lat in _steps(min_lat, max_lat, step_deg)
        if kept(lat)
    ]
    return lines
