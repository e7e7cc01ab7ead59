"""Briefing exports: PNG (matplotlib), standalone offline HTML, GeoJSON, KML, CSV and PPTX.

Build a :class:`~layers.export.briefing.Briefing` (a scenario or your own tracks, a time
window, a view, a banner), then :func:`export` it to bytes in one of :data:`FORMATS`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from layers.errors import InputError
from layers.export.briefing import Briefing, build_briefing, scenario_briefing


@dataclass(frozen=True)
class ExportFormat:
    """A file format: its name, file suffix, MIME type, renderer (``"module:function"``, called
    with the briefing and, where the format has a size, the page size) and the app's download
    buttons for it (label, size)."""

    name: str
    suffix: str
    mime: str
    renderer: str
    downloads: tuple[tuple[str, str], ...] = ()
    sized: bool = False

    def render(self, briefing: Briefing, size: str = "1920x1080") -> bytes:
        module, function = self.renderer.split(":")
        render = getattr(importlib.import_module(module), function)
        return bytes(render(briefing, size) if self.sized else render(briefing))


#: The export formats, one line each (a new export: one module, one line here, one test).
FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("png", ".png", "image/png", "layers.export.png.render:render_png",
                 (("PNG 16:9", "1920x1080"), ("PNG A4", "a4")), sized=True),
    ExportFormat("pptx", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                 "layers.export.pptx:render_pptx", (("Slide (PPTX)", "1920x1080"),)),
    ExportFormat("html", ".html", "text/html", "layers.export.html:render_html", (("Offline map (HTML)", ""),)),
    ExportFormat("geojson", ".geojson", "application/geo+json", "layers.export.geojson:render_geojson",
                 (("GeoJSON", ""),)),
    ExportFormat("kml", ".kml", "application/vnd.google-earth.kml+xml", "layers.export.kml:render_kml",
                 (("KML (Google Earth)", ""),)),
    ExportFormat("csv", ".csv", "text/csv", "layers.export.csv:render_csv", (("Events (CSV)", ""),)),
)}


def format_for_path(path: str) -> str:
    """The format name implied by a file name's suffix (``.json`` counts as GeoJSON)."""
    lower = str(path).lower()
    for fmt in FORMATS.values():
        if lower.endswith(fmt.suffix):
            return fmt.name
    if lower.endswith(".json"):
        return "geojson"
    raise InputError(f"cannot tell the format from {path!r}: pass --format", field="format")


def export(briefing: Briefing, fmt: str, size: str = "1920x1080") -> bytes:
    """The briefing as the bytes of a ``fmt`` file (``size`` applies to PNG only)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}", field="format")
    return FORMATS[fmt].render(briefing, size)


__all__ = ["FORMATS", "Briefing", "ExportFormat", "build_briefing", "export",
           "format_for_path", "scenario_briefing"]
