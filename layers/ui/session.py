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


class Keys:
    """Session-state and widget keys of the page, in one place (values are what tests and
    the browser see)."""

    BANNER = "banner"  # handling banner of the exports
    DRAW_BOX = "draw_box"  # the 'Draw a route' box
    DRAW_CLEAR = "draw_clear"  # 'Remove drawn routes' button
    DRAW_DATE = "draw_date"  # drawn routes' start date (UTC)
    DRAW_SPEED_KN = "draw_speed_kn"  # drawn routes' ground speed, knots
    DRAW_TIME = "draw_time"  # drawn routes' start time (UTC)
    DRAWN = "drawn"  # routes drawn on the map: [(route key, GeoJSON feature)]
    EXPORT_VIEW = "export_view"  # export the current map view (checkbox)
    EXPORTS_BOX = "exports_box"  # the 'Briefing exports' box
    FULL_RUN = "full_run"  # this run is a whole-page run (not a fragment)
    LAST_ROW = "last_row"  # the events-table row last followed
    MAP_VIEW = "map_view"  # the map's view as last reported (Bounds)
    OPEN_DRAW_BOX = "open_draw_box"  # open the draw box on the next run
    PAGE_SHOWN = "page_shown"  # the page has run once in this session
    MAP = "patrol-map"  # the map component (streamlit-folium) and its last value
    PLAY = "play"  # the Play/Pause button
    PLAYING = "playing"  # Play is on
    HOLD = "play_hold"  # ticks Play still holds on the moment shown
    STORY_INDEX = "story_index"  # classroom: the reported event shown
    STORY_NEXT = "story_next"  # classroom: next
    STORY_PREV = "story_prev"  # classroom: previous
    STORY_SHOW = "story_show"  # classroom: show this moment
    T_INDEX = "t_index"  # the time slider (widget); its value is copied from T_STEP each run
    T_STEP = "t_step"  # the time step shown (the truth; the slider follows it)
    T_LEFT = "t_left"  # steps the page left in the last seconds: [(step, monotonic time)]
    SLIDER_MOVED = "slider_moved"  # a value the time slider sent in this run (kept or discarded)
    TABS_PENDING = "tabs_pending"  # the tabs wait for the map's first report
    UNCERTAINTY_NM = "uncertainty_nm"  # track uncertainty, nm (slider)
    UPLOADS = "uploads"  # the track-file uploader
    WEB_TILES = "web_tiles"  # OpenStreetMap tiles on (checkbox)
    SCENARIO = "scenario"  # the chosen patrol (selectbox)
    TABLE = "events_table"  # the events table and its row selection
    TABS = "tabs"  # the tab chosen under the map (tabs are lazy)
    FOCUS = "story_focus"  # map centre (lat, lon) of the reported event stepped to (classroom, presentation)
    CHOSEN = "chosen_event"  # the event chosen in the table, by identity (see event_identity)
    TABLE_IDS = "table_event_ids"  # identities of the table's rows, in the order shown
    PRESENT = "present"  # presentation mode on (toggle; ?mode=present)
    QUIZ = "quiz"  # presentation: the 'ask before each reported event' toggle
    QUIZ_ON = "quiz_on"  # presentation: ask before each reported event (kept apart from the toggle)
    ASKING = "asking"  # presentation: the stop whose question is on screen
    ASKED = "asked"  # presentation: the stops whose question was asked (a frozenset)
    KEYS = "keys"  # the keyboard component
    KEYS_MOVED = "keys_moved"  # keys moved the slider in the run before (its value sent now is stale)
    PRESENT_NEXT = "present_next"  # presentation: Next button
    PRESENT_PREV = "present_prev"  # presentation: Previous button
    PRESENT_EXIT = "present_exit"  # presentation: Exit button


def scenario_key(scenario_id: str) -> str:
    """Cache key of a scenario's analysis."""
    return f"scenario:{scenario_id}"


def upload_key(digest: str) -> str:
    """Cache key of an upload's analysis (by the file's content)."""
    return f"upload:{digest}"


def drawn_key(route_keys: Sequence[str], source: str) -> str:
    """Cache key of the drawn routes' analysis (their vertices and the speed and start)."""
    return "drawn:" + "|".join(route_keys) + source


def map_key(scenario_id: str, uncertainty_nm: float | None, upload_digests: Sequence[str],
            drawn: str | None = None) -> str:
    """Cache key of the analysis: scenario, uncertainty, uploads and drawn routes (``None``
    uncertainty: what does not depend on it, such as the map without its crossing markers)."""
    key = f"{scenario_id}|{uncertainty_nm}|" + ",".join(upload_digests)
    return key + ("|" + drawn if drawn else "")


def merge_reports(frames: Sequence[tuple[pd.DataFrame, pd.DataFrame]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One (events, intervals) pair from the reports of the scenario, uploads and drawn
    routes (the first pair's empty tables when all are empty)."""
    events = pd.concat([f[0] for f in frames if not f[0].empty] or [frames[0][0]], ignore_index=True)
    intervals = pd.concat([f[1] for f in frames if not f[1].empty] or [frames[0][1]], ignore_index=True)
    return events, intervals


#: An event's identity: (track id, zone id, "entry" or "exit", UTC time in ISO 8601).
EventId = tuple[str, str, str, str]


def event_identity(row: Mapping[str, Any]) -> EventId:
    """Who crossed which boundary which way when: the same event whether certain or possible
    (``possible-entry`` is an ``entry``), whatever its row number."""
    kind = "exit" if "exit" in str(row["event_code"]) else "entry"
    return (str(row["Track"]), str(row["zone_id"]), kind, pd.Timestamp(row["time"]).isoformat())


def find_event(table: pd.DataFrame, identity: Sequence[str] | None, within_s: float = 600.0) -> int | None:
    """The row of ``table`` (the engine's events table) that is the event ``identity``: same
    track, zone and direction, the nearest time within ``within_s``; ``None`` if none."""
    if identity is None or table.empty:
        return None
    track, zone, kind, time = identity
    same = table[(table["Track"].astype(str) == track) & (table["zone_id"].astype(str) == zone)
                 & (table["event_code"].astype(str).str.contains(kind))]
    if same.empty:
        return None
    gaps = (pd.to_datetime(same["time"], utc=True) - pd.Timestamp(time)).abs().dt.total_seconds()
    best = gaps.idxmin()
    return int(table.index.get_loc(best)) if gaps[best] <= within_s else None


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
