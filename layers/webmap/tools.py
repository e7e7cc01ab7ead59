"""Map tools from Leaflet plugins (vendored in static/, see static/README.md): measure distances
(kilometres and nautical miles), fullscreen, mouse coordinates, and drawing a route.

Call :func:`add_tools` before :func:`layers.webmap.offline.localize` (``build_map`` does), so the
plugins' CDN links are rewritten to the vendored files.
"""

from __future__ import annotations

import folium
from folium.plugins import Draw, Fullscreen, MeasureControl, MousePosition

from layers.units import NM_M

#: leaflet-measure has no nautical mile: a custom unit (1 nm = 1852 m exactly).
NAUTICAL_MILES = {"nauticalmiles": {"factor": 1 / NM_M, "display": "nautical miles", "decimals": 1}}

#: Mouse coordinates in degrees with hemisphere letters, e.g. 37.2417°N 131.8645°E.
_LAT_FORMATTER = "function (v) { return Math.abs(v).toFixed(4) + '°' + (v < 0 ? 'S' : 'N'); }"
_LNG_FORMATTER = "function (v) { return Math.abs(v).toFixed(4) + '°' + (v < 0 ? 'W' : 'E'); }"


def add_tools(fmap: folium.Map, draw: bool = False) -> None:
    """Measure tool (km and nm), fullscreen button and mouse coordinates; with ``draw``, a
    polyline drawing tool (the app turns a drawn line into a track)."""
    Fullscreen(position="topright", title="Fullscreen", title_cancel="Leave fullscreen").add_to(fmap)
    MeasureControl(
        position="topright",
        primary_length_unit="kilometers",
        secondary_length_unit="nauticalmiles",
        primary_area_unit="sqkilometers",
        secondary_area_unit=None,
        units=NAUTICAL_MILES,
    ).add_to(fmap)
    MousePosition(
        position="bottomright",
        separator="  ",
        empty_string="",
        lng_first=False,
        num_digits=4,
        prefix="",
        lat_formatter=_LAT_FORMATTER,
        lng_formatter=_LNG_FORMATTER,
    ).add_to(fmap)
    if draw:
        Draw(
            export=False,
            position="topright",
            draw_options={
                "polyline": {"shapeOptions": {"color": "#111111", "weight": 3}},
                "polygon": False,
                "rectangle": False,
                "circle": False,
                "marker": False,
                "circlemarker": False,
            },
            edit_options={"edit": False, "remove": True},
        ).add_to(fmap)
