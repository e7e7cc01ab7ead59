"""Reported-event places on the printed map.

Each place (:func:`layers.scenarios.places.scenario_places`, carried by the briefing) is an
outlined translucent area, its geodesic uncertainty circle or sector, in the places' colour
(the web map's, :data:`layers.webmap.places.PLACE_COLOUR`), with a dot for a point place and a
short label, the event's local time, where it does not cover another label. A place is where
a text puts an event, not a track: the legend says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from layers.export.places import PLACE_LEGEND, PLACES_FOLDER
from layers.export.png.draw import draw_polygon, scatter_points
from layers.export.png.labels import Labeler
from layers.export.png.layers import Legend
from layers.export.png.projection import MapView
from layers.scenarios.place_caption import place_short_label
from layers.scenarios.places import Place
from layers.timefmt import KST, LocalZone

#: Fill opacity of a place's area (the web map's is 0.15).
PLACE_FILL_ALPHA = 0.15


def place_colour() -> str:
    """The places' colour: the web map's (one colour for the concept)."""
    from layers.webmap.places import PLACE_COLOUR

    return PLACE_COLOUR


def draw_places(ax: Axes, view: MapView, places: Sequence[tuple[Mapping[str, Any], Place]]) -> Legend:
    """Draw every place's area (outlined, translucent) and, for a point place, its dot; the
    legend entries (none without places). Areas lie under the tracks, dots under the crossings."""
    if not places:
        return []
    colour = place_colour()
    for number, (_, place) in enumerate(places):
        draw_polygon(ax, view, place.area, facecolor=(*_rgb(colour), PLACE_FILL_ALPHA),
                     edgecolor=colour, linewidth=1.1, zorder=4.2, gid=f"place:{number}")
        if place.point is not None:
            scatter_points(ax, view, place.point.x, place.point.y, s=16, marker="o",
                           facecolor=colour, edgecolor="white", linewidths=0.8, zorder=7.5,
                           gid=f"place-point:{number}")
    handle = (Patch(facecolor=(*_rgb(colour), PLACE_FILL_ALPHA), edgecolor=colour, linewidth=1.1),
              Line2D([], [], marker="o", linestyle="none", markersize=4, markerfacecolor=colour,
                     markeredgecolor="white"))
    return [(None, PLACES_FOLDER),
            (handle, PLACE_LEGEND + ": circle = position uncertainty, sector = bearing and range"
             " from a landmark")]


def label_places(view: MapView, places: Sequence[tuple[Mapping[str, Any], Place]],
                 labeler: Labeler, font_size: float, local: LocalZone = KST) -> int:
    """Label each place at its centre with the event's local time where the label covers no
    other; returns the number labelled."""
    colour = place_colour()
    placed = 0
    for event, place in places:
        x, y = view.project(np.array([place.centre[0]]), np.array([place.centre[1]]))
        placed += labeler.add(float(x[0]), float(y[0]), place_short_label(event, local),
                              fontsize=font_size * 0.8, color=colour, zorder=8.4,
                              fontstyle="italic") is not None
    return placed


def _rgb(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(colour)
    return red, green, blue


__all__ = ["PLACE_FILL_ALPHA", "draw_places", "label_places", "place_colour"]
