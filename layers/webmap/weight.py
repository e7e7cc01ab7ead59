"""Keep the map's script light: what the browser cannot show is not sent.

* :func:`panning_limits`: the map's panning is limited to the basemap's extent when the view lies
  inside it; then land parts wholly outside that extent can never be seen
  (:func:`parts_within` drops them, e.g. the Bering Sea land of the July 2024 scenario on the
  2019 map).
* :func:`round_geojson_layers`: coordinates of every GeoJSON layer are written with
  :data:`DRAW_DECIMALS` decimals (1e-5° is at most 1.1 m, under a pixel at every zoom the map
  offers) instead of Python's 17 significant digits. Analysis never reads these copies.
* :func:`layers.webmap.features.render_html` writes the map without the spaces folium's
  ``tojson`` puts after every ``,`` and ``:`` (the same JSON).
"""

from __future__ import annotations

from typing import Any

import folium
import numpy as np
from shapely.geometry import box

from layers.geo.bounds import Bounds
from layers.webmap.offline import walk

#: Decimals of drawn coordinates (degrees): 1e-5° is at most 1.1 m.
DRAW_DECIMALS = 5
#: Parts this close to the panning limits (degrees) are still drawn (their outline may show).
EXTENT_MARGIN_DEG = 2.0



def panning_limits(view: Bounds, extent: Bounds) -> Bounds | None:
    """``extent`` when ``view`` lies inside it (the map then keeps panning within it), else
    ``None`` (the map may be panned anywhere)."""
    return extent if extent.contains(view.unwrapped()) else None


def parts_within(geometry: Any, extent: Bounds | None, margin_deg: float = EXTENT_MARGIN_DEG) -> Any:
    """The parts of ``geometry`` (lon/lat) that intersect ``extent`` grown by ``margin_deg``,
    each part whole (never cut); ``None`` when no part does; ``geometry`` itself when
    ``extent`` is ``None`` or every part intersects."""
    if extent is None or geometry is None:
        return geometry
    min_lon, min_lat, max_lon, max_lat = extent
    area = box(min_lon - margin_deg, min_lat - margin_deg, max_lon + margin_deg, max_lat + margin_deg)
    parts = list(getattr(geometry, "geoms", [geometry]))
    kept = [part for part in parts if part.intersects(area)]
    if len(kept) == len(parts):
        return geometry
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else type(geometry)(kept)


def round_coordinates(coordinates: Any, decimals: int = DRAW_DECIMALS) -> Any:
    """A GeoJSON ``coordinates`` array (any nesting) with every number rounded (a list of
    positions at once, with numpy)."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(float(value), decimals) for value in coordinates]
    if coordinates and isinstance(coordinates[0], (list, tuple)) and coordinates[0] \
            and isinstance(coordinates[0][0], (int, float)):
        try:
            return np.round(np.asarray(coordinates, dtype=float), decimals).tolist()
        except ValueError:  # positions of unequal length (with and without altitude)
            pass
    return [round_coordinates(item, decimals) for item in coordinates]


def _round_geometry(geometry: dict[str, Any] | None, decimals: int) -> dict[str, Any] | None:
    if not geometry:
        return geometry
    if geometry.get("type") == "GeometryCollection":
        return {**geometry, "geometries": [_round_geometry(g, decimals) for g in geometry["geometries"]]}
    return {**geometry, "coordinates": round_coordinates(geometry["coordinates"], decimals)}


def round_geojson(data: dict[str, Any], decimals: int = DRAW_DECIMALS) -> dict[str, Any]:
    """A copy of a GeoJSON Feature or FeatureCollection with rounded coordinates."""
    if data.get("type") == "FeatureCollection":
        return {**data, "features": [round_geojson(f, decimals) for f in data["features"]]}
    if data.get("type") == "Feature":
        return {**data, "geometry": _round_geometry(data.get("geometry"), decimals)}
    return _round_geometry(data, decimals) or data


def round_geojson_layers(fmap: folium.Map, decimals: int = DRAW_DECIMALS) -> folium.Map:
    """Round the coordinates of every :class:`folium.GeoJson` layer in ``fmap``; returns it."""
    for element in walk(fmap):
        if isinstance(element, folium.GeoJson) and isinstance(element.data, dict):
            element.data = round_geojson(element.data, decimals)
    return fmap

