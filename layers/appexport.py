"""Briefing files for the app's download buttons: the scenario plus the user's own tracks, at
the chosen uncertainty, with an optional handling banner (built on click, see
:mod:`layers.export`)."""

from __future__ import annotations

from collections.abc import Sequence

from layers.export import FORMATS, build_briefing, export
from layers.export.briefing import source_titles
from layers.scenarios import load_scenario
from layers.tracks import Track

#: Button label -> (format, PNG size); in the order shown.
DOWNLOADS: dict[str, tuple[str, str]] = {
    "PNG 16:9": ("png", "1920x1080"),
    "PNG A4": ("png", "a4"),
    "Slide (PPTX)": ("pptx", "1920x1080"),
    "Offline map (HTML)": ("html", "1920x1080"),
    "GeoJSON": ("geojson", "1920x1080"),
    "KML (Google Earth)": ("kml", "1920x1080"),
    "Events (CSV)": ("csv", "1920x1080"),
}


def file_name(scenario_id: str, label: str, own_tracks: bool) -> str:
    """``patrol-2019-07-23.png`` (``-with-own-tracks`` when the user's tracks are included)."""
    fmt, size = DOWNLOADS[label]
    stem = f"patrol-{scenario_id}" + ("-with-own-tracks" if own_tracks else "")
    if fmt == "png" and size == "a4":
        stem += "-a4"
    return stem + FORMATS[fmt].suffix


def mime(label: str) -> str:
    """The MIME type of a download."""
    return FORMATS[DOWNLOADS[label][0]].mime


def briefing_file(
    label: str,
    scenario_id: str,
    own_tracks: Sequence[Track] = (),
    uncertainty_nm: float = 0.0,
    banner: str | None = None,
) -> bytes:
    """The bytes of the download ``label`` for the scenario and the user's tracks."""
    fmt, size = DOWNLOADS[label]
    scenario = load_scenario(scenario_id)
    title = scenario.title
    if scenario.date and scenario.date not in title:
        title = f"{title} ({scenario.date})"
    briefing = build_briefing(
        [*scenario.tracks, *own_tracks],
        title=title,
        scenario_id=scenario.id,
        sources=source_titles(scenario),
        uncertainty_nm=uncertainty_nm,
        banner=banner,
        notes=("Includes tracks supplied by the user.",) if own_tracks else (),
    )
    return export(briefing, fmt, size)
