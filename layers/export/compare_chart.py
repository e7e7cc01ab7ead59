"""The compared patrols' figures across the years as a small PNG chart (matplotlib Figure with
the Agg canvas: no pyplot, no global state, nothing done at import).

Four panels, one point per patrol at its date: duration (h), time inside KADIZ and JADIZ (min,
overlapping tracks counted once), closest approach to Dokdo / Takeshima territorial airspace and
to any foreign territorial airspace (nm), boundary crossings. Patrols without tracks are marked
"no tracks" on the date axis, never drawn as zero. A caveat and the sources close the chart.
"""

from __future__ import annotations

import io
import textwrap

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from layers.scenarios.compare import CAVEAT, SOURCES_LINE

#: (title, [(column, scale, legend label)]) per panel.
PANELS: tuple[tuple[str, tuple[tuple[str, float, str], ...]], ...] = (
    ("Duration of the drawn tracks (h)", (("duration_s", 1 / 3600, "duration"),)),
    ("Time inside (min)", (("kadiz_s", 1 / 60, "KADIZ"), ("jadiz_s", 1 / 60, "JADIZ (drawn part)"))),
    ("Closest approach (nm)", (("dokdo_airspace_nm", 1.0, "Dokdo / Takeshima airspace"),
                               ("foreign_airspace_nm", 1.0, "any foreign territorial airspace"))),
    ("Boundary crossings", (("crossings", 1.0, "entries and exits"),)),
)
MARKERS = ("o", "s")


def comparison_png(table: pd.DataFrame, title: str = "Joint patrols compared", dpi: int = 110) -> bytes:
    """PNG bytes of the chart of ``table`` (:attr:`layers.scenarios.compare.Comparison.table`)."""
    figure = Figure(figsize=(9.0, 7.0), dpi=dpi)
    FigureCanvasAgg(figure)
    figure.suptitle(title, fontsize=13, fontweight="bold")
    dates = pd.to_datetime(table["date"])
    has_tracks = table["n_tracks"].astype(int) > 0
    axes = figure.subplots(2, 2, sharex=True)
    for ax, (panel_title, series) in zip(axes.flat, PANELS, strict=True):
        ax.set_title(panel_title, fontsize=10)
        for (column, scale, label), marker in zip(series, MARKERS, strict=False):
            values = table[column].astype(float) * scale
            ax.plot(dates[has_tracks], values[has_tracks], marker=marker, linestyle="none", label=label)
        for date in dates[~has_tracks]:
            ax.axvline(date, color="#bbbbbb", linewidth=0.8, linestyle=":")
        ax.grid(True, alpha=0.3)
        ax.set_ylim(bottom=0)
        if len(series) > 1:
            ax.legend(fontsize=7, loc="upper right")
        ax.tick_params(labelsize=8)
    for ax in axes[1]:
        ax.tick_params(axis="x", rotation=30)
    missing = ", ".join(str(d) for d in table.loc[~has_tracks, "scenario_id"])
    gaps = f"Dotted lines: patrols without tracks ({missing}), no figures. " if missing else ""
    footer = "\n".join(textwrap.wrap(f"NOTIONAL RECONSTRUCTIONS. {CAVEAT} {gaps}{SOURCES_LINE}", 130))
    figure.text(0.01, 0.01, footer, fontsize=7, va="bottom")
    figure.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.17, hspace=0.3)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


__all__ = ["PANELS", "comparison_png"]
