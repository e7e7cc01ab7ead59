"""Patrol Map: the Streamlit page (thin: widgets, layout, session state and caching only).

Run with ``make run``. The library in ``layers`` does the work; the map works offline (Leaflet
and its plugins are served from ``static/``; the basemap comes from ``geodata/``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from layers.engine.crossings import find_crossings
from layers.engine.table import events_table
from layers.errors import InputError
from layers.markup import markdown_text
from layers.scenarios.classroom import nearest_step, playback_moments, timeline
from layers.scenarios.model import list_scenarios, load_scenario, scenario_page_title
from layers.scenarios.places import scenario_places
from layers.scenarios.presenter import event_stops, play_tick
from layers.scenarios.quiz import Question, questions, zone_facts
from layers.timefmt import LocalZone
from layers.tracks.drawn import track_from_route
from layers.tracks.naming import any_notional, display_name
from layers.tracks.playback import (
    Moment,
    all_schematic,
    event_time_steps,
    group_captions,
    illustrative_label,
    merge_moments,
    moment_captions,
    next_step,
    play_stride,
    time_label,
    time_steps,
    tracks_view,
)
from layers.ui import present, session
from layers.ui import tabs as app_tabs
from layers.ui.downloads import (
    DOWNLOADS,
    briefing_file,
    file_name,
    mime,
    view_caption,
)
from layers.ui.keys import keyboard
from layers.ui.mapreuse import freeze_render, restoring
from layers.ui.present import Presentation
from layers.ui.session import Keys as K
from layers.ui.uploads import (
    UPLOAD_LABEL,
    UPLOAD_TYPES,
    UploadResult,
    digest,
    read_upload,
    without_duplicates,
)
from layers.webmap.aircraft import aircraft_group
from layers.webmap.build import DEFAULT_VIEW, build_map
from layers.webmap.offline import localize
from layers.webmap.tracks import crossings_group
from layers.zones.load import airspace_zone_set, load_boundaries, load_points, load_zones

LOG = logging.getLogger("patrol_map")
MAP_HEIGHT_PX = 600
DEFAULT_SCENARIO = "2019-07-23"
PLAY_INTERVAL_S = 1.0
#: The time slider's container key (the keyboard listens on it outside presentation mode).
TIME_BOX = "pm-time"
#: Button labels: glyphs that DejaVu Sans (Debian's default font) draws (U+23F8 it does not).
PLAY_LABEL, PAUSE_LABEL = "▶ Play", "▮▮ Pause"
#: Play holds this many extra ticks on a moment (a crossing, a reported event).
HOLD_TICKS = 2
ROW_ZOOM = 8
DEFAULT_SPEED_KN = 450.0
STORY_ZOOM = 7
INTRO = (
    "The airspace around the Russia–China joint bomber patrols (about once a year since 2019, "
    "mostly over the Sea of Japan (East Sea)): "
    "territorial airspace (12 nm), air defence identification zones (ADIZs), the disputed "
    "Dokdo / Takeshima (Liancourt Rocks), notional tracks and every possible boundary crossing."
)
#: Trusted page CSS: less empty space so the map fits a projector screen.
PAGE_CSS = (
    "<style>.block-container {padding-top: 1rem; padding-bottom: 1rem;}"
    "h1 {font-size: 1.9rem !important; padding: 0 0 0.2rem 0 !important;}"
    "[data-testid='stSidebarUserContent'] {padding-top: 1rem;}</style>"
)


# ------------------------------------------------------------------ cached data
@st.cache_resource(show_spinner=False)
def _map_layers() -> tuple[Any, Any, Any]:
    """Display-resolution zones, reference points and ADIZ edges."""
    return load_zones(resolution="display"), load_points(), load_boundaries()


@st.cache_resource(show_spinner=False)
def _scenarios() -> list[dict[str, Any]]:
    return list_scenarios()


@st.cache_resource(show_spinner="Reading the file…", max_entries=32)
def _read_upload(name: str, digest: str, _data: bytes) -> UploadResult:
    return read_upload(name, _data)


@st.cache_resource(show_spinner="Computing the boundary crossings…", max_entries=64)
def _report(key: str, uncertainty_nm: float, _tracks: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Crossing events and intervals of the tracks named by ``key`` (a scenario, an upload's
    digest, drawn routes with their speed and start) against the full-resolution zones."""
    report = find_crossings(list(_tracks), airspace_zone_set(), uncertainty_nm)
    return report.events, report.intervals


@st.cache_resource(show_spinner=False, max_entries=64)
def _events_table(
    key: str, local: LocalZone, _events: pd.DataFrame, _intervals: pd.DataFrame, _tracks: tuple
) -> pd.DataFrame:
    """The events table of the tracks named by ``key`` (as for the map); read-only."""
    return events_table(_events, _intervals, list(_tracks), local)


@st.cache_resource(show_spinner=False, max_entries=64)
def _questions(
    key: str, local: LocalZone, _entries: tuple, _intervals: pd.DataFrame, _tracks: tuple
) -> dict[str, Question]:
    """Predict-and-reveal questions of the reported events, answered from the report of the
    tracks named by ``key`` (as for the map)."""
    names = {track.track_id: display_name(track) for track in _tracks}
    return questions(list(_entries), _intervals, zone_facts(_map_layers()[0]), names, local)


@st.cache_resource(show_spinner=False, max_entries=32)
def _places(scenario_id: str) -> tuple:
    """The reported-event places of a built-in scenario (geodesic shapes), built once."""
    return tuple(scenario_places(load_scenario(scenario_id)))


@st.cache_resource(show_spinner=False, max_entries=64)
def _slider_labels(steps_ns: bytes, local: LocalZone, several_years: bool,
                   schematic: bool = False) -> tuple[str, ...]:
    """The time slider's label of every step (steps as UTC nanoseconds, ``int64`` bytes): built
    once per window, not on every run or Play tick."""
    steps = pd.to_datetime(np.frombuffer(steps_ns, dtype=np.int64), utc=True)
    if schematic:  # illustrative times: the day and the time along the loop, no clock time
        return tuple(illustrative_label(step, steps[0], local) for step in steps)
    return tuple(time_label(step, local, several_years) for step in steps)


# ------------------------------------------------------------------ sidebar
def _sidebar() -> tuple[str, float, list[UploadResult]]:
    scenarios = {row["id"]: row for row in _scenarios()}
    with st.sidebar:
        present.is_on()  # from ?mode=present on the first run
        st.toggle("Presentation mode (projector)", key=K.PRESENT, on_change=present.follow_toggle,
                  help="One screen for a class: the map, the player and the current event's card, "
                       "large type; PageUp/PageDown (a clicker) step through the reported events.")
        st.header("Scenario", anchor=False)
        ids = list(scenarios)
        scenario_id = st.selectbox(
            "Patrol", ids, index=ids.index(DEFAULT_SCENARIO) if DEFAULT_SCENARIO in ids else 0,
            format_func=lambda i: f"{scenarios[i]['date']}: {scenarios[i]['title']} "
                                  f"({scenarios[i]['confidence']})",
            key=K.SCENARIO, on_change=_forget_table_selection,
        )
        st.caption(f"On the map: {scenarios[scenario_id]['confidence']}.")
        uncertainty = st.slider(
            "Track uncertainty (nm)", 0.0, 20.0, 0.0, 0.5, key=K.UNCERTAINTY_NM,
            help="How far the real track may lie from the drawn one. A crossing is certain "
                 "when the track goes deeper than this into a zone, possible otherwise; a "
                 "track passing this close to a zone without entering gets a possible flag.",
        )
        st.header("Your own tracks", anchor=False)
        files = st.file_uploader(
            UPLOAD_LABEL,
            type=UPLOAD_TYPES, accept_multiple_files=True, key=K.UPLOADS,
        )
        uploads, repeated = without_duplicates(
            [_read_upload(f.name, digest(f.getvalue()), f.getvalue()) for f in files or []])
        for note in repeated:
            st.info(markdown_text(note))
        for upload in uploads:
            if upload.error:
                st.error(markdown_text(upload.error), icon="⚠️")
                continue
            names = ", ".join(display_name(t) for t in upload.tracks)
            st.success(markdown_text(f"{upload.name}: {len(upload.tracks)} track(s): {names}"))
            for warning in upload.warnings:
                st.warning(markdown_text(warning))
        _draw_controls(_window_start(scenario_id))
        st.header("Map", anchor=False)
        st.checkbox(
            "Show OpenStreetMap tiles (needs an internet connection)", key=K.WEB_TILES,
            help="The default basemap is offline. Tiles come from tile.openstreetmap.org.",
        )
    return scenario_id, float(uncertainty), [u for u in uploads if not u.error]


# ------------------------------------------------------------------ map and playback
def _window_start(scenario_id: str) -> pd.Timestamp:
    """Start of the scenario's tracks (UTC, whole minutes), else 00:00 UTC on its date."""
    scenario = load_scenario(scenario_id)
    if scenario.tracks:
        return min(t.start for t in scenario.tracks).floor("min")
    return pd.Timestamp(scenario.date or "2019-07-23", tz="UTC")


def _draw_controls(default_start: pd.Timestamp) -> None:
    """Speed and start time for routes drawn with the map's line tool (top right), in a box
    built only when open; it opens by itself when a route has just been drawn."""
    _keep_default(K.DRAW_SPEED_KN, DEFAULT_SPEED_KN)
    _keep_default(K.DRAW_DATE, default_start.date())
    _keep_default(K.DRAW_TIME, default_start.time())
    if st.session_state.pop(K.OPEN_DRAW_BOX, False):
        st.session_state[K.DRAW_BOX] = True
    box = st.expander("Draw a route on the map", key=K.DRAW_BOX, on_change="rerun")
    if not box.open:
        return
    with box:
        st.caption("Use the line tool at the map's top right; double-click to finish. The route "
                   "is flown along geodesics at this speed from this time.")
        st.number_input("Ground speed (knots)", 50.0, 1500.0, _kept(K.DRAW_SPEED_KN), 10.0,
                        **_keeping(K.DRAW_SPEED_KN))
        st.date_input("Start date (UTC)", _kept(K.DRAW_DATE), **_keeping(K.DRAW_DATE))
        st.time_input("Start time (UTC)", _kept(K.DRAW_TIME), step=300, **_keeping(K.DRAW_TIME))
        if st.session_state.get(K.DRAWN):
            st.button("Remove drawn routes", key=K.DRAW_CLEAR, on_click=_clear_drawn)


# Widgets in boxes that are built only when open lose their state while the box is closed
# (Streamlit forgets the state of widgets it did not draw), so their values are kept apart.
def _keep_default(key: str, value: Any) -> None:
    st.session_state.setdefault(f"kept:{key}", value)


def _kept(key: str) -> Any:
    """The kept value of the widget ``key`` (set by the user, else its default)."""
    return st.session_state[f"kept:{key}"]


def _keep(key: str) -> None:
    st.session_state[f"kept:{key}"] = st.session_state[key]


def _keeping(key: str) -> dict[str, Any]:
    """Widget arguments that keep the widget's value under ``kept:<key>`` as it changes."""
    return {"key": key, "on_change": _keep, "args": (key,)}


def _clear_drawn() -> None:
    st.session_state[K.DRAWN] = []


def _drawn_tracks() -> list:
    """Tracks of the drawn routes at the chosen speed and start time (messages on bad input)."""
    drawn = st.session_state.get(K.DRAWN) or []
    if not drawn:
        return []
    start = pd.Timestamp.combine(_kept(K.DRAW_DATE), _kept(K.DRAW_TIME))
    tracks = []
    for number, (_, feature) in enumerate(drawn, start=1):
        try:
            tracks.append(track_from_route(feature, _kept(K.DRAW_SPEED_KN), start, number))
        except InputError as error:
            st.sidebar.error(markdown_text(str(error)))
    return tracks


def _remember_drawings(value: Any) -> None:
    """Add new lines drawn on the map to the session's routes, then rerun the whole page."""
    drawn = st.session_state.get(K.DRAWN) or []
    new = session.new_drawings((value or {}).get("all_drawings"), {key for key, _ in drawn})
    if new:
        st.session_state[K.DRAWN] = [*drawn, *new]
        st.session_state[K.OPEN_DRAW_BOX] = True  # show its speed and start time
        st.rerun(scope="app")


def _downloads(scenario_id: str, own: list, uncertainty: float) -> None:
    """Download buttons in a box built only when open; each file is built when its button
    is clicked."""
    box = st.sidebar.expander("Briefing exports: PNG, slide, HTML, KML, GeoJSON, CSV",
                              key=K.EXPORTS_BOX, on_change="rerun")
    if not box.open:
        return
    with box:
        _keep_default(K.BANNER, "")
        _keep_default(K.EXPORT_VIEW, False)
        banner = st.text_input("Handling banner (optional)", _kept(K.BANNER), max_chars=120,
                               **_keeping(K.BANNER))
        use_view = st.checkbox(
            "Draw the current map view", _kept(K.EXPORT_VIEW), **_keeping(K.EXPORT_VIEW),
            help="PNG and slide show what the map shows now, instead of fitting the tracks.",
        )
        bounds = _current_view() if use_view else None
        if use_view:
            st.caption(view_caption(bounds))
        columns = st.columns(2)
        for number, label in enumerate(DOWNLOADS):
            columns[number % 2].download_button(
                label, data=_file_builder(label, scenario_id, tuple(own), uncertainty, banner, bounds),
                file_name=file_name(scenario_id, label, bool(own)), mime=mime(label),
                on_click="ignore", key=f"download-{number}", width="stretch",
            )


def _current_view() -> Any:
    """The map's view (W, S, E, N) as the browser last reported it, or None."""
    value = st.session_state.get(K.MAP)  # the component's value of this rerun
    return session.view_bounds(value) or st.session_state.get(K.MAP_VIEW)


def _file_builder(
    label: str, scenario_id: str, own: tuple, uncertainty: float, banner: str, bounds: Any = None
):
    def build() -> bytes:
        try:
            return briefing_file(label, scenario_id, own, uncertainty, banner or None, bounds)
        except Exception as error:  # no traceback in the page; the log keeps it
            LOG.exception("export %s failed", label)
            raise RuntimeError(f"The {label} file could not be made: {error}") from None

    return build


def _forget_table_selection() -> None:
    """An event chosen in one scenario's events table means nothing in another's."""
    st.session_state.pop(K.CHOSEN, None)


def _follow_selection(table: pd.DataFrame, steps: pd.DatetimeIndex) -> tuple[Any, int | None]:
    """Map centre and zoom for the chosen table row (on a new choice the slider moves to it),
    else for the aircraft of the classroom event last shown."""
    row = session.find_event(table, st.session_state.get(K.CHOSEN))
    if row is None:
        st.session_state.pop(K.LAST_ROW, None)
        focus = st.session_state.get(K.FOCUS)
        return (focus, STORY_ZOOM) if focus else (None, None)
    st.session_state.pop(K.FOCUS, None)
    event = table.iloc[row]
    choice = (str(event["Track"]), str(event["time"]))
    if st.session_state.get(K.LAST_ROW) != choice:
        st.session_state[K.LAST_ROW] = choice
        step = nearest_step(steps, event["time"])
        if step is not None:
            present.set_step(step)
            st.session_state[K.PLAYING] = False
    return (float(event["lat"]), float(event["lon"])), ROW_ZOOM


def _map_and_player(
    map_key: str, tracks: list, events: pd.DataFrame, center: Any, zoom: int | None,
    local: LocalZone, steps: pd.DatetimeIndex, moments: list[Moment], show: Presentation,
) -> None:
    """The time slider, Play and the map (a fragment: a tick reruns only this part), and in
    presentation mode the event card beside them. Play stops at every moment (a crossing, the
    deepest point of a brief stretch inside, a reported event), holds there :data:`HOLD_TICKS`
    ticks and says what happened; with predict-and-reveal on it pauses before each question."""
    playing = bool(st.session_state.get(K.PLAYING)) and bool(tracks)
    stop_indices = sorted(moment_captions(steps, merge_moments(moments)))  # Play holds here
    captions = group_captions(steps, moments)  # what every moment's step says
    several_years = bool(len(steps)) and steps[0].year != steps[-1].year

    @st.fragment(run_every=PLAY_INTERVAL_S if playing else None)
    def player() -> None:
        if show.on:
            map_column, card_column = st.columns([7, 3], gap="small")
        else:
            map_column = card_column = st.container()
        group = None
        with map_column:
            if not len(steps):
                _draw_map(map_key, tracks, events, center, zoom, None, local, show.on, show.scenario)
                return
            last = len(steps) - 1
            st.session_state[K.T_STEP] = min(int(st.session_state.get(K.T_STEP, 0)), last)
            asks = present.questioned(show.questions, show.stops)
            move, play_key = None, False
            if show.on:  # the keys first: a move sets the slider before it is drawn
                with card_column:
                    move, play_key = keyboard(K.KEYS, TIME_BOX, show.on)
            present.take_slider(pressed=bool(move or play_key) or bool(st.session_state.pop(K.KEYS_MOVED, False)))
            _apply_keys(move, play_key, last, show, steps, asks)
            _tick(last, stop_indices, steps, show, asks)
            if bool(st.session_state.get(K.PLAYING)) != playing or present.is_on() != show.on:
                st.rerun(scope="app")  # Play's timer and the page's layout change with a run of the page
            with st.container(key=present.PLAYER_BOX):
                left, right = st.columns([1, 9], vertical_alignment="bottom")
                label = PAUSE_LABEL if st.session_state.get(K.PLAYING) else PLAY_LABEL
                left.button(label, key=K.PLAY, width="stretch", on_click=present.toggle_play,
                            args=(last, show.stops), help="Play or pause (Space in presentation mode)")
                st.session_state[K.T_INDEX] = st.session_state[K.T_STEP]  # the slider follows
                labels = _slider_labels(steps.asi8.tobytes(), local, several_years, all_schematic(tracks))
                with right.container(key=TIME_BOX):
                    st.select_slider(
                        "Time", options=list(range(len(steps))), key=K.T_INDEX, on_change=present.slider_sent,
                        format_func=labels.__getitem__,
                        label_visibility="collapsed" if show.on else "visible",
                    )
                # One element whether or not there is a caption, so the map keeps its place in the
                # page (a shifted component is mounted anew and loses its view).
                index = st.session_state[K.T_STEP]
                caption = captions.get(index)
                now = markdown_text(labels[index])
                st.caption(f"**{now}**: {markdown_text(caption)}" if caption else
                           (f"**{now}**" if show.on else "&nbsp;"))
            here, scale = center, zoom
            if show.on and st.session_state.get(K.FOCUS):
                here, scale = st.session_state[K.FOCUS], STORY_ZOOM  # the event stepped to
            view = tracks_view(tracks) or DEFAULT_VIEW
            group = localize(aircraft_group(tracks, steps[index], view.unwrapped().centre[0], local))
            _draw_map(map_key, tracks, events, here, scale, group, local, show.on, show.scenario)
            if not show.on:  # after the map, so that the first map is drawn sooner
                move, play_key = keyboard(K.KEYS, TIME_BOX, show.on)
                if move or play_key:
                    _apply_keys(move, play_key, last, show, steps, asks)
                    st.session_state[K.KEYS_MOVED] = True  # the slider's value sent with them is stale
                    st.rerun(scope="fragment")
        if show.on:
            with card_column, st.container(key=present.CARD_BOX):
                present.card(show, steps, any_notional(tracks))

    player()


def _apply_keys(move: dict[str, int] | None, play_key: bool, last: int, show: Presentation,
                steps: pd.DatetimeIndex, asks: set[str]) -> None:
    """The presses of this run: time steps, reported events, Play/Pause."""
    if move and move["steps"]:
        present.step_time(move["steps"], last)
    if move and move["events"]:
        present.step_events(move["events"], show, steps, asks)
    if play_key:
        present.toggle_play(last, show.stops)


def _tick(last: int, stop_indices: list[int], steps: pd.DatetimeIndex, show: Presentation,
          asks: set[str]) -> None:
    """One tick of Play: hold on a moment, else go on to the next step (pausing before a
    question); Play ends at the last step."""
    if not st.session_state.get(K.PLAYING):
        return
    hold = int(st.session_state.get(K.HOLD, 0))
    if hold > 0:
        st.session_state[K.HOLD] = hold - 1
        return
    where = present.place()
    index = next_step(where.index, play_stride(len(steps)), stop_indices, last)
    where, pause = play_tick(where, index, show.stops, steps, asks)
    st.session_state[K.HOLD] = HOLD_TICKS if where.index in stop_indices else 0
    present.keep(where)
    if pause or where.index >= last:
        st.session_state[K.PLAYING] = False


@st.cache_resource(max_entries=8, show_spinner=False)
def _base_map(
    key: str, _tracks: tuple, _events: pd.DataFrame, web_tiles: bool, local: LocalZone, large: bool,
    _places: tuple = (),
) -> tuple[Any, Any]:
    """The map for ``key`` (scenario, own tracks, whether there are crossings; ``large``:
    presentation mode's large type) without its crossing markers, built and rendered once, with
    a lock: st_folium adds the markers and the aircraft to the map while it turns it into a
    script. The markers come with each run (:func:`_draw_map`), so a new uncertainty does not
    rebuild the map."""
    zones, points, boundaries = _map_layers()
    view = tracks_view(list(_tracks)) or DEFAULT_VIEW
    fmap = build_map(zones, points, boundaries, list(_tracks), _events, web_tiles=web_tiles,
                     collapsed_layers=True, view=view, tools=True, draw=True, local=local, large_text=large,
                     crossing_markers=False, places=_places)
    return freeze_render(fmap, view), threading.Lock()


def _draw_map(
    map_key: str, tracks: list, events: pd.DataFrame, center: Any, zoom: int | None, group: Any,
    local: LocalZone, large: bool = False, scenario: Any = None,
) -> None:
    web_tiles = bool(st.session_state.get(K.WEB_TILES))
    base_key = f"{map_key}|crossings={not events.empty}|tiles={web_tiles}|large={large}"
    try:
        places = _places(scenario.id) if scenario is not None else ()
        fmap, lock = _base_map(base_key, tuple(tracks), events, web_tiles, local, large, places)
        view = tracks_view(tracks) or DEFAULT_VIEW
        crossings = crossings_group(events, tracks, view.unwrapped().centre[0], local, control=False)
    except InputError as error:
        st.error(markdown_text(f"The map data could not be read: {error}"))
        return
    except Exception:  # the page never shows a traceback; the log keeps it
        LOG.exception("building the map failed")
        st.error("The map could not be built. The details are in the server log.")
        return
    with lock, restoring(fmap), st.container(key=present.MAP_BOX):  # st_folium mutates the map
        value = st_folium(
            fmap, height=MAP_HEIGHT_PX, use_container_width=True,
            returned_objects=["all_drawings", "bounds"], key=K.MAP, center=center, zoom=zoom,
            feature_group_to_add=[g for g in (crossings, group) if g is not None] or None, render=False,
        )
    st.session_state[K.MAP_VIEW] = session.view_bounds(value)
    _remember_drawings(value)
    _bring_the_tabs()


# ------------------------------------------------------------------ page
def _tabs_wait_for_the_map() -> bool:
    """True on a session's first run only: the tabs under the map wait until the map, once
    drawn in the browser, reports its view (see :func:`_bring_the_tabs`). A new page thus
    draws the map first instead of sharing the browser with the table's heavy widgets."""
    first = not st.session_state.get(K.PAGE_SHOWN)
    st.session_state[K.PAGE_SHOWN] = True
    st.session_state[K.TABS_PENDING] = first
    return first


def _bring_the_tabs() -> None:
    """After the map's first report (a rerun of the map's fragment only), rerun the whole page
    so that the tabs under the map are built."""
    if st.session_state.get(K.TABS_PENDING) and not st.session_state.get(K.FULL_RUN):
        st.session_state[K.TABS_PENDING] = False
        st.rerun(scope="app")


def main() -> None:
    title = scenario_page_title(st.session_state.get(K.SCENARIO, DEFAULT_SCENARIO))  # the region's
    st.set_page_config(page_title=title, layout="wide")
    presenting = present.is_on()
    st.html(present.PRESENT_CSS if presenting else PAGE_CSS)  # style only: lighter than markdown
    if not presenting:
        st.title(title, anchor=False)
        st.caption(INTRO)
    scenario_id, uncertainty, uploads = _sidebar()
    try:
        scenario = load_scenario(scenario_id)
        tracks = list(scenario.tracks)
        frames = [_report(session.scenario_key(scenario_id), uncertainty, tuple(scenario.tracks))]
        for upload in uploads:
            tracks += upload.tracks
            frames.append(_report(session.upload_key(upload.digest), uncertainty, tuple(upload.tracks)))
        drawn = _drawn_tracks()
        key = None
        if drawn:
            key = session.drawn_key([k for k, _ in st.session_state[K.DRAWN]], drawn[0].meta["source"])
            frames.append(_report(key, uncertainty, tuple(drawn)))
            tracks += drawn
        map_key = session.map_key(scenario_id, uncertainty, [u.digest for u in uploads], key)
        base_key = session.map_key(scenario_id, None, [u.digest for u in uploads], key)
    except InputError as error:
        st.error(markdown_text(str(error)))
        return
    except Exception:
        LOG.exception("the crossing report failed")
        st.error("The boundary crossings could not be computed. The details are in the server log.")
        return
    all_events, all_intervals = session.merge_reports(frames)
    _downloads(scenario_id, tracks[len(scenario.tracks):], uncertainty)
    local = scenario.local_zone
    table = _events_table(map_key, local, all_events, all_intervals, tuple(tracks))
    moments = playback_moments(table, all_intervals, timeline(scenario))
    steps = time_steps(tracks, moments=moments) if tracks else event_time_steps(moments)
    center, zoom = _follow_selection(table, steps)
    entries = timeline(scenario)
    show = present.Presentation(presenting, scenario, event_stops(entries, steps),
                                _questions(map_key, local, tuple(entries), all_intervals, tuple(tracks)),
                                tuple(tracks))
    wait = _tabs_wait_for_the_map() and not presenting
    st.session_state[K.FULL_RUN] = True
    _map_and_player(base_key, tracks, all_events, center, zoom, local, steps, moments, show)
    st.session_state[K.FULL_RUN] = False
    if presenting:
        return
    if wait:
        st.caption("The boundary crossings table, the classroom timeline and the ADIZ note "
                   "appear here once the map is drawn.")
    else:
        app_tabs.tabs(table, local, scenario, steps)


main()
