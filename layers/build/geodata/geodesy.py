"""Local azimuthal-equidistant projections: metres around a centre, exact from the centre.

Distances measured inside ~60 km of the centre are geodesic to well under a metre.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyproj
import shapely
from numpy.typing import NDArray
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

WGS84 = pyproj.CRS.from_epsg(4326)
GEOD = pyproj.Geod(ellps="WGS84")


@lru_cache(maxsize=64)
def _transformers(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    aeqd = pyproj.CRS.from_proj4(
        f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs"
    )
    forward = Transformer.from_crs(WGS84, aeqd, always_xy=True)
    inverse = Transformer.from_crs(aeqd, WGS84, always_xy=True)
    return forward, inverse


def to_local(geom: BaseGeometry, lon: float, lat: float) -> BaseGeometry:
    """Project a lon/lat geometry into the AEQD plane centred on (lon, lat), metres."""
    forward, _ = _transformers(lon, lat)
    return shapely.transform(geom, lambda xy: _apply(forward, xy))


def to_lonlat(geom: BaseGeometry, lon: float, lat: float) -> BaseGeometry:
    """Inverse of :func:`to_local`."""
    _, inverse = _transformers(lon, lat)
    return shapely.transform(geom, lambda xy: _apply(inverse, xy))


def _apply(transformer: Transformer, xy: NDArray[np.float64]) -> NDArray[np.float64]:
    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])
