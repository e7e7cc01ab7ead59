"""Patrol Map: the tabs under the map (Streamlit only; the app's page is app.py).

Boundary crossings (the events table: choosing a row centres the map), Classroom (the reported
events to step through, with sources), the ADIZ note, Compare patrols (:mod:`layers.ui.compare`)
and Check claims (:mod:`layers.ui.claims`).
"""

from __future__ import annotations

import functools
import zlib
from typing import Any

import pandas as pd
import streamlit as st

from layers.engine.table import local_time_column, summary
from layers.markup import markdown_text
from layers.scenarios.classroom import ADIZ_NOTE, nearest_step, timeline, tracks_note
from layers.scenarios.places import event_centre
from layers.style import ADIZ_CAVEAT
from layers.timefmt import LocalZone
from layers.tracks.playback import located
from layers.ui import present
from layers.ui.claims import claims_tab
from layers.ui.compare import compare_tab
from layers.ui.session import Keys as K
from layers.ui.session import event_identity

TABLE_COLUMNS = ["Aircraft", "Zone", "Event", "Time inside", "Max depth (nm)", "Certainty",
                 "Approximate boundary", "Note", "Track"]
TAB_LABELS = ("Boundary crossings", "Classroom: what was reported", "ADIZ or territorial airspace?",
              "Compare patrols", "Check claims")


def tabs(table: pd.DataFrame, local: LocalZone, scenario: Any, steps: pd.DatetimeIndex) -> None:
    """The tabs under the map. Only the open tab is built (switching tabs reruns the page), so
    the browser renders one tab's widgets, not all."""
    crossings, classroom, about, comparing, checking = st.tabs(TAB_LABELS, key=K.TABS, on_change="rerun")
    if crossings.open:
        with crossings:
            _crossings_tab(table, local, len(steps) > 0)
    if classroom.open:
        with classroom:
            _classroom_tab(scenario, steps)
    if about.open:
        with about:
            st.markdown(ADIZ_NOTE)
    if comparing.open:
        with comparing:
            compare_tab(getattr(scenario, "id", None))
    if checking.open:
        with checking:
            claims_tab(scenario)


def _crossings_tab(table: pd.DataFrame, local: LocalZone, has_tracks: bool) -> None:
    if table.empty:
        why = ("the tracks cross no boundary of the built-in zones" if has_tracks else
               "this scenario has no track (no route was published)")
        st.caption(f"No boundary crossings: {why}. The reported events are in the Classroom "
                   "tab; upload or draw a track to get its flags.")
        return
    st.caption(summary(table) + " Choose a row to centre the map on it and move the time "
               "slider there. " + ADIZ_CAVEAT + " Entering territorial "
               "airspace without permission is a violation.")
    columns = TABLE_COLUMNS[:3] + [local_time_column(local, table["time"]), "Time (UTC)"] + TABLE_COLUMNS[3:]
    ids = [event_identity(row) for _, row in table.iterrows()]
    st.session_state[K.TABLE_IDS] = ids
    # A new table (another uncertainty, other uploads) is a new widget: its row numbers are other
    # events, so no stale row stays highlighted; the chosen event is kept by identity.
    key = f"{K.TABLE}:{zlib.crc32(repr(ids).encode()):08x}"
    st.dataframe(
        table[columns], hide_index=True, width="stretch", key=key,
        on_select=functools.partial(_choose_from_table, key), selection_mode="single-row",
        height=min(38 + 35 * len(table), 420),
    )


def _choose_from_table(key: str) -> None:
    """The row the user chose, kept as an event identity (it survives a new table, e.g. after
    an uncertainty change, where row numbers mean other events); no row: nothing chosen."""
    state = st.session_state.get(key)
    rows = list(getattr(getattr(state, "selection", None), "rows", None) or [])
    if not rows and isinstance(state, dict):
        rows = list(state.get("selection", {}).get("rows", []))
    ids = st.session_state.get(K.TABLE_IDS) or []
    if rows and 0 <= rows[0] < len(ids):
        st.session_state[K.CHOSEN] = ids[rows[0]]
    else:
        st.session_state.pop(K.CHOSEN, None)


def _story_step(delta: int, count: int) -> None:
    st.session_state[K.STORY_INDEX] = max(0, min(count - 1, st.session_state.get(K.STORY_INDEX, 0) + delta))


def _show_step(step: int | None, focus: tuple[float, float] | None) -> None:
    """Move the time slider to a reported event; centre the map on its aircraft if known, else
    on its reported place."""
    if step is not None:
        present.set_step(step)
        st.session_state[K.PLAYING] = False
    st.session_state[K.FOCUS] = focus


def _classroom_tab(scenario: Any, steps: pd.DatetimeIndex) -> None:
    entries = timeline(scenario)
    st.markdown(f"**{markdown_text(scenario.title)}** ({scenario.date}). {markdown_text(scenario.summary)}")
    st.info(tracks_note(scenario))
    if not entries:
        st.caption("No reported events in this scenario.")
        return
    index = min(st.session_state.get(K.STORY_INDEX, 0), len(entries) - 1)
    back, where, forward, show = st.columns([1, 3, 1, 2], vertical_alignment="center")
    back.button("◀ Previous", key=K.STORY_PREV, on_click=_story_step, args=(-1, len(entries)),
                disabled=index == 0, width="stretch")
    where.markdown(f"Reported event **{index + 1}** of {len(entries)}")
    forward.button("Next ▶", key=K.STORY_NEXT, on_click=_story_step, args=(1, len(entries)),
                   disabled=index >= len(entries) - 1, width="stretch")
    entry = entries[index]
    step = nearest_step(steps, entry.time)
    focus = located(scenario.tracks, [entry.track_id], entry.time) or event_centre(scenario, [entry.id])
    show.button("Show this moment on the map", key=K.STORY_SHOW, disabled=step is None,
                width="stretch", on_click=_show_step, args=(step, focus))
    with st.container(border=True):
        heading = " · ".join(x for x in (entry.kind, entry.aircraft, entry.time_text) if x)
        st.markdown(f"#### {markdown_text(heading)}")
        if entry.place:
            st.markdown(f"*{markdown_text(entry.place)}*")
        st.markdown(markdown_text(entry.description))
        if entry.time_basis:
            st.caption(f"Time: {markdown_text(entry.time_basis)}")
        links = "; ".join(f"[{markdown_text(t)}]({u})" if u else markdown_text(t) for t, u in entry.sources)
        if links:
            st.caption(f"Sources: {links}")
    _story_sections(scenario)


def _story_sections(scenario: Any) -> None:
    for section, title in (("responses", "Responses"), ("statements", "Official statements")):
        items = scenario.story.get(section) or []
        if not items:
            continue
        with st.expander(title):
            for item in items:
                cites = scenario.cite([k for k in item.get("sources", []) if k in scenario.sources])
                st.markdown(f"**{markdown_text(item.get('by', ''))}**: {markdown_text(item.get('text', ''))}")
                if cites:
                    st.caption(markdown_text(cites))
