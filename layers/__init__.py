"""Patrol Map: airspace layers, tracks, the crossing engine, scenarios, maps and exports.

The public API is listed in ``__all__``; each name is imported from its sub-package on first
use, so ``import layers`` is cheap and has no side effects. A briefing is written with
``layers.export.export(briefing, fmt)`` (the sub-package ``layers.export`` holds the formats). The sub-packages are:

``geo``        geodesy (one WGS84 ``Geod``), longitude wrapping, bounds
``tracks``     the immutable UTC ``Track``, the columnar ``TrackSet``, playback, drawn routes
``zones``      the zone registry, loading, the zone schema and its validator, user zone files
``readers``    one module per track format and a registry
``engine``     ``find_crossings`` and the ``CrossingReport``
``scenarios``  the built-in patrols, their validation and classroom timeline
``webmap``     the folium map
``export``     briefing files: a registry and one module per format
``ui``         helpers that know the Streamlit page (the only place Streamlit is imported)
``build``      geodata and static-bundle builders
``cli``        the command line (``python -m layers``, ``patrol-map``)

Top-level modules: ``errors``, ``units``, ``timefmt``, ``paths``, ``style``, ``attribution``,
``markup``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from layers.engine.crossings import CrossingReport, find_crossings
    from layers.export import build_briefing
    from layers.readers import read_tracks
    from layers.scenarios.model import load_scenario
    from layers.tracks.track import Track
    from layers.tracks.trackset import TrackSet
    from layers.webmap.build import build_map
    from layers.zones.load import load_zones

#: Public name -> the module that defines it.
_API = {
    "Track": "layers.tracks.track",
    "TrackSet": "layers.tracks.trackset",
    "read_tracks": "layers.readers",
    "load_zones": "layers.zones.load",
    "find_crossings": "layers.engine.crossings",
    "CrossingReport": "layers.engine.crossings",
    "load_scenario": "layers.scenarios.model",
    "build_map": "layers.webmap.build",
    "build_briefing": "layers.export",
}

__all__ = [
    "CrossingReport",
    "Track",
    "TrackSet",
    "build_briefing",
    "build_map",
    "find_crossings",
    "load_scenario",
    "load_zones",
    "read_tracks",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'layers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
