"""What the app's page keeps between reruns, in plain Python (no Streamlit import): the keys
of its cached analyses, the merging of the reports of a scenario, uploads and drawn routes, and
the shapes of what streamlit-folium returns (the map's view, the lines drawn on it).

Pinned to streamlit-folium 0.27 (``st_folium`` returns ``{"bounds": {"_southWest": …,
"_northEast": …}, "all_drawings": [GeoJSON features] | None, …}``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from layers.geo.bounds import Bounds

#: Session-state keys of the page, in one place.
KEYS = {
    "scenario": "scenario",
    "uncertainty": "uncertainty_nm",
    "uploads": "uploads",
    "drawn": "drawn",
    "map": "patrol-map",
    "map_view": "map_view",
    "time_index": "t_index",
    "playing": "playing",
}


def scenario_key(scenario_id: str) -> str:
    """Cache key of a scenario's analysis."""
    return f"scenario:{scenario_id}"


def upload_key(digest: str) -> str:
    """Cache key of an upload's analysis (by the file's content)."""
    return f"upload:{digest}"


def drawn_key(route_keys: Sequence[str], source: str) -> str:
    """Cache key of the drawn routes' analysis (their vertices and the speed and start)."""
    return "drawn:" + "|".join(route_keys) + source


def map_key(scenario_id: str, uncertainty_nm: float, upload_digests: Sequence[str],
            drawn: str | None = None) -> str:
    """Cache key of the map: scenario, uncertainty, uploads and drawn routes."""
    key = f"{scenario_id}|{uncertainty_nm}|" + ",".join(upload_digests)
    return key + ("|" + drawn if drawn else "")


def merge_reports(frames: Sequence[tuple[pd.DataFrame, pd.DataFrame]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One (events, intervals) pair from the reports of the scenario, uploads and drawn
    routes (the first pair's empty tables when all are empty)."""
    events = pd.concat([f[0] for f in frames if not f[0].empty] or [frames[0][0]], ignore_index=True)
    intervals = pd.concat([f[1] for f in frames if not f[1].empty] or [frames[0][1]], ignore_index=True)
    return events, intervals


def view_bounds(value: Any) -> Bounds | None:
    """The map's view from the component's value (``value["bounds"]``), or ``None``."""
    if isinstance(value, Mapping) and value.get("bounds"):
        return Bounds.from_leaflet(value["bounds"])
    return None


def route_key(geometry: Mapping[str, Any]) -> str:
    """A stable key of a drawn geometry (to tell new drawings from ones already added)."""
    return json.dumps(geometry.get("coordinates"), separators=(",", ":"))



def new_drawings(
    features: Any, known: set[str] | frozenset[str] = frozenset()
) -> list[tuple[str, dict[str, Any]]]:
    """(key, feature) for each drawn LineString feature whose key is not in ``known``, in order
    (``features`` is streamlit-folium's ``all_drawings``: a list of GeoJSON features or None)."""
    found: list[tuple[str, dict[str, Any]]] = []
    for feature in features or []:
        geometry = feature.get("geometry") if isinstance(feature, Mapping) else None
        if isinstance(geometry, Mapping) and geometry.get("type") == "LineString":
            key = route_key(geometry)
            if key not in known and key not in {k for k, _ in found}:
                found.append((key, dict(feature)))
    return found
