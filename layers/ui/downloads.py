"""Briefing files for the app's download buttons: the scenario plus the user's own tracks, at
the chosen uncertainty, with an optional handling banner (built on click, see
:mod:`layers.export`)."""

from __future__ import annotations

from collections.abc import Sequence

from layers.export import FORMATS, build_briefing, export
from layers.export.briefing import Briefing, source_titles
from layers.geo.bounds import Bounds
from layers.scenarios.model import load_scenario
from layers.scenarios.places import scenario_places
from layers.tracks.track import Track

#: Button label -> (format, PNG size), in the order shown: from the export registry.
DOWNLOADS: dict[str, tuple[str, str]] = {
    label: (fmt.name, size or "1920x1080") for fmt in FORMATS.values() for label, size in fmt.downloads
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


def app_briefing(
    scenario_id: str,
    own_tracks: Sequence[Track] = (),
    uncertainty_nm: float = 0.0,
    banner: str | None = None,
    bounds: Bounds | None = None,
) -> Briefing:
    """The briefing behind every download: the scenario (with its reported-event places) plus
    the user's tracks; ``bounds`` (degrees W, S, E, N) is the map view to draw, default: fit
    the tracks and places."""
    scenario = load_scenario(scenario_id)
    title = scenario.title
    if scenario.date and scenario.date not in title:
        title = f"{title} ({scenario.date})"
    return build_briefing(
        [*scenario.tracks, *own_tracks],
        title=title,
        scenario_id=scenario.id,
        sources=source_titles(scenario),
        uncertainty_nm=uncertainty_nm,
        banner=banner,
        bounds=bounds,
        notes=("Includes tracks supplied by the user.",) if own_tracks else (),
        local=scenario.local_zone,
        region=scenario.region,
        places=scenario_places(scenario),
    )


def briefing_file(
    label: str,
    scenario_id: str,
    own_tracks: Sequence[Track] = (),
    uncertainty_nm: float = 0.0,
    banner: str | None = None,
    bounds: Bounds | None = None,
) -> bytes:
    """The bytes of the download ``label`` (see :func:`app_briefing` for the arguments)."""
    fmt, size = DOWNLOADS[label]
    return export(app_briefing(scenario_id, own_tracks, uncertainty_nm, banner, bounds), fmt, size)


def view_caption(bounds: Bounds | None) -> str:
    """One line saying which view the PNG and slide will draw."""
    if bounds is None:
        return "No map view yet (or one a conic map can't draw): the tracks are fitted."
    west, south, east, north = bounds
    return f"View drawn: {west:.2f}° to {east:.2f}° E, {south:.2f}° to {north:.2f}° N"
