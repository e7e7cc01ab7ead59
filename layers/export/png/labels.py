"""Place map labels without overlaps: a label that would cover another one is moved or dropped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.text import Text
from matplotlib.transforms import Bbox

#: A white halo keeps labels readable over lines and fills.
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white", alpha=0.85)]

#: Offsets tried in turn, in points from the anchor: right, left, above, below, diagonals.
DEFAULT_OFFSETS: tuple[tuple[float, float, str, str], ...] = (
    (5, 0, "left", "center"),
    (-5, 0, "right", "center"),
    (0, 5, "center", "bottom"),
    (0, -5, "center", "top"),
    (5, 5, "left", "bottom"),
    (-5, -5, "right", "top"),
    (5, -5, "left", "top"),
    (-5, 5, "right", "bottom"),
)


def renderer_of(ax: Axes) -> RendererAgg:
    """The renderer of ``ax``'s figure. Export figures are always drawn on a
    :class:`FigureCanvasAgg` (see render.py); the stubs type ``figure.canvas`` as the base
    class, which has no ``get_renderer``."""
    return cast(FigureCanvasAgg, ax.figure.canvas).get_renderer()


class Labeler:
    """Adds text to ``ax`` only where it overlaps no earlier label and stays inside the axes."""

    def __init__(self, ax: Axes, padding_px: float = 2.0) -> None:
        self.ax = ax
        self.padding = padding_px
        self.renderer = renderer_of(ax)
        self.placed: list[Bbox] = []
        self.lines: list = []  # shapely lines in display pixels that some labels keep off

    def avoid_line(self, geometry) -> None:
        """Register a line (data coordinates, e.g. a track) for labels placed with
        ``avoid_lines=True`` to keep off."""
        import numpy as np
        import shapely

        if geometry is None:
            return
        for part in shapely.get_parts(geometry):
            coords = np.asarray(part.coords)[:, :2]
            if len(coords) >= 2:
                self.lines.append(shapely.LineString(self.ax.transData.transform(coords)))

    def _crosses_line(self, box: Bbox) -> bool:
        import shapely

        rect = shapely.box(box.x0, box.y0, box.x1, box.y1)
        return any(rect.intersects(line) for line in self.lines)

    def reserve(self, artist) -> None:
        """Keep other labels off an artist already drawn (a legend, a scale bar, a marker)."""
        self.placed.append(artist.get_window_extent(self.renderer).expanded(1.0, 1.0))

    def reserve_box(self, box: Bbox) -> None:
        """Keep labels off a box in display pixels."""
        self.placed.append(box)

    def _fits(self, box: Bbox) -> bool:
        frame = self.ax.get_window_extent(self.renderer)
        inside = (
            box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1
        )
        return inside and not any(box.overlaps(other) for other in self.placed)

    def add(
        self,
        x: float,
        y: float,
        text: str,
        offsets: Sequence[tuple[float, float, str, str]] = DEFAULT_OFFSETS,
        avoid_lines: bool = False,
        accept=None,
        **kwargs,
    ) -> Text | None:
        """Place ``text`` near data point (x, y) at the first free offset; ``None`` if none is.
        With ``avoid_lines`` the label also keeps off the registered lines; ``accept(box)``
        (display pixels) may refuse a position too."""
        for dx, dy, ha, va in offsets:
            artist = self.ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                annotation_clip=False,
                path_effects=kwargs.pop("path_effects", HALO),
                **kwargs,
            )
            box = artist.get_window_extent(self.renderer).padded(self.padding)
            if (self._fits(box) and not (avoid_lines and self._crosses_line(box))
                    and (accept is None or accept(box))):
                self.placed.append(box)
                return artist
            artist.remove()
        return None

    def add_rotated(self, x: float, y: float, text: str, angle_deg: float, **kwargs) -> Text | None:
        """Place ``text`` centred on (x, y), rotated by ``angle_deg``, if it overlaps nothing."""
        artist = self.ax.text(
            x, y, text, rotation=angle_deg, rotation_mode="anchor", ha="center", va="center",
            path_effects=kwargs.pop("path_effects", HALO), **kwargs,
        )
        box = artist.get_window_extent(self.renderer).padded(self.padding)
        if self._fits(box):
            self.placed.append(box)
            return artist
        artist.remove()
        return None
