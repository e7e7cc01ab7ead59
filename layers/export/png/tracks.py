"""Tracks and crossing markers on the printed map.

Tracks are drawn from :meth:`Track.to_geometry` (densified along geodesics), coloured by the
operating state; tracks of one state differ by line style. Hourly ticks carry direction
arrows and UTC labels; notional tracks carry a NOTIONAL label along the line (SCHEMATIC for a
schematic route, which is notional too).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.typing import LineStyleType

from layers import style
from layers.export.briefing import xml_text
from layers.export.png.draw import draw_lines, projected, scatter_points
from layers.export.png.labels import Labeler
from layers.export.png.layers import Legend, state_name
from layers.export.png.projection import MapView
from layers.timefmt import KST, LocalZone, clock
from layers.tracks.naming import caveat_word, caveat_words, coincident_groups, description, display_name, is_schematic


def track_legend_label(track) -> str:
    """Legend text of a track: its full label (or short name and state), marked NOTIONAL (or
    SCHEMATIC: :func:`layers.tracks.naming.caveat_word`)."""
    meta = track.meta
    text = xml_text(description(track))
    if not text:
        state = meta.get("state")
        text = display_name(track) + (f" ({state_name(str(state))})" if state else "")
    word = caveat_word(track)
    if word and word.lower() not in text.lower():
        text += f" · {word}"
    return text


def tracks_legend_heading(tracks: Sequence) -> str:
    """``"Tracks (NOTIONAL reconstructions)"``, ``"Tracks (SCHEMATIC: areas, not routes)"``, both,
    or ``"Tracks (recorded)"``."""
    texts = {"NOTIONAL": "NOTIONAL reconstructions", "SCHEMATIC": "SCHEMATIC: areas, not routes"}
    words = caveat_words(tracks)
    return f"Tracks ({'; '.join(texts[w] for w in words)})" if words else "Tracks (recorded)"


#: A schematic track: band width (points) and opacity under its dashed line; dash length (points).
SCHEMATIC_BAND_PT = 9.0
SCHEMATIC_BAND_ALPHA = 0.18
SCHEMATIC_DASH_PT = 4.0


#: Line styles of the first, second, third … track of one state (all in the state's colour).
def linestyle(dash: tuple[float, ...]) -> LineStyleType:
    """matplotlib's line style for a :data:`layers.style.TRACK_DASHES` pattern."""
    return (0, dash) if dash else "solid"


def draw_tracks(ax: Axes, view: MapView, tracks: Sequence, labeler: Labeler,
                font_size: float) -> Legend:
    """Tracks densified along geodesics, named at their start, hourly ticks with direction
    arrows and NOTIONAL labels; tracks of one state differ by line style. A schematic track is
    a translucent band under a dashed line, with arrows but no hour labels (its times are
    illustrative), and SCHEMATIC along it; schematic tracks on one loop alternate their dashes
    so every aircraft's colour shows."""
    legend: Legend = [(None, tracks_legend_heading(tracks))] if tracks else []
    dashes = style.track_dashes(tracks)
    phases: dict[int, tuple[int, int]] = {}
    for group in coincident_groups(tracks):
        for k, i in enumerate(group):
            phases[i] = (k, len(group))
    for number, track in enumerate(tracks):
        # Earlier tracks are drawn wider, so a formation's shared leg shows both colours.
        width = 1.5 + 0.7 * (len(tracks) - 1 - number)
        state = str(track.meta.get("state", ""))
        colour = style.track_colour(state)
        line_style = linestyle(dashes[number])
        schematic = is_schematic(track)
        if schematic:
            width = 2.0
            index, count = phases[number]
            line_style = (SCHEMATIC_DASH_PT * 2 * index / width,
                          (SCHEMATIC_DASH_PT / width, SCHEMATIC_DASH_PT * (2 * count - 1) / width))
        word = caveat_word(track)
        geometry = track.to_geometry(max_step_m=10_000)
        geom = projected(view, geometry)
        if geom is None or geom.is_empty:
            continue
        if schematic:
            draw_lines(ax, view, geometry, colors=colour, linewidths=SCHEMATIC_BAND_PT,
                       alpha=SCHEMATIC_BAND_ALPHA, zorder=4.9, capstyle="butt",
                       gid=f"track-band:{track.track_id}")
        drawn = draw_lines(ax, view, geometry, colors=colour, linewidths=width,
                           zorder=5 + 0.01 * number, capstyle="butt" if schematic else "round",
                           linestyles=[line_style], gid=f"track:{track.track_id}")
        if drawn is None:
            continue
        if not schematic or phases[number][0] == 0:
            names = [display_name(tracks[i]) for g in coincident_groups(tracks) if number in g for i in g]
            _name_label(view, geom, xml_text(" + ".join(names)), colour, labeler, font_size)
        _hour_ticks(ax, view, track, colour, labeler, font_size, labels=not schematic)
        if word and (not schematic or phases[number][0] == 0):
            _along_track_label(view, geom, word, colour, labeler, font_size)
        handle = Line2D([], [], color=colour, linewidth=width, linestyle=line_style)
        if schematic:
            band = Line2D([], [], color=colour, linewidth=SCHEMATIC_BAND_PT, alpha=SCHEMATIC_BAND_ALPHA)
            legend.append(((band, handle), track_legend_label(track)))
        else:
            legend.append((handle, track_legend_label(track)))
    return legend


def _name_label(view, geom, name: str, colour: str, labeler: Labeler, font_size: float) -> None:
    """The track's short name at its first point inside the frame."""
    xmin, ymin, xmax, ymax = view.frame
    for part in shapely.get_parts(geom):
        coords = np.asarray(part.coords)
        inside = (coords[:, 0] >= xmin) & (coords[:, 0] <= xmax) & (coords[:, 1] >= ymin) & (
            coords[:, 1] <= ymax)
        if inside.any():
            x, y = coords[np.argmax(inside)][:2]
            labeler.add(x, y, name, fontsize=font_size * 1.05, color=colour, fontweight="bold",
                        zorder=7)
            return


def _hour_ticks(ax, view, track, colour, labeler: Labeler, font_size: float, labels: bool = True) -> None:
    """Direction arrows on the hours; with ``labels``, the hour (``"21Z"``) beside each."""
    hours = pd.date_range(track.start.ceil("h"), track.end, freq="h")
    if len(hours) == 0:
        return
    pos = track.position_at(hours)
    ahead = track.position_at(np.minimum(hours + pd.Timedelta(minutes=2), track.end))
    x, y = view.project(pos["lon"].to_numpy(), pos["lat"].to_numpy())
    x2, y2 = view.project(ahead["lon"].to_numpy(), ahead["lat"].to_numpy())
    for i, hour in enumerate(hours):
        if not (np.isfinite(x[i]) and np.isfinite(x2[i])) or (x[i] == x2[i] and y[i] == y2[i]):
            continue
        ax.annotate("", xy=(x2[i], y2[i]), xytext=(x[i], y[i]), zorder=5.5,
                    arrowprops=dict(arrowstyle="-|>", color=colour, lw=0, mutation_scale=9,
                                    shrinkA=0, shrinkB=0))
        if labels:
            labeler.add(x[i], y[i], f"{hour:%H}Z", fontsize=font_size * 0.85, color=colour,
                        zorder=6)


def _along_track_label(view, geom, word: str, colour, labeler: Labeler, font_size: float):
    """``word`` (NOTIONAL, or SCHEMATIC for a schematic route) along the track, beside it."""
    # The longest part as drawn (no clipping: intersection would cut a track that crosses
    # itself into pieces); the labeler refuses positions outside the frame.
    line = max(shapely.get_parts(geom), key=lambda g: g.length)
    xmin, ymin, xmax, ymax = view.frame
    for fraction in sorted(np.arange(0.05, 0.96, 0.05), key=lambda f: abs(f - 0.5)):
        a = line.interpolate(max(fraction - 0.02, 0), normalized=True)
        b = line.interpolate(min(fraction + 0.02, 1), normalized=True)
        angle = np.degrees(np.arctan2(b.y - a.y, b.x - a.x))
        angle = (angle + 90) % 180 - 90
        normal = np.radians(angle + 90)
        offset = 0.012 * (ymax - ymin)
        mid = line.interpolate(fraction, normalized=True)
        for side in (1, -1):
            placed = labeler.add_rotated(
                mid.x + side * offset * np.cos(normal), mid.y + side * offset * np.sin(normal),
                word, angle, fontsize=font_size * 0.9, color=colour, fontweight="bold",
                alpha=0.9, zorder=6,
            )
            if placed is not None:
                return


def draw_events(ax: Axes, view: MapView, events: pd.DataFrame) -> Legend:
    """Crossing markers: entry and exit coloured apart; possible ones faded and hollow; where a
    track crosses the limit of a zone drawn only in part (``data-limit-*``, not a boundary) a
    small grey square."""
    if events is None or len(events) == 0:
        return []
    limit = is_data_limit(events)
    kind = np.where(events["event"].astype(str).str.contains("exit"), "exit", "entry")
    kind[limit] = "limit"
    possible = (events.get("certainty", pd.Series("certain", index=events.index))
                .astype(str).eq("possible").to_numpy())
    for k in ("entry", "exit"):
        colour = style.EVENT_COLOURS[k]
        certain = (kind == k) & ~possible
        maybe = (kind == k) & possible
        scatter_points(ax, view, events["lon"][certain], events["lat"][certain], s=22,
                       marker="o", facecolor=colour, edgecolor="white", linewidths=0.7,
                       zorder=8)
        scatter_points(ax, view, events["lon"][maybe], events["lat"][maybe], s=22,
                       marker="o", facecolor="none", edgecolor=colour, linewidths=1.0,
                       alpha=style.POSSIBLE_OPACITY + 0.2, zorder=8)
    scatter_points(ax, view, events["lon"][limit], events["lat"][limit], s=10, marker="s",
                   facecolor="none", edgecolor="#777777", linewidths=0.8, zorder=7.9)
    legend: Legend = [(None, "Boundary crossings")]
    for k, text in (("entry", "entry"), ("exit", "exit")):
        legend.append((Line2D([], [], marker="o", linestyle="none", markersize=5,
                              markerfacecolor=style.EVENT_COLOURS[k], markeredgecolor="white"),
                       text))
    if possible.any():
        legend.append((Line2D([], [], marker="o", linestyle="none", markersize=5,
                              markerfacecolor="none", markeredgecolor="#555555"),
                       "possible (within the track uncertainty)"))
    if limit.any():
        legend.append((Line2D([], [], marker="s", linestyle="none", markersize=3.5,
                              markerfacecolor="none", markeredgecolor="#777777"),
                       "track leaves/enters the part of an ADIZ drawn here (not a boundary)"))
    return legend


def is_data_limit(events: pd.DataFrame) -> np.ndarray:
    """True for events at the limit of the data drawn for a zone, not at its boundary."""
    return events["event"].astype(str).str.startswith("data-limit").to_numpy()


def label_events(view: MapView, events: pd.DataFrame | None, labeler: Labeler,
                 font_size: float, skip_zone: str | None = None, local: LocalZone = KST) -> int:
    """Label crossing markers with their local time (``local``, rounded to the minute; possible
    crossings in italics) where a label fits without covering another; returns the number
    labelled."""
    if events is None or len(events) == 0:
        return 0
    chosen = events[~is_data_limit(events)]
    chosen = chosen[chosen["zone_id"] != skip_zone] if skip_zone else chosen
    x, y = view.project(chosen["lon"].to_numpy(float), chosen["lat"].to_numpy(float))
    placed = 0
    possible = chosen.get("certainty", pd.Series("", index=chosen.index)).astype(str)
    for (_, event), xi, yi, certainty in zip(chosen.iterrows(), x, y, possible):
        kind = "exit" if "exit" in str(event["event"]) else "entry"
        placed += labeler.add(xi, yi, clock(event["time"], zone=local), fontsize=font_size * 0.8,
                              color=style.EVENT_COLOURS[kind], zorder=8.5,
                              style="italic" if certainty == "possible" else "normal") is not None
    return placed
