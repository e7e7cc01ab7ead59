"""The printed map's projection: a Lambert conformal conic suited to the view.

Standard parallels at 1/6 and 5/6 of the view's latitude range, ``lon_0``/``lat_0`` at the
view's centre, so grid north equals true north on the central meridian and the scale error
stays small over the view. Projected units are metres.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from layers.errors import InputError
from layers.geo.bounds import Bounds, as_bounds
from layers.geo.lonwrap import wrap_lon


def parse_bounds(text: str) -> Bounds:
    """``"W,S,E,N"`` in degrees -> bounds; ``E < W`` means the view crosses the antimeridian."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise InputError(
            f"bounds must be four numbers W,S,E,N in degrees, got {text!r}", field="bounds"
        ) from None
    return check_bounds((west, south, east, north))


def check_bounds(bounds: Bounds | Sequence[float]) -> Bounds:
    """Validate ``bounds`` for a conic map; raise :class:`InputError` naming the problem."""
    west, south, east, north = bounds
    if not all(np.isfinite(bounds)):
        raise InputError("bounds must be finite numbers", field="bounds")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise InputError("bounds: longitudes must lie within -180..180", field="bounds")
    if not (-85 <= south < north <= 85):
        raise InputError("bounds: need -85 <= south < north <= 85", field="bounds")
    if south < 0 < north:
        raise InputError(
            "bounds: the conic projection needs a view in one hemisphere", field="bounds"
        )
    return Bounds(float(west), float(south), float(east), float(north))


def _centre(bounds: Bounds) -> tuple[float, float]:
    lon, lat = as_bounds(bounds).centre
    return float(wrap_lon(lon)), lat


def _lcc_proj4(bounds: Bounds) -> str:
    west, south, east, north = bounds
    lon_0, lat_0 = _centre(bounds)
    lat_1 = south + (north - south) / 6
    lat_2 = north - (north - south) / 6
    return (
        f"+proj=lcc +lat_1={lat_1:.4f} +lat_2={lat_2:.4f} +lat_0={lat_0:.4f} "
        f"+lon_0={lon_0:.4f} +datum=WGS84 +units=m +no_defs"
    )


@dataclass(frozen=True)
class MapView:
    """A map view: the lon/lat bounds asked for and the projected frame that shows them.

    ``xlim``/``ylim`` (metres) cover the bounds and match ``aspect`` (width / height) so the
    map is drawn without distortion.
    """

    bounds: Bounds
    aspect: float

    @property
    def proj4(self) -> str:
        """The projection as a PROJ string (LCC, WGS84, metres)."""
        return _lcc_proj4(self.bounds)

    @cached_property
    def crs(self) -> pyproj.CRS:
        return pyproj.CRS.from_proj4(self.proj4)

    @cached_property
    def _proj(self) -> pyproj.Proj:
        # A bare Proj (no CRS database lookup) is ~50x quicker to build than a Transformer;
        # its input is WGS84 lon/lat in degrees, the datum of the projection.
        return pyproj.Proj(self.proj4)

    @property
    def centre(self) -> tuple[float, float]:
        """(lon, lat) of the projection centre, degrees."""
        return _centre(self.bounds)

    def project(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Degrees -> map metres."""
        x, y = self._proj(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x), np.asarray(y)

    def unproject(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Map metres -> degrees (lon, lat)."""
        lon, lat = self._proj(np.asarray(x, float), np.asarray(y, float), inverse=True)
        return np.asarray(lon), np.asarray(lat)

    def project_geometry(self, geometry: BaseGeometry) -> BaseGeometry:
        """A lon/lat geometry in map metres (vertices transformed; edges stay straight)."""

        def transform(coords: np.ndarray) -> np.ndarray:
            x, y = self._proj(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(geometry, transform)

    @cached_property
    def _box_outline(self) -> tuple[np.ndarray, np.ndarray]:
        west, south, east, north = self.bounds
        span = as_bounds(self.bounds).span_lon
        lons = west + np.linspace(0, span, 60)
        lats = np.linspace(south, north, 60)
        lon = np.concatenate([lons, np.full(60, west + span), lons[::-1], np.full(60, west)])
        lat = np.concatenate([np.full(60, south), lats, np.full(60, north), lats[::-1]])
        return self.project(lon, lat)

    @cached_property
    def frame(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) in metres: the bounds' outline, widened to ``aspect``."""
        x, y = self._box_outline
        xmin, xmax, ymin, ymax = x.min(), x.max(), y.min(), y.max()
        width, height = xmax - xmin, ymax - ymin
        if width / height < self.aspect:
            extra = (height * self.aspect - width) / 2
            xmin, xmax = xmin - extra, xmax + extra
        else:
            extra = (width / self.aspect - height) / 2
            ymin, ymax = ymin - extra, ymax + extra
        return float(xmin), float(ymin), float(xmax), float(ymax)

    @property
    def crosses_antimeridian(self) -> bool:
        lon, _ = self.frame_outline_lonlat
        return bool(np.ptp(lon) > 180)

    @cached_property
    def frame_outline_lonlat(self) -> tuple[np.ndarray, np.ndarray]:
        """The frame's outline in degrees (for culling geometry before projecting)."""
        xmin, ymin, xmax, ymax = self.frame
        t = np.linspace(0, 1, 50)
        x = np.concatenate([xmin + t * (xmax - xmin), np.full(50, xmax),
                            xmax - t * (xmax - xmin), np.full(50, xmin)])
        y = np.concatenate([np.full(50, ymin), ymin + t * (ymax - ymin),
                            np.full(50, ymax), ymax - t * (ymax - ymin)])
        return self.unproject(x, y)

    @cached_property
    def lonlat_box(self) -> Bounds | None:
        """A lon/lat rectangle holding the whole frame (with a margin), or ``None`` when the
        frame crosses the antimeridian (then nothing is culled)."""
        lon, lat = self.frame_outline_lonlat
        if np.ptp(lon) > 180:
            return None
        margin = 1.0
        return Bounds(
            float(lon.min() - margin),
            float(max(lat.min() - margin, -89.0)),
            float(lon.max() + margin),
            float(min(lat.max() + margin, 89.0)),
        )

    def cull(self, geometry: BaseGeometry) -> BaseGeometry:
        """``geometry`` (lon/lat) clipped to the neighbourhood of the frame."""
        box = self.lonlat_box
        if box is None or geometry is None or geometry.is_empty:
            return geometry
        return shapely.clip_by_rect(geometry, *box)

    def scale_factor(self) -> float:
        """Point scale factor of the projection at the centre (map metres per ground metre)."""
        lon, lat = self.centre
        factors = self._proj.get_factors(lon, lat)
        return float(factors.meridional_scale)

    def north_angle(self, x: float, y: float) -> float:
        """Direction of true north at map point (x, y), radians clockwise from grid north."""
        lon, lat = self.unproject(np.array([x]), np.array([y]))
        x1, y1 = self.project(lon, np.minimum(lat + 0.05, 89.9))
        return float(np.arctan2(x1[0] - x, y1[0] - y))


def nice_step(span_deg: float, target_lines: int = 6) -> float:
    """A graticule spacing in degrees giving about ``target_lines`` lines over ``span_deg``."""
    for step in (0.25, 0.5, 1, 2, 5, 10, 15, 20, 30):
        if span_deg / step <= target_lines:
            return float(step)
    return 45.0


def format_lon(lon: float) -> str:
    """130 -> "130°E", -175 -> "175°W" (0 and 180 without a hemisphere)."""
    lon = wrap_lon(lon)
    if np.isclose(lon, 0) or np.isclose(abs(lon), 180):
        return f"{abs(lon):g}°"
    return f"{abs(lon):g}°{'E' if lon > 0 else 'W'}"


def format_lat(lat: float) -> str:
    """35 -> "35°N", -10 -> "10°S"."""
    if np.isclose(lat, 0):
        return "0°"
    return f"{abs(lat):g}°{'N' if lat > 0 else 'S'}"
