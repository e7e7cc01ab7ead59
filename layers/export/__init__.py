"""Briefing exports: PNG (matplotlib), standalone offline HTML, GeoJSON, KML, CSV and PPTX.

Build a :class:`~layers.export.briefing.Briefing` (a scenario or your own tracks, a time
window, a view, a banner), then :func:`export` it to bytes in one of :data:`FORMATS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from layers.errors import InputError
from layers.export.briefing import Briefing, build_briefing, scenario_briefing


@dataclass(frozen=True)
class ExportFormat:
    """A file format: its name, file suffix and MIME type."""

    name: str
    suffix: str
    mime: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("png", ".png", "image/png"),
        ExportFormat("html", ".html", "text/html"),
        ExportFormat("geojson", ".geojson", "application/geo+json"),
        ExportFormat("kml", ".kml", "application/vnd.google-earth.kml+xml"),
        ExportFormat("csv", ".csv", "text/csv"),
        ExportFormat(
            "pptx",
            ".pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    )
}


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
    if fmt == "png":
        from layers.export.png.render import render_png

        return render_png(briefing, size)
    if fmt == "html":
        from layers.export.html import render_html

        return render_html(briefing)
    if fmt == "geojson":
        from layers.export.geojson import render_geojson

        return render_geojson(briefing)
    if fmt == "kml":
        from layers.export.kml import render_kml

        return render_kml(briefing)
    if fmt == "csv":
        from layers.export.csv import render_csv

        return render_csv(briefing)
    if fmt == "pptx":
        from layers.export.pptx import render_pptx

        return render_pptx(briefing)
    raise InputError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}", field="format")


__all__ = ["FORMATS", "Briefing", "ExportFormat", "build_briefing", "export",
           "format_for_path", "scenario_briefing"]
