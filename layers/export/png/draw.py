"""Draw the map layers into a matplotlib axes in the view's projection (metres).

Styles come from :mod:`layers.style` (shared with the web map); CSS pixel widths are drawn as
the same number of points times :data:`PRINT_WIDTH_SCALE`.

Zone edges are straight lines in lon/lat (that is how the crossing engine reads them), and the
image of such a line in the conic projection is curved: every geometry is segmentized in lon/lat
to :data:`MAX_STEP_DEG` before it is projected, so each drawn (projected, straight) piece stays
within a few metres of the analysed line. Tracks come already densified along their geodesics.
"""

from __future__ import annotations

import weakref

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.typing import LineStyleType
from shapely.geometry.base import BaseGeometry

from layers import style
from layers.export.png.projection import MapView, format_lat, format_lon, nice_step

#: Print line width (pt) per web line width (CSS px).
PRINT_WIDTH_SCALE = 0.8

#: Longest piece (degrees of lon/lat, Euclidean in lon/lat as ``shapely.segmentize`` measures
#: it) of a lon/lat edge before it is projected. A projected piece is a chord of the curved
#: image of the lon/lat line; its ground distance from the line grows with the square of the
#: piece's length and with latitude. A parallel (radius rho = k R cos(lat) / n in the LCC
#: plane) gives n R cos(lat) step**2 / 8 <= R step**2 / 16, about 120 m for a 1 degree piece;
#: a scan of oblique lines over views with latitudes up to 85 (the limit ``check_bounds``
#: allows) found at most 242 m for 1 degree, so 0.25 degree keeps every drawn edge within
#: ~15 m of the analysed line (within ~12 m below 65 degrees), well inside 100 m.
#: It adds a few hundred vertices to the ADIZ edges (hundreds of km long) and almost none to
#: the already dense coastlines and 12-nm arcs.
MAX_STEP_DEG = 0.25

#: The view each map axes was framed with (main map and inset), for :func:`map_view`.
_VIEWS: weakref.WeakKeyDictionary[Axes, MapView] = weakref.WeakKeyDictionary()


def map_view(ax: Axes) -> MapView | None:
    """The :class:`MapView` that ``ax`` was framed with by :func:`frame_map_axes` (its data
    coordinates are that view's projected metres), or ``None``."""
    return _VIEWS.get(ax)


def frame_map_axes(ax: Axes, view: MapView, spine_width: float, spine_zorder: float | None = None) -> None:
    """Set ``ax`` to show ``view``'s projected frame: equal aspect, sea background, no ticks."""
    _VIEWS[ax] = view
    xmin, ymin, xmax, ymax = view.frame
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_facecolor(style.SEA_COLOUR)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(spine_width)
        if spine_zorder is not None:
            spine.set_zorder(spine_zorder)


def _ring_path(coords: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    codes = np.full(len(coords), Path.LINETO, dtype=np.uint8)
    codes[0] = Path.MOVETO
    codes[-1] = Path.CLOSEPOLY
    return coords[:, :2], codes


def polygon_path(geometry: BaseGeometry) -> Path | None:
    """A compound matplotlib path of a (Multi)Polygon, holes included; ``None`` when empty."""
    vertices, codes = [], []
    for part in shapely.get_parts(geometry):
        if not isinstance(part, shapely.Polygon) or part.is_empty:
            continue
        for ring in (part.exterior, *part.interiors):
            coords = np.asarray(ring.coords)
            if len(coords) >= 4:
                v, c = _ring_path(coords)
                vertices.append(v)
                codes.append(c)
    if not vertices:
        return None
    return Path(np.concatenate(vertices), np.concatenate(codes))


def line_segments(geometry: BaseGeometry) -> list[np.ndarray]:
    """The vertex arrays of every LineString/ring part of ``geometry``."""
    out: list[np.ndarray] = []
    for part in shapely.get_parts(geometry):
        if part.is_empty:
            continue
        if isinstance(part, shapely.Polygon):
            out.extend(np.asarray(r.coords)[:, :2] for r in (part.exterior, *part.interiors))
        elif isinstance(part, (shapely.LineString, shapely.LinearRing)):
            out.append(np.asarray(part.coords)[:, :2])
    return out


def densified(geometry: BaseGeometry, max_step_deg: float = MAX_STEP_DEG) -> BaseGeometry:
    """``geometry`` (lon/lat) with vertices added along its straight lon/lat edges so no piece
    is longer than ``max_step_deg``; the lon/lat lines themselves are unchanged."""
    return shapely.segmentize(geometry, max_step_deg)


def projected(view: MapView, geometry: BaseGeometry) -> BaseGeometry | None:
    """Cull to the view's neighbourhood, densify along the lon/lat edges
    (:data:`MAX_STEP_DEG`), then project (lon/lat -> metres); ``None`` when nothing of it lies
    in the frame."""
    culled = view.cull(geometry)
    if culled is None or culled.is_empty:
        return None
    geom = view.project_geometry(densified(culled))
    xmin, ymin, xmax, ymax = view.frame
    west, south, east, north = geom.bounds
    if west > xmax or east < xmin or south > ymax or north < ymin:
        return None
    return geom


def draw_polygon(ax: Axes, view: MapView, geometry: BaseGeometry, **kwargs) -> PathPatch | None:
    """Fill/outline a lon/lat (Multi)Polygon; returns the patch, or ``None`` if out of view."""
    geom = projected(view, geometry)
    if geom is None or geom.is_empty:
        return None
    path = polygon_path(geom)
    if path is None:
        return None
    patch = PathPatch(path, **kwargs)
    ax.add_artist(patch)  # not add_patch: the limits are fixed, and updating them is slow
    return patch


def draw_lines(ax: Axes, view: MapView, geometry: BaseGeometry, **kwargs) -> LineCollection | None:
    """Draw a lon/lat line (or polygon outline) geometry; ``None`` if out of view."""
    geom = projected(view, geometry)
    if geom is None or geom.is_empty:
        return None
    segments = line_segments(geom)
    if not segments:
        return None
    collection = LineCollection(segments, **kwargs)
    ax.add_collection(collection)
    return collection


def dashes(css_dash: str | None, width_pt: float) -> LineStyleType:
    """An SVG dash array ("6 4", in px) as a matplotlib linestyle in units of line width."""
    if not css_dash:
        return "solid"
    pattern = [float(v) * PRINT_WIDTH_SCALE / max(width_pt, 0.1) for v in css_dash.split()]
    return (0, tuple(pattern))


def draw_graticule(ax: Axes, view: MapView, font_size: float) -> list:
    """Meridians and parallels with degree labels outside the frame (bottom and left)."""
    xmin, ymin, xmax, ymax = view.frame
    lon, lat = view.frame_outline_lonlat
    lon = np.unwrap(np.radians(lon))
    lon_lo, lon_hi = np.degrees(lon.min()), np.degrees(lon.max())
    lat_lo, lat_hi = float(lat.min()), float(lat.max())
    step = nice_step(max(lon_hi - lon_lo, lat_hi - lat_lo), target_lines=10)
    lats = np.linspace(max(lat_lo - 1, -89), min(lat_hi + 1, 89), 120)
    lons = np.linspace(lon_lo - 1, lon_hi + 1, 240)
    bottom = shapely.LineString([(xmin, ymin), (xmax, ymin)])
    left = shapely.LineString([(xmin, ymin), (xmin, ymax)])
    segments, labels = [], []
    for value in np.arange(np.ceil(lon_lo / step) * step, lon_hi + 1e-9, step):
        x, y = view.project(np.full_like(lats, value), lats)
        segments.append(np.column_stack([x, y]))
        hit = shapely.LineString(segments[-1]).intersection(bottom)
        if not hit.is_empty:
            labels.append(("x", shapely.get_parts(hit)[0].x, format_lon(value)))
    for value in np.arange(np.ceil(lat_lo / step) * step, lat_hi + 1e-9, step):
        x, y = view.project(lons, np.full_like(lons, value))
        segments.append(np.column_stack([x, y]))
        hit = shapely.LineString(segments[-1]).intersection(left)
        if not hit.is_empty:
            labels.append(("y", shapely.get_parts(hit)[0].y, format_lat(value)))
    ax.add_collection(
        LineCollection(segments, colors=style.GRATICULE, linewidths=0.5, alpha=0.8, zorder=1.5)
    )
    artists = []
    colour = getattr(style, "GRATICULE_LABEL", "#4f6a84")
    for axis, position, text in labels:
        if axis == "x":
            artists.append(ax.annotate(text, (position, ymin), xytext=(0, -3),
                                       textcoords="offset points", ha="center", va="top",
                                       fontsize=font_size, color=colour, annotation_clip=False))
        else:
            artists.append(ax.annotate(text, (xmin, position), xytext=(-3, 0),
                                       textcoords="offset points", ha="right", va="center",
                                       fontsize=font_size, color=colour, annotation_clip=False,
                                       rotation=90, rotation_mode="anchor"))
    return artists


def draw_north_arrow(ax: Axes, view: MapView, font_size: float, where=(0.94, 0.86)) -> None:
    """A north arrow pointing to true north at its own position on the map."""
    xmin, ymin, xmax, ymax = view.frame
    x0 = xmin + where[0] * (xmax - xmin)
    y0 = ymin + where[1] * (ymax - ymin)
    angle = view.north_angle(x0, y0)
    length = 0.07 * (ymax - ymin)
    tip = (x0 + length * np.sin(angle), y0 + length * np.cos(angle))
    ax.annotate("", xy=tip, xytext=(x0, y0), zorder=9,
                arrowprops=dict(facecolor="black", edgecolor="white", linewidth=0.6,
                                width=3.5, headwidth=11, headlength=10))
    ax.annotate("N", tip, xytext=(4 * np.sin(angle), 4 * np.cos(angle) + 1),
                textcoords="offset points", ha="center", va="bottom", zorder=9,
                fontsize=font_size * 1.3, fontweight="bold",
                path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])


def scatter_points(ax: Axes, view: MapView, lon, lat, **kwargs) -> PathCollection | None:
    """Markers at lon/lat positions (degrees) projected to the view."""
    lon, lat = np.atleast_1d(np.asarray(lon, float)), np.atleast_1d(np.asarray(lat, float))
    if lon.size == 0:
        return None
    x, y = view.project(lon, lat)
    return ax.scatter(x, y, **kwargs)
