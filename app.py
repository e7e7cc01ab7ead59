"""Patrol Map: the Streamlit page (thin: the library in ``layers`` does the work).

Run with ``make run``. The map works offline: Leaflet is served from ``static/`` and the
basemap (land, sea, graticule) comes from ``geodata/``.
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit_folium import st_folium

from layers.errors import InputError
from layers.mapview import build_map
from layers.zones import load_boundaries, load_points, load_zones

LOG = logging.getLogger("patrol_map")
MAP_HEIGHT_PX = 680

INTRO = (
    "Russian and Chinese military aircraft have flown joint long-range patrols over the "
    "Sea of Japan (East Sea) and the East China Sea since 23 July 2019. This map shows the "
    "airspace they fly near: each state's 12-nautical-mile territorial airspace, the air "
    "defence identification zones (ADIZs) of South Korea, Japan and China, and the disputed "
    "Dokdo / Takeshima (Liancourt Rocks)."
)
ADIZ_NOTE = (
    "An ADIZ is an area in which a state asks aircraft to identify themselves; it is not "
    "sovereign airspace, and flying into one is not a violation. Territorial airspace is "
    "sovereign: it extends 12 nm from the baselines along the coast (3 nm in some straits)."
)
READING = (
    "Hover a zone for its source and confidence. Dashed ADIZ segments are approximate: "
    "no official text backs them. Every boundary comes from a cited source (geodata/SOURCES.md)."
)


def _layers() -> tuple:
    """Display-resolution zones, reference points and ADIZ edges (cached by the loaders)."""
    return load_zones(resolution="display"), load_points(), load_boundaries()


#: Trusted page CSS: less empty space above the title so the map fits a projector screen.
PAGE_CSS = "<style>.block-container {padding-top: 1.2rem; padding-bottom: 1rem;}</style>"


def _map(web_tiles: bool) -> None:
    try:
        zones, points, boundaries = _layers()
        fmap = build_map(zones, points, boundaries, web_tiles=web_tiles)
    except InputError as error:
        st.error(f"The map data could not be read: {error}")
        return
    except Exception:  # the page never shows a traceback; the log keeps it
        LOG.exception("building the map failed")
        st.error("The map could not be built. The details are in the server log.")
        return
    st_folium(
        fmap,
        height=MAP_HEIGHT_PX,
        use_container_width=True,
        returned_objects=[],
        key="patrol-map",
    )


def main() -> None:
    st.set_page_config(page_title="Patrol Map: Sea of Japan (East Sea)", layout="wide")
    st.markdown(PAGE_CSS, unsafe_allow_html=True)
    st.title("Patrol Map: Sea of Japan (East Sea)", anchor=False)
    st.caption(INTRO)
    web_tiles = st.session_state.get("web_tiles", False)
    _map(web_tiles)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.info(ADIZ_NOTE)
        st.caption(READING)
    with right:
        st.checkbox(
            "Show OpenStreetMap tiles (needs an internet connection)",
            key="web_tiles",
            help="The default basemap is offline. Tiles come from tile.openstreetmap.org.",
        )


main()
