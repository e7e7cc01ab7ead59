"""Patrol Map: the "Compare patrols" tab (Streamlit only; the logic is
:mod:`layers.scenarios.compare`, the map :mod:`layers.webmap.compare`, the chart
:mod:`layers.export.compare_chart`).

Choose patrols and the moment to align them on; see them on one map (one colour each, tracks
shifted in time only), the table of figures, the chart across the years, CSV and PNG downloads.
"""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from layers.errors import InputError
from layers.markup import markdown_text
from layers.scenarios.compare import (
    ALIGNMENT_NAMES,
    ALIGNMENTS,
    CAVEAT,
    STRAITS,
    Comparison,
    compare,
    display_table,
)
from layers.scenarios.model import list_scenarios
from layers.style import ADIZ_CAVEAT

CHOSEN = "compare-ids"  # multiselect of the patrols compared
ALIGN = "compare-align"  # the moment to align on
MAP = "compare-map"  # the overlay map component
TABLE = "compare-table"
DOWNLOAD_CSV, DOWNLOAD_PNG = "compare-download-csv", "compare-download-png"
MAP_HEIGHT_PX = 460
_LOCK = threading.Lock()  # st_folium renders (mutates) the map: one at a time


@st.cache_resource(show_spinner=False)
def _choices() -> dict[str, str]:
    return {row["id"]: f"{row['id']} — {row['title']}" + ("" if row["n_tracks"] else " (no tracks)")
            for row in list_scenarios()}


@st.cache_resource(show_spinner=False, max_entries=16)
def _comparison(ids: tuple[str, ...], align: str) -> Comparison:
    return compare(list(ids), align)


@st.cache_data(show_spinner=False, max_entries=16)
def _files(ids: tuple[str, ...], align: str) -> tuple[str, bytes]:
    from layers.export.compare_chart import comparison_png

    comparison = _comparison(ids, align)
    return comparison.to_csv(), comparison_png(comparison.table)


@st.cache_resource(show_spinner=False, max_entries=8)
def _map(ids: tuple[str, ...], align: str) -> Any:
    """The overlay map of a comparison, built once (shown under :data:`_LOCK`)."""
    from layers.webmap.compare import comparison_map
    from layers.zones.load import load_boundaries, load_points, load_zones

    return comparison_map(_comparison(ids, align), load_zones(resolution="display"), load_points(),
                          load_boundaries())


def compare_tab(current: str | None = None) -> None:
    """The tab: patrols (the current scenario chosen at first), alignment, map, table, chart."""
    choices = _choices()
    if CHOSEN not in st.session_state:
        st.session_state[CHOSEN] = [current] if current in choices else []
    chosen = st.multiselect("Patrols to compare", list(choices), key=CHOSEN,
                            format_func=lambda i: choices.get(i, str(i)),
                            placeholder="Choose patrols")
    align = st.radio("Align on", ALIGNMENTS, format_func=lambda a: ALIGNMENT_NAMES.get(a, str(a)), key=ALIGN,
                     horizontal=True)
    if not chosen:
        st.caption("Choose one or more patrols to compare them.")
        return
    ids = tuple(sorted(chosen))
    try:
        comparison = _comparison(ids, str(align))
        csv_text, png = _files(ids, str(align))
        fmap = _map(ids, str(align))
    except InputError as error:
        st.error(markdown_text(f"The comparison could not be made: {error}"))
        return
    st.caption(markdown_text(
        f"{CAVEAT} Each patrol has its own colour; positions are as drawn, only times are "
        "aligned: tooltips give T+hh:mm from the patrol's moment (a large dot on the map) and the "
        "real local time with UTC. " + ADIZ_CAVEAT))
    with _LOCK:
        st_folium(fmap, height=MAP_HEIGHT_PX, use_container_width=True, returned_objects=[], key=MAP)
    st.dataframe(display_table(comparison), hide_index=True, width="stretch", key=TABLE)
    st.caption(markdown_text(
        "Time inside: while at least one drawn aircraft group was inside (overlapping tracks "
        "counted once; the CSV also has the sum over tracks). JADIZ is drawn only in part. "
        "Closest approaches: 0 means the track entered; only the built-in zones are known. "
        "Straits: " + "; ".join(f"{s.name}: {s.basis}" for s in STRAITS) + "."))
    st.image(png, caption="The figures across the years (patrols without tracks: dotted lines).")
    left, right = st.columns(2)
    name = "patrols-" + "_".join(ids) + f"-{align}"
    left.download_button("Download table (CSV)", data=csv_text, file_name=f"{name}.csv", mime="text/csv",
                         on_click="ignore", key=DOWNLOAD_CSV, width="stretch")
    right.download_button("Download chart (PNG)", data=png, file_name=f"{name}.png", mime="image/png",
                          on_click="ignore", key=DOWNLOAD_PNG, width="stretch")
