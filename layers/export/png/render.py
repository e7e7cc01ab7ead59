"""Briefing PNG: matplotlib (Agg, no browser) in a Lambert conformal conic suited to the view.

Layout (inches, so any pixel size looks the same): optional handling banner top and bottom;
title and subtitle (scenario, time window in UTC and the scenario's local time); the map (zones,
tracks, crossings, reported-event places: :mod:`layers.export.png.places`) with graticule labels, scale
bar (true at the centre) and north arrow; a side panel with the legend and the NOTIONAL caveat;
a footer with sources and the licence attribution.
"""

from __future__ import annotations

import io
import re
import textwrap
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.typing import RcKeyType
from matplotlib_scalebar.scalebar import ScaleBar

from layers import style
from layers.export.briefing import Briefing, attribution_text, xml_text
from layers.export.png.draw import (
    draw_graticule,
    draw_north_arrow,
    frame_map_axes,
    projected,
)
from layers.export.png.inset import detail_zone, draw_inset
from layers.export.png.labels import Labeler
from layers.export.png.layers import (
    MapLayers,
    draw_disputed_label,
    draw_points,
    draw_sea_label,
    draw_zones,
)
from layers.export.png.page import HD, PageSize, parse_size
from layers.export.png.places import draw_places, label_places
from layers.export.png.projection import MapView
from layers.export.png.tracks import draw_events, draw_tracks, label_events

#: Latin text in DejaVu Sans; Korean and Japanese glyphs fall back to Noto Sans CJK
#: (Debian package fonts-noto-cjk).
FONT_FAMILY = ["DejaVu Sans", "Noto Sans CJK JP"]
#: Text from data (track names, titles, banners) is shown as written: no "$…$" mathtext.
RC: dict[RcKeyType, Any] = {"font.family": FONT_FAMILY, "text.parse_math": False}
BASE_FONT_PT = 7.5
PANEL_WIDTH_IN = 3.9
#: Crossings get local time labels on maps at most this wide (metres); wider maps rely on the
#: detail inset and the events table.
EVENT_LABEL_MAX_WIDTH_M = 1_300_000
MARGIN_IN = 0.22
BANNER_IN = 0.3
HEADER_IN = 0.72


def _figure(page: PageSize) -> Figure:
    width_in, height_in = page.inches
    # A hair over the exact size, so Agg's truncation to whole pixels lands on the size asked.
    fig = Figure(figsize=(width_in + 0.1 / page.dpi, height_in + 0.1 / page.dpi), dpi=page.dpi)
    FigureCanvasAgg(fig)
    return fig


def _banner(fig: Figure, text: str, width_in: float, height_in: float) -> None:
    for y in (height_in - BANNER_IN, 0.0):
        ax = fig.add_axes((0, y / height_in, 1, BANNER_IN / height_in))
        ax.set_axis_off()
        ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, color="#202020"))
        ax.text(0.5, 0.5, xml_text(text).upper(), ha="center", va="center", color="white",
                fontsize=BASE_FONT_PT * 1.45, fontweight="bold", transform=ax.transAxes)


def source_summary(briefing: Briefing, max_chars: int) -> str:
    """"Sources: a; b; …" (titles only) cut to about ``max_chars``, then how many more there
    are (all of them, with links, are in the scenario file)."""
    titles = [re.sub(r"\s*<[^>]*>$", "", s) for s in briefing.sources]
    if not titles:
        return ""
    text = "Sources: " + "; ".join(titles)
    if len(text) <= max_chars:
        return text
    shown, used = [], len("Sources: ") + 60
    for title in titles:
        if used + len(title) + 2 > max_chars:
            break
        shown.append(title)
        used += len(title) + 2
    rest = len(titles) - len(shown)
    return f"Sources: {'; '.join(shown)} … and {rest} more (all with links in the scenario file)"


def footer_lines(briefing: Briefing, chars: int, max_source_lines: int = 2) -> list[str]:
    """Footer text lines: sources (at most ``max_source_lines`` lines) and the licence
    attribution, wrapped at ``chars`` characters."""
    lines = textwrap.wrap(source_summary(briefing, chars * max_source_lines), chars)
    return lines + textwrap.wrap(" ".join(attribution_text().split()), chars)


def _footer(fig: Figure, briefing: Briefing, bottom_in: float, size: tuple[float, float]) -> float:
    """Draw the footer; return its height in inches."""
    width_in, height_in = size
    font = BASE_FONT_PT * 0.8
    chars = int((width_in - 2 * MARGIN_IN) * 72 / (font * 0.55))
    lines = footer_lines(briefing, chars)
    fig.text(MARGIN_IN / width_in, (bottom_in + 0.06) / height_in, "\n".join(lines), ha="left",
             va="bottom", fontsize=font, color="#444444", linespacing=1.15)
    return 0.12 + len(lines) * font * 1.2 / 72


def _header(fig: Figure, briefing: Briefing, top_in: float, size: tuple[float, float]) -> None:
    width_in, height_in = size
    x = MARGIN_IN / width_in
    fig.text(x, (top_in - 0.12) / height_in, xml_text(briefing.title), ha="left", va="top",
             fontsize=BASE_FONT_PT * 2.0, fontweight="bold", color="#1a1a1a")
    parts = [briefing.page_title] if briefing.page_title else []
    if briefing.scenario_id:
        parts.append(f"Scenario {briefing.scenario_id}"
                     + (f": {briefing.scenario_title}" if briefing.scenario_title and
                        briefing.scenario_title != briefing.title else ""))
    parts.append(briefing.window_text)
    if briefing.uncertainty_nm:
        parts.append(f"track uncertainty ±{briefing.uncertainty_nm:g} nm")
    fig.text(x, (top_in - 0.47) / height_in, " · ".join(parts), ha="left", va="top",
             fontsize=BASE_FONT_PT * 1.2, color="#333333")


def _panel(fig: Figure, box: tuple[float, float, float, float], legend_entries, briefing) -> None:
    ax = fig.add_axes(box)
    ax.set_axis_off()
    blank = Line2D([], [], linestyle="none")
    handles = [h if h is not None else blank for h, _ in legend_entries]
    labels = [_wrap(text, 54) for _, text in legend_entries]
    legend = ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0, 1), frameon=False,
                       fontsize=BASE_FONT_PT, handlelength=2.2, borderaxespad=0,
                       labelspacing=0.35, handletextpad=0.6)
    for (handle, _), text in zip(legend_entries, legend.get_texts()):
        if handle is None:
            text.set_fontweight("bold")
            text.set_x(0)
    notes = []
    if briefing.notional:
        notes.append(briefing.caveat)
    notes.append(style.ADIZ_CAVEAT)
    notes += list(briefing.notes)
    ax.text(0, 0, "\n".join(_wrap(n, 62) for n in notes), transform=ax.transAxes, ha="left",
            va="bottom", fontsize=BASE_FONT_PT * 0.95, color="#7a1010", linespacing=1.2,
            bbox=dict(boxstyle="round,pad=0.4", facecolor="#fff6e0", edgecolor="#c9a227",
                      linewidth=0.6))


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(text, width, break_long_words=False)


def render_figure(briefing: Briefing, size: str | PageSize = HD,
                  layers: MapLayers | None = None) -> Figure:
    """The briefing map as a matplotlib figure (not yet saved)."""
    layers = layers or MapLayers.builtin("display")
    page = parse_size(size)
    width_in, height_in = page.inches
    banner = BANNER_IN if briefing.banner else 0.0
    with mpl.rc_context({**RC, "hatch.linewidth": 0.5,
                         "hatch.color": style.DISPUTED_COLOUR}):
        fig = _figure(page)
        fig.patch.set_facecolor("white")
        if briefing.banner:
            _banner(fig, briefing.banner, width_in, height_in)
        top = height_in - banner
        _header(fig, briefing, top, (width_in, height_in))
        footer = _footer(fig, briefing, banner, (width_in, height_in))
        map_left = MARGIN_IN + 0.25
        map_bottom = banner + footer + 0.25
        map_width = width_in - map_left - PANEL_WIDTH_IN - MARGIN_IN - 0.15
        map_height = top - HEADER_IN - map_bottom
        ax = fig.add_axes((map_left / width_in, map_bottom / height_in,
                           map_width / width_in, map_height / height_in))
        view = MapView(briefing.bounds, aspect=map_width / map_height)
        frame_map_axes(ax, view, spine_width=0.8, spine_zorder=10)

        zones = layers.zones
        legend = draw_zones(ax, view, zones, layers.boundaries)
        draw_graticule(ax, view, BASE_FONT_PT * 0.9)
        labeler = Labeler(ax)
        scalebar = ScaleBar(1.0 / view.scale_factor(), units="m", location="lower left",
                            length_fraction=0.22, box_alpha=0.85, border_pad=0.6,
                            font_properties={"size": BASE_FONT_PT * 0.9},
                            label="scale true at the map centre", label_loc="top")
        ax.add_artist(scalebar)
        labeler.reserve_box(_corner_box(ax, 0.0, 0.0, 0.3, 0.14))
        labeler.reserve_box(_corner_box(ax, 0.89, 0.8, 1.0, 1.0))
        draw_north_arrow(ax, view, BASE_FONT_PT)
        events = getattr(briefing.report, "events", None)
        zone_id = detail_zone(events, zones, view)
        if zone_id is not None:  # first, so that the map's labels keep off it
            draw_inset(ax, view, zone_id, layers, briefing.tracks, events, BASE_FONT_PT * 0.9,
                       labeler, briefing.local)
        for track in briefing.tracks:  # place names keep off the tracks where they can
            labeler.avoid_line(projected(view, track.to_geometry(max_step_m=10_000)))
        # Label priority: disputed zone, reference points, sea name, then track labels.
        draw_disputed_label(ax, view, zones, labeler, BASE_FONT_PT * 0.9)
        points_legend = draw_points(ax, view, layers.points, labeler, BASE_FONT_PT * 0.9)
        draw_sea_label(ax, view, zones, labeler, BASE_FONT_PT)
        legend += draw_tracks(ax, view, briefing.tracks, labeler, BASE_FONT_PT)
        legend += draw_events(ax, view, events)
        legend += draw_places(ax, view, briefing.places)
        legend += points_legend
        if view.frame[2] - view.frame[0] <= EVENT_LABEL_MAX_WIDTH_M:  # close-up views only
            label_events(view, events, labeler, BASE_FONT_PT, skip_zone=zone_id, local=briefing.local)
        label_places(view, briefing.places, labeler, BASE_FONT_PT, briefing.local)
        panel_left = map_left + map_width + 0.3
        _panel(fig, (panel_left / width_in, map_bottom / height_in,
                     (width_in - panel_left - MARGIN_IN) / width_in, map_height / height_in),
               legend, briefing)
    return fig


def _corner_box(ax, x0: float, y0: float, x1: float, y1: float):
    from matplotlib.transforms import Bbox

    frame = ax.get_window_extent(ax.figure.canvas.get_renderer())
    return Bbox.from_extents(frame.x0 + x0 * frame.width, frame.y0 + y0 * frame.height,
                             frame.x0 + x1 * frame.width, frame.y0 + y1 * frame.height)


def render_png(briefing: Briefing, size: str | PageSize = HD,
               layers: MapLayers | None = None) -> bytes:
    """The briefing map as PNG bytes of exactly the asked size (pixels at the page's dpi)."""
    page = parse_size(size)
    fig = render_figure(briefing, page, layers)
    with mpl.rc_context(RC):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=page.dpi, facecolor="white",
                    metadata={"Software": "Patrol Map (layers.export.png.render)"})
    return buffer.getvalue()
