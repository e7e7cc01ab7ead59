"""Page sizes for the PNG export: pixels and dots per inch."""

from __future__ import annotations

import re
from dataclasses import dataclass

from layers.errors import InputError

#: Physical width (inches) a pixel size is laid out at when no dpi is given: 1920 px -> 150 dpi.
DESIGN_WIDTH_IN = 12.8
MAX_PIXELS = 12_000


@dataclass(frozen=True)
class PageSize:
    """An output size in pixels at ``dpi``; fonts and line widths are in points, so a page of
    the same physical size looks the same at any pixel count."""

    width_px: int
    height_px: int
    dpi: float

    @property
    def inches(self) -> tuple[float, float]:
        return self.width_px / self.dpi, self.height_px / self.dpi


#: 16:9 full HD (slides, projectors).
HD = PageSize(1920, 1080, 150.0)
#: ISO A4 landscape (297 × 210 mm) at 300 dpi.
A4_LANDSCAPE = PageSize(3508, 2480, 300.0)

_NAMED = {"a4": A4_LANDSCAPE, "a4-landscape": A4_LANDSCAPE, "hd": HD, "16:9": HD}
_PIXELS = re.compile(r"^\s*(\d+)\s*[x×]\s*(\d+)\s*(?:@\s*(\d+(?:\.\d+)?)\s*dpi)?\s*$", re.I)


def parse_size(text: str | PageSize) -> PageSize:
    """``"1920x1080"``, ``"1600x900@200dpi"``, ``"a4"`` (A4 landscape, 300 dpi) or ``"hd"``."""
    if isinstance(text, PageSize):
        return text
    named = _NAMED.get(str(text).strip().lower())
    if named is not None:
        return named
    match = _PIXELS.match(str(text))
    if not match:
        raise InputError(
            f"size must be WIDTHxHEIGHT in pixels (e.g. 1920x1080) or a4, got {text!r}",
            field="size",
        )
    width, height = int(match.group(1)), int(match.group(2))
    if not (160 <= width <= MAX_PIXELS and 90 <= height <= MAX_PIXELS):
        raise InputError(
            f"size {width}x{height} out of range (160..{MAX_PIXELS} by 90..{MAX_PIXELS} px)",
            field="size",
        )
    if not (0.8 <= width / height <= 3.0):
        raise InputError("size: use a landscape page (width/height 0.8 to 3)", field="size")
    dpi = float(match.group(3)) if match.group(3) else width / DESIGN_WIDTH_IN
    return PageSize(width, height, dpi)
