"""A route drawn on the map (a GeoJSON LineString from Leaflet.draw) plus a ground speed and a
start time -> a :class:`Track` flown along WGS84 geodesics between the drawn vertices.

Times come from the geodesic leg lengths at constant speed; the track is drawn (densified
along the geodesics) as it is analysed, so the line on the map after conversion is the line
that was analysed, not the straight Mercator segments of the drawing tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.geo.geodesy import distance_m
from layers.geo.lonwrap import wrap_lon
from layers.tracks.track import Track
from layers.units import KNOT_M_S

MAX_SPEED_KN = 2000.0
SOURCE = "drawn route"
DRAWN_PREFIX = "drawn/"


def line_coordinates(feature: Mapping[str, Any]) -> list[tuple[float, float]]:
    """(lon, lat) vertices of a drawn GeoJSON Feature or LineString; InputError otherwise."""
    geometry = feature.get("geometry", feature) if isinstance(feature, Mapping) else None
    if not isinstance(geometry, Mapping) or geometry.get("type") != "LineString":
        kind = geometry.get("type") if isinstance(geometry, Mapping) else type(feature).__name__
        raise InputError(f"draw a line (got {kind})", source=SOURCE, field="geometry")
    try:
        coords = [(float(x), float(y)) for x, y, *_ in geometry["coordinates"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"unreadable vertices ({exc})", source=SOURCE, field="coordinates") from None
    if len(coords) < 2:
        raise InputError("a route needs at least two points", source=SOURCE, field="coordinates")
    for number, (lon, lat) in enumerate(coords, start=1):
        if not (-90.0 <= lat <= 90.0) or not np.isfinite(lon):
            raise InputError(f"vertex {number} is not a position ({lat}, {lon})", source=SOURCE,
                             field="coordinates")
    return coords


def track_from_route(
    feature: Mapping[str, Any],
    speed_kn: float,
    start_utc: pd.Timestamp | str,
    number: int = 1,
) -> Track:
    """The drawn line flown at ``speed_kn`` knots from ``start_utc`` (UTC). Longitudes are
    wrapped to [-180, 180). Vertices closer than 1 m to the previous one are dropped."""
    if not (0.0 < float(speed_kn) <= MAX_SPEED_KN):
        raise InputError(f"speed {speed_kn} kn must be above 0 and at most {MAX_SPEED_KN:g}",
                         source=SOURCE, field="speed_kn")
    start = pd.Timestamp(start_utc)
    start = start.tz_localize("UTC") if start.tzinfo is None else start.tz_convert("UTC")
    coords = np.array(line_coordinates(feature))
    lon = wrap_lon(coords[:, 0])
    lat = coords[:, 1]
    legs = distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])
    keep = np.concatenate([[True], legs >= 1.0])
    lon, lat = lon[keep], lat[keep]
    legs = legs[legs >= 1.0]
    if len(lon) < 2:
        raise InputError("the route has no length", source=SOURCE, field="coordinates")
    seconds = np.concatenate([[0.0], np.cumsum(legs / (float(speed_kn) * KNOT_M_S))])
    times = start + pd.to_timedelta(np.round(seconds * 1e3), unit="ms")
    label = f"Drawn route {number}"
    meta = {"label": label, "aircraft": label, "source": f"{SOURCE}: {float(speed_kn):g} kn from "
            f"{start:%Y-%m-%d %H:%M} UTC", "notional": True, "speed_kn": float(speed_kn)}
    return Track.from_arrays(f"{DRAWN_PREFIX}{number}", times, lat, lon, meta=meta,
                             basis=np.array(["drawn on the map"] * len(lon), dtype=object))
