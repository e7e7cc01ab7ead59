"""Reference crossings for tests: dense geodesic sampling plus bisection (slow, simple, exact).

Independent of the engine: positions come from pyproj.Geod (fwd/inv), inside/outside from
shapely.contains_xy on the zone, each state change bisected to ~1e-9 of the leg.
"""

from __future__ import annotations

import numpy as np
import pyproj
import shapely

GEOD = pyproj.Geod(ellps="WGS84")


def _on_leg(lon1, lat1, lon2, lat2, frac):
    az, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    frac = np.atleast_1d(np.asarray(frac, float))
    lon, lat, _ = GEOD.fwd(np.full(len(frac), lon1), np.full(len(frac), lat1), np.full(len(frac), az), dist * frac)
    return (np.asarray(lon) + 180.0) % 360.0 - 180.0, np.asarray(lat)


def oracle_crossings(track, geom, step_m: float = 50.0):
    """[(time_s, lon, lat, is_entry)] of ``track`` through ``geom`` (open set)."""
    out = []
    lon, lat, t = track.lon, track.lat, track.seconds
    for i in range(len(lon) - 1):
        _, _, dist = GEOD.inv(lon[i], lat[i], lon[i + 1], lat[i + 1])
        n = max(2, int(np.ceil(dist / step_m)) + 1)
        f = np.linspace(0, 1, n)
        plon, plat = _on_leg(lon[i], lat[i], lon[i + 1], lat[i + 1], f)
        inside = shapely.contains_xy(geom, plon, plat)
        for k in np.nonzero(inside[:-1] != inside[1:])[0]:
            a, b = f[k], f[k + 1]
            state_a = inside[k]
            for _ in range(60):
                m = (a + b) / 2
                mlon, mlat = _on_leg(lon[i], lat[i], lon[i + 1], lat[i + 1], m)
                if shapely.contains_xy(geom, mlon, mlat)[0] == state_a:
                    a = m
                else:
                    b = m
            m = (a + b) / 2
            mlon, mlat = _on_leg(lon[i], lat[i], lon[i + 1], lat[i + 1], m)
            out.append((t[i] + m * (t[i + 1] - t[i]), float(mlon[0]), float(mlat[0]), not state_a))
    return out


def time_inside_sampled(track, geom, step_s: float = 1.0) -> float:
    """Seconds inside ``geom``, by sampling the track every ``step_s`` seconds."""
    t = track.seconds
    grid = np.arange(t[0], t[-1], step_s) + step_s / 2
    seg = np.clip(np.searchsorted(t, grid, side="right") - 1, 0, len(t) - 2)
    frac = (grid - t[seg]) / (t[seg + 1] - t[seg])
    lon, lat = track.lon, track.lat
    az, _, dist = GEOD.inv(lon[seg], lat[seg], lon[seg + 1], lat[seg + 1])
    plon, plat, _ = GEOD.fwd(lon[seg], lat[seg], az, dist * frac)
    plon = np.asarray(plon)
    plon = np.where((plon >= -180.0) & (plon < 180.0), plon, (plon + 180.0) % 360.0 - 180.0)
    # a leg along one meridian is that meridian exactly (Geod.fwd lands 1e-14° beside it)
    plon = np.where(lon[seg] == lon[seg + 1], lon[seg], plon)
    return float(shapely.contains_xy(geom, plon, plat).sum() * step_s)
