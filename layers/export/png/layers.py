"""The briefing's content on the printed map: zones, reference points, tracks, crossings.

Each ``draw_*`` function draws one layer into the axes and returns its legend entries as
``(handle, label)`` pairs; a ``None`` handle marks a group heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from layers import style
from layers.export.png.draw import (
    PRINT_WIDTH_SCALE,
    dashes,
    draw_lines,
    draw_polygon,
    projected,
)
from layers.export.png.labels import Labeler
from layers.export.png.projection import MapView
from layers.zones.disputed import disputed_text, is_disputed, short_name

if TYPE_CHECKING:  # layers.zones.load is imported when the built-in layers are first loaded
    from layers.zones.load import Resolution

Legend = list[tuple[object, str]]


@dataclass(frozen=True)
class MapLayers:
    """The geodata an export draws: zones (zone schema, indexed by id), ADIZ boundary
    segments (``zone_id``, ``approximate``) and reference points."""

    zones: gpd.GeoDataFrame
    boundaries: gpd.GeoDataFrame | None
    points: gpd.GeoDataFrame | None

    @classmethod
    def builtin(cls, resolution: Resolution = "display") -> MapLayers:
        """The built-in layers (``display`` resolution for drawing, ``analysis`` for data)."""
        from layers.zones.load import load_boundaries, load_points, load_zones

        return cls(load_zones(resolution=resolution), load_boundaries(), load_points())

ADIZ_LABELS = style.ADIZ_LABELS
state_name = style.state_name


def draw_zones(ax: Axes, view: MapView, zones, boundaries) -> Legend:
    """Land, territorial airspace (per state), the disputed Dokdo/Takeshima zone and ADIZs.

    Each artist's ``gid`` names what it draws: ``zone:ID`` for a zone's polygon,
    ``edge:ID:official|approximate|truncated`` for ADIZ edges (tests read them back)."""
    legend: Legend = []
    land = zones[zones["kind"] == "land"]
    for zone_id, geometry in zip(land.index, land.geometry):
        draw_polygon(ax, view, geometry, facecolor=style.LAND_FILL, edgecolor=style.LAND_EDGE,
                     linewidth=0.5, zorder=1, gid=f"zone:{zone_id}")
    airspace = zones[zones["kind"] == "territorial-airspace"]
    airspace_states: list[str] = []
    disputed_drawn: list[str] = []
    for zone_id, row in airspace.iterrows():
        disputed = is_disputed(row)
        zs = style.zone_style("territorial-airspace", row["state"], disputed)
        width = zs.weight * PRINT_WIDTH_SCALE
        patch = draw_polygon(
            ax, view, row.geometry, facecolor=(*_rgb(zs.fill), zs.fill_opacity),
            edgecolor=zs.colour, linewidth=width, linestyle=dashes(zs.dash, width),
            hatch="////" if disputed else None, zorder=2.2 if disputed else 0.9,
            gid=f"zone:{zone_id}",
        )
        if patch is None:
            continue
        if disputed:
            disputed_drawn.append(disputed_text(row))
        elif row["state"] not in airspace_states:
            airspace_states.append(row["state"])
    if airspace_states or disputed_drawn:
        legend.append((None, "Territorial airspace (12 nm; 3 nm in some straits)"))
        for code in sorted(airspace_states, key=state_name):
            zs = style.zone_style("territorial-airspace", code)
            legend.append((Patch(facecolor=(*_rgb(zs.fill), 0.35), edgecolor=zs.colour,
                                 linewidth=0.8), state_name(code)))
        for text in disputed_drawn:
            legend.append((Patch(facecolor=(*_rgb(style.DISPUTED_COLOUR), 0.3), hatch="////",
                                 edgecolor=style.DISPUTED_COLOUR, linestyle="--"), text))
    legend += _draw_adiz(ax, view, zones[zones["kind"] == "adiz"], boundaries)
    return legend


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _kinds(edges) -> np.ndarray:
    return edges["kind"].fillna("").astype(str).to_numpy() if "kind" in edges else \
        np.full(len(edges), "", dtype=object)


def _draw_adiz(ax: Axes, view: MapView, adiz, boundaries) -> Legend:
    """ADIZ fills and edges: official/reported edges solid, approximate ones dashed, and the
    limits of a zone drawn only in part ("truncation-*" edges: not a boundary) dotted grey."""
    legend: Legend = []
    any_approximate = any_truncated = False
    for zone_id, row in adiz.iterrows():
        zs = style.zone_style("adiz", row["state"])
        width = zs.weight * PRINT_WIDTH_SCALE
        draw_polygon(ax, view, row.geometry, facecolor=(*_rgb(zs.fill), zs.fill_opacity),
                     edgecolor="none", zorder=1.8, gid=f"zone:{zone_id}")
        edges = boundaries[boundaries["zone_id"] == zone_id] if boundaries is not None else None
        if edges is not None and len(edges):
            truncated = np.char.startswith(_kinds(edges).astype(str), "truncation")
            approximate = edges["approximate"].fillna(False).astype(bool).to_numpy() & ~truncated
            official = ~approximate & ~truncated
            solid = draw_lines(ax, view, shapely.union_all(edges.geometry[official]),
                               colors=zs.colour, linewidths=width, zorder=3,
                               gid=f"edge:{zone_id}:official")
            dashed = draw_lines(ax, view, shapely.union_all(edges.geometry[approximate]),
                                colors=zs.colour, linewidths=width,
                                linestyles=[dashes(style.APPROXIMATE_DASH, width)], zorder=3,
                                gid=f"edge:{zone_id}:approximate")
            limit = draw_lines(ax, view, shapely.union_all(edges.geometry[truncated]),
                               colors="#8a8a8a", linewidths=0.8, linestyles=[(0, (1, 2))],
                               zorder=2.9, gid=f"edge:{zone_id}:truncated")
            any_approximate |= dashed is not None
            any_truncated |= limit is not None
            drawn = solid is not None or dashed is not None
        else:
            outline = draw_lines(ax, view, row.geometry.boundary, colors=zs.colour,
                                 linewidths=width, zorder=3, gid=f"edge:{zone_id}:official")
            drawn = outline is not None
        if drawn:
            label = ADIZ_LABELS.get(row["state"], row["name"])
            legend.append((Line2D([], [], color=zs.colour, linewidth=width),
                           f"{label}: {state_name(row['state'])}"))
    if legend:
        legend.insert(0, (None, "Air defence identification zones (not airspace)"))
    if any_approximate:
        legend.append((Line2D([], [], color="#555555", linewidth=1.4,
                              linestyle=dashes(style.APPROXIMATE_DASH, 1.4)),
                       "approximate ADIZ segment (no official text)"))
    if any_truncated:
        legend.append((Line2D([], [], color="#8a8a8a", linewidth=0.8, linestyle=(0, (1, 2))),
                       "limit of the part of an ADIZ drawn here (not a boundary)"))
    return legend


def draw_points(ax: Axes, view: MapView, points, labeler: Labeler, font_size: float) -> Legend:
    """Reference points with short names (and Korean/Japanese names where the data has them).

    Disputed islets get a marker only: the disputed zone carries their joint label.
    """
    if points is None or len(points) == 0:
        return []
    x, y = view.project(points.geometry.x.to_numpy(), points.geometry.y.to_numpy())
    xmin, ymin, xmax, ymax = view.frame
    inside = (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)
    if not inside.any():
        return []
    colour = getattr(style, "REFERENCE_POINT_COLOUR", "#222222")
    ax.scatter(x[inside], y[inside], s=9, color=colour, zorder=6, linewidths=0)
    for i in np.flatnonzero(inside):
        row = points.iloc[i]
        if is_disputed(row):
            continue
        labeler.add(x[i], y[i], short_label(row), fontsize=font_size, color=colour, zorder=7,
                    linespacing=1.0, avoid_lines=True)
    return [(Line2D([], [], marker="o", color=colour, linestyle="none", markersize=3),
             "reference point")]


def short_label(row: pd.Series) -> str:
    """A map label: the neutral name without its parenthesis, then the first word of its
    Korean and Japanese names (e.g. "Ulleungdo" / "울릉도 / 鬱陵島")."""
    name = str(row.get("name", row.get("id", ""))).split(" (")[0]
    local = []
    for column in ("name_ko", "name_ja"):
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            word = value.split()[0]
            if word not in name and word not in local:
                local.append(word)
    return name + ("\n" + " / ".join(local) if local else "")


def draw_disputed_label(ax: Axes, view: MapView, zones, labeler: Labeler,
                        font_size: float) -> None:
    """Label each disputed zone with its neutral name and its Korean and Japanese names."""
    for _, row in zones.iterrows():
        if not is_disputed(row):
            continue
        centre = row.geometry.centroid
        x, y = view.project(np.array([centre.x]), np.array([centre.y]))
        geom = projected(view, row.geometry)
        if geom is None:
            continue
        # Offsets clear of the zone itself: its half-width in points, plus a gap.
        corners = ax.transData.transform([(geom.bounds[0], geom.bounds[1]),
                                          (geom.bounds[2], geom.bounds[3])])
        r = max(float(np.ptp(corners[:, 0])) / 2 * 72 / ax.figure.dpi, 3.0) + 4
        offsets = ((r, 0, "left", "center"), (-r, 0, "right", "center"),
                   (0, r, "center", "bottom"), (0, -r, "center", "top"),
                   (r, r, "left", "bottom"), (-r, -r, "right", "top"),
                   (r, -r, "left", "top"), (-r, r, "right", "bottom"))
        for avoid in (True, False):
            if labeler.add(x[0], y[0], short_label(row), fontsize=font_size,
                           color=style.DISPUTED_COLOUR, fontweight="bold", zorder=7,
                           linespacing=1.0, offsets=offsets, avoid_lines=avoid) is not None:
                break


def draw_sea_label(ax: Axes, view: MapView, zones, labeler: Labeler, font_size: float) -> None:
    """The sea's neutral name (and its Japanese and Korean names) inside the sea polygon,
    off the tracks: candidate spots on a grid over the sea, nearest its centre first."""
    xmin, ymin, xmax, ymax = view.frame
    for _, row in zones[zones["kind"] == "sea"].iterrows():
        geom = projected(view, row.geometry)
        if geom is None or geom.is_empty:
            continue
        visible = geom.intersection(shapely.box(xmin, ymin, xmax, ymax))
        if visible.is_empty or visible.area < 0.02 * (xmax - xmin) * (ymax - ymin):
            continue
        local = [str(row[c]) for c in ("name_ja", "name_ko") if c in row and isinstance(row[c], str)
                 and row[c]]
        text = str(row["name"]) + ("\n" + " / ".join(local) if local else "")
        west, south, east, north = visible.bounds
        gx, gy = np.meshgrid(np.linspace(west, east, 14), np.linspace(south, north, 14))
        spots = shapely.points(gx.ravel(), gy.ravel())
        spots = spots[shapely.contains(visible, spots)]
        centre = shapely.point_on_surface(visible)
        spots = sorted(spots, key=lambda p: p.distance(centre))[:60]
        inverse = ax.transData.inverted()

        def over_sea(box, inverse=inverse, visible=visible) -> bool:
            (x0, y0), (x1, y1) = inverse.transform([(box.x0, box.y0), (box.x1, box.y1)])
            return visible.contains(shapely.box(x0, y0, x1, y1))

        for spot in spots:
            if labeler.add(spot.x, spot.y, text, offsets=((0, 0, "center", "center"),),
                           avoid_lines=True, accept=over_sea, fontsize=font_size * 1.25,
                           color="#47729a", style="italic", zorder=2.5) is not None:
                break


def short_zone_name(zone_id: str, name: str = "", zones: Any = None) -> str:
    """A compact zone name for tables: "KADIZ", "Japan airspace", "Dokdo / Takeshima 12 nm"
    (a disputed zone of ``zones``, by its own name)."""
    kind, _, code = str(zone_id).partition("-")
    if zones is not None and zone_id in zones.index and is_disputed(zones.loc[zone_id]):
        return f"{short_name(zones.loc[zone_id])} 12 nm"
    if kind == "adiz" and code in ADIZ_LABELS:
        return ADIZ_LABELS[code]
    if kind == "airspace" and code:
        return f"{state_name(code).split(' (')[0]} airspace"
    return name or str(zone_id)
