"""A detail inset for crossings of a small zone (the Dokdo/Takeshima 12-nm airspace, say)
that are too close together to read on the whole map: its own conic view, the zones, the
tracks and each crossing labelled with its local time; a frame on the main map shows where."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib_scalebar.scalebar import ScaleBar

from layers import style
from layers.export.png.draw import draw_lines, frame_map_axes, scatter_points
from layers.export.png.labels import Labeler, renderer_of
from layers.export.png.layers import MapLayers, draw_zones, is_disputed, short_label
from layers.export.png.projection import MapView
from layers.export.png.tracks import linestyle
from layers.geo.bounds import Bounds
from layers.timefmt import KST, LocalZone, rounded

#: A zone gets an inset when its crossings span less than this fraction of the map's width.
SMALL_FRACTION = 0.08
#: A zone smaller than this (degrees) is shown whole in the inset.
MAX_ZONE_SPAN_DEG = 1.5
#: Inset position in the map's axes fraction (left, bottom, width, height).
INSET_BOX = (0.655, 0.015, 0.33, 0.42)


def detail_zone(events: pd.DataFrame | None, zones, view: MapView) -> str | None:
    """The territorial-airspace zone whose crossings crowd a small area: a disputed zone
    first, then the one with the most crossings."""
    if events is None or len(events) == 0:
        return None
    kinds = zones["kind"].reindex(events["zone_id"]).to_numpy()
    small = events[kinds == "territorial-airspace"]
    if len(small) < 2:
        return None
    xmin, _, xmax, _ = view.frame
    counts = small["zone_id"].value_counts()
    disputed = {z for z in counts.index if is_disputed(zones.loc[z])}
    for zone_id in sorted(counts.index, key=lambda z: (z not in disputed, -counts[z])):
        if counts[zone_id] < 2:
            continue
        here = small[small["zone_id"] == zone_id]
        x, y = view.project(here["lon"].to_numpy(float), here["lat"].to_numpy(float))
        if max(np.ptp(x), np.ptp(y)) < SMALL_FRACTION * (xmax - xmin):
            return str(zone_id)
    return None


def _possible(events: pd.DataFrame):
    """True for events that are only possible under the track uncertainty."""
    if "certainty" not in events:
        return np.zeros(len(events), bool)
    return events["certainty"].astype(str).eq("possible").to_numpy()


def _inset_bounds(geometry, events: pd.DataFrame) -> Bounds:
    """Around the crossings, and around the whole zone when it is small (an islet's 12 nm)."""
    west, east = events["lon"].min(), events["lon"].max()
    south, north = events["lat"].min(), events["lat"].max()
    zw, zs, ze, zn = geometry.bounds
    if max(ze - zw, zn - zs) < MAX_ZONE_SPAN_DEG:
        west, south, east, north = min(west, zw), min(south, zs), max(east, ze), max(north, zn)
    pad_lat = 0.45 * (north - south) + 0.05
    pad_lon = 0.45 * (east - west) + 0.05
    return Bounds(west - pad_lon, south - pad_lat, east + pad_lon, north + pad_lat)


def draw_inset(ax: Axes, main: MapView, zone_id: str, layers: MapLayers, tracks, events,
               font_size: float, main_labeler: Labeler, local: LocalZone = KST) -> Axes:
    """Draw the inset for ``zone_id`` into ``ax``'s lower right; frame its area on ``ax``."""
    zone = layers.zones.loc[zone_id]
    here = events[events["zone_id"] == zone_id]
    inset = ax.inset_axes(INSET_BOX, zorder=12)
    renderer = renderer_of(ax)
    box = inset.get_window_extent(renderer)
    main_labeler.reserve_box(box.padded(4))
    view = MapView(_inset_bounds(zone.geometry, here), aspect=box.width / box.height)
    frame_map_axes(inset, view, spine_width=1.0)
    draw_zones(inset, view, layers.zones, layers.boundaries)
    for track, dash in zip(tracks, style.track_dashes(tracks), strict=True):
        state = str(track.meta.get("state", ""))
        draw_lines(inset, view, track.to_geometry(max_step_m=2_000),
                   colors=style.track_colour(state), linewidths=1.6, zorder=5,
                   linestyles=[linestyle(dash)], gid=f"track:{track.track_id}")
    if layers.points is not None and len(layers.points):
        scatter_points(inset, view, layers.points.geometry.x, layers.points.geometry.y, s=6,
                       color=getattr(style, "REFERENCE_POINT_COLOUR", "#222222"), zorder=6,
                       linewidths=0)
    labeler = Labeler(inset)
    name = short_label(zone).replace("\n", "  ")
    when = local.label(here["time"].min()) if len(here) else "local"
    inset.text(0.02, 0.98, f"Detail: {name}\ncrossing times {when}", transform=inset.transAxes,
               ha="left", va="top", fontsize=font_size, zorder=13,
               bbox=dict(facecolor="white", alpha=0.85, edgecolor="none", pad=1.5))
    labeler.reserve_box(inset.texts[-1].get_window_extent(renderer))
    possible = _possible(here)
    for kind in ("entry", "exit"):
        of_kind = here["event"].astype(str).str.contains(kind).to_numpy()
        sure, maybe = here[of_kind & ~possible], here[of_kind & possible]
        scatter_points(inset, view, sure["lon"], sure["lat"], s=30, marker="o",
                       facecolor=style.EVENT_COLOURS[kind], edgecolor="white", linewidths=0.8,
                       zorder=8)
        scatter_points(inset, view, maybe["lon"], maybe["lat"], s=30, marker="o",
                       facecolor="none", edgecolor=style.EVENT_COLOURS[kind], linewidths=1.2,
                       zorder=8)
    x, y = view.project(here["lon"].to_numpy(float), here["lat"].to_numpy(float))
    for (_, event), xi, yi, maybe in zip(here.iterrows(), x, y, possible):
        kind = "exit" if "exit" in str(event["event"]) else "entry"
        text = f"{local.local(rounded(event['time'])):%H:%M} {'possible ' if maybe else ''}{kind}"
        labeler.add(xi, yi, text, fontsize=font_size, color=style.EVENT_COLOURS[kind],
                    fontweight="bold", style="italic" if maybe else "normal", zorder=9)
    inset.add_artist(ScaleBar(1.0 / view.scale_factor(), units="m", location="lower left",
                              length_fraction=0.3, box_alpha=0.8,
                              font_properties={"size": font_size * 0.9}))
    lon, lat = view.frame_outline_lonlat
    fx, fy = main.project(lon, lat)
    ax.plot(fx, fy, color="#222222", linewidth=0.8, zorder=11)
    return inset
