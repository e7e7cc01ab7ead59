"""Longitude wrapping, the one place: :func:`wrap_lon` puts longitudes in [-180, 180) (data and
analysis), :func:`lon_delta` gives the shortest signed difference, and :func:`lon_near`
moves them near a reference for drawing. Leaflet draws a longitude of -174° far to the
west of 178°, so map features are shifted by whole turns to lie within 180° of the view's
centre (e.g. -174° becomes 186° on a map centred at 180°). Data and analysis keep
-180..180; only what is drawn moves.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely


def wrap_lon(lon: Any) -> Any:
    """Longitudes (degrees, scalar or array) wrapped to [-180, 180). Values already in range
    come back unchanged, bit for bit ((x + 180) % 360 - 180 moves 129.6 to 129.60000000000002,
    off a zone's meridian edge)."""
    value = np.asarray(lon, dtype=float)
    inside = (value >= -180.0) & (value < 180.0)
    wrapped = np.where(inside, value, (value + 180.0) % 360.0 - 180.0)
    return float(wrapped) if np.ndim(wrapped) == 0 else wrapped


def lon_delta(lon: Any, reference: Any) -> Any:
    """``lon - reference`` in degrees, wrapped to [-180, 180) (the shorter way round)."""
    return wrap_lon(np.asarray(lon, dtype=float) - np.asarray(reference, dtype=float))


def lon_near(lon: Any, reference: float | None) -> Any:
    """``lon`` (degrees, scalar or array) plus a multiple of 360 so that it lies within 180°
    of ``reference``; unchanged when ``reference`` is ``None``."""
    if reference is None:
        return lon
    shifted = reference + lon_delta(lon, reference)
    return float(shifted) if np.ndim(shifted) == 0 else shifted


def geometry_near(geometry: Any, reference: float | None) -> Any:
    """``geometry`` (lon/lat) with every x moved by :func:`lon_near` (each part separately)."""
    if reference is None or geometry is None:
        return geometry
    return shapely.transform(
        geometry, lambda xy: np.column_stack([lon_near(xy[:, 0], reference), xy[:, 1]])
    )
