"""WGS84 geodesy helpers on top of :class:`pyproj.Geod` (all distances in metres, angles in degrees).

Aircraft fly geodesics between fixes; these helpers interpolate along them, densify them and
split them at the antimeridian. Longitudes are returned normalised to [-180, 180).
"""

from __future__ import annotations

import numpy as np
import pyproj
from numpy.typing import ArrayLike, NDArray

from layers.geo.lonwrap import wrap_lon
from layers.units import EARTH_RADIUS_M

#: The WGS84 ellipsoid.
GEOD = pyproj.Geod(ellps="WGS84")

FloatArray = NDArray[np.float64]


def inverse(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> tuple[
    FloatArray, FloatArray, FloatArray
]:
    """Vectorised inverse problem: (forward azimuth, back azimuth, distance in metres)."""
    a1, b1, a2, b2 = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    az12, az21, dist = GEOD.inv(a1, b1, a2, b2)
    return np.asarray(az12), np.asarray(az21), np.asarray(dist)


def distance_m(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> FloatArray:
    """Geodesic distance in metres (vectorised)."""
    return inverse(lon1, lat1, lon2, lat2)[2]


def forward(lon: ArrayLike, lat: ArrayLike, azimuth: ArrayLike, dist_m: ArrayLike) -> tuple[
    FloatArray, FloatArray
]:
    """Vectorised direct problem: the point ``dist_m`` metres from (lon, lat) along ``azimuth``."""
    lon, lat, azimuth, dist_m = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype=float)) for v in (lon, lat, azimuth, dist_m))
    )
    lon2, lat2, _ = GEOD.fwd(lon.copy(), lat.copy(), azimuth.copy(), dist_m.copy())
    return wrap_lon(lon2), np.asarray(lat2)


def interpolate(
    lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike, fraction: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Points at ``fraction`` (0..1) of the geodesic distance from point 1 to point 2."""
    lon1, lat1, lon2, lat2, fraction = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2, fraction))
    )
    az12, _, dist = inverse(lon1, lat1, lon2, lat2)
    lon, lat = forward(lon1, lat1, az12, dist * fraction)
    # Exact end points (Geod.fwd round trips differ in the last bits).
    lon = np.where(fraction == 0, wrap_lon(lon1), np.where(fraction == 1, wrap_lon(lon2), lon))
    # Two points on one meridian: the geodesic is that meridian, exactly (not 1e-14° beside it,
    # which would put a leg along a zone's meridian edge inside or outside by rounding).
    lon = np.where(wrap_lon(lon1) == wrap_lon(lon2), wrap_lon(lon1), lon)
    lat = np.where(fraction == 0, lat1, np.where(fraction == 1, lat2, lat))
    return lon, lat


def max_chord_step_m(max_abs_lat: ArrayLike, tolerance_m: float = 1.0) -> FloatArray:
    """Longest geodesic piece whose straight lon/lat chord stays within ``tolerance_m`` of it.

    A geodesic of length L bulges poleward of its lon/lat chord by about
    L² tan|lat| / (8 R) (an east-west leg is the worst case; at 38°N, 700 km gives ~7.5 km).
    Solving for L gives the step; |lat| is floored at 5° and capped at 85°.
    """
    lat = np.clip(np.abs(np.asarray(max_abs_lat, dtype=float)), 5.0, 85.0)
    return np.sqrt(8.0 * EARTH_RADIUS_M * tolerance_m / np.tan(np.radians(lat)))


def densify_leg(
    lon1: float, lat1: float, lon2: float, lat2: float, max_step_m: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Geodesic points from 1 to 2 (both included) at most ``max_step_m`` apart.

    Returns (lon, lat, fraction of the distance), lon normalised to [-180, 180).
    """
    _, _, dist = inverse(lon1, lat1, lon2, lat2)
    n = max(1, int(np.ceil(float(dist[0]) / max_step_m)))
    fraction = np.linspace(0.0, 1.0, n + 1)
    lon, lat = interpolate(lon1, lat1, lon2, lat2, fraction)
    return lon, lat, fraction


def split_at_antimeridian(lon: ArrayLike, lat: ArrayLike) -> list[tuple[FloatArray, FloatArray]]:
    """Split a dense lon/lat path wherever consecutive points jump across ±180°.

    The crossing point is placed on ±180 (latitude interpolated linearly, exact enough for a
    path already densified along its geodesics); each part lies within [-180, 180].
    """
    lons: FloatArray = wrap_lon(lon)
    lats = np.asarray(lat, dtype=float)
    jumps = set(np.nonzero(np.abs(np.diff(lons)) > 180.0)[0].tolist())
    parts: list[tuple[FloatArray, FloatArray]] = []
    cur_lon, cur_lat = [float(lons[0])], [float(lats[0])]
    for i in range(len(lons) - 1):
        if i in jumps:
            a, b = lons[i], lons[i + 1]
            side = 180.0 if a > 0 else -180.0
            b_unwrapped = b + 360.0 if a > 0 else b - 360.0
            t = (side - a) / (b_unwrapped - a)
            lat_x = float(lats[i] + t * (lats[i + 1] - lats[i]))
            if cur_lon[-1] != side:
                cur_lon.append(side)
                cur_lat.append(lat_x)
            parts.append((np.array(cur_lon), np.array(cur_lat)))
            cur_lon, cur_lat = [-side], [lat_x]
            if lons[i + 1] == -side:
                continue
        cur_lon.append(float(lons[i + 1]))
        cur_lat.append(float(lats[i + 1]))
    parts.append((np.array(cur_lon), np.array(cur_lat)))
    return [p for p in parts if len(p[0]) >= 2]


def local_aeqd(lon0: float, lat0: float) -> pyproj.Transformer:
    """Transformer lon/lat -> azimuthal equidistant metres centred on (lon0, lat0).

    Distances from the centre are exact geodesic distances; elsewhere the scale error is
    about (d/R)²/6 (0.4 % at 1,000 km).
    """
    crs = pyproj.CRS.from_proj4(
        f"+proj=aeqd +lat_0={lat0:.10f} +lon_0={lon0:.10f} +ellps=WGS84 +units=m +no_defs"
    )
    return pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
