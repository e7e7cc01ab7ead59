"""Patrol Map: the "Check claims" tab (Streamlit only; the logic is :mod:`layers.claims`, the
map :mod:`layers.webmap.claims`).

The scenario's reported events as claims (and, from an uploaded CSV or JSON file, the user's
own, ``docs/claims.md``), checked against the scenario's notional tracks: the table with the
best-fitting event, residuals and ``met``, the contradictions, the regions on a map, CSV and
JSON downloads.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from layers.claims.check import ClaimReport, claims_report
from layers.claims.model import PRECISION_RULES
from layers.errors import InputError
from layers.markup import markdown_text
from layers.scenarios.model import load_scenario
from layers.timefmt import LocalZone, clock
from layers.webmap.claims import met_word

UPLOAD = "claims-upload"
WITH_REPORTED = "claims-with-reported"
MAP = "claims-map"
TABLE, CONTRADICTIONS = "claims-table", "claims-contradictions"
DOWNLOAD_CSV, DOWNLOAD_JSON = "claims-download-csv", "claims-download-json"
MAP_HEIGHT_PX = 460
CAVEAT = ("The tracks are notional reconstructions: a claim they meet is honoured by the "
          "reconstruction, not proven. A region is where a text puts an event, not a track.")
_LOCK = threading.Lock()  # st_folium renders (mutates) the map: one at a time


@st.cache_resource(show_spinner=False, max_entries=16)
def _report(scenario_id: str, digest: str, name: str, data: bytes | None, with_reported: bool) -> ClaimReport:
    scenario = load_scenario(scenario_id)
    return claims_report(scenario, data, name=name or None, with_reported=with_reported if data else None)


@st.cache_resource(show_spinner=False, max_entries=8)
def _map(scenario_id: str, digest: str, name: str, data: bytes | None, with_reported: bool) -> Any:
    """The claims map, built once per scenario and claims file (shown under :data:`_LOCK`)."""
    from layers.webmap.claims import claims_map
    from layers.zones.load import load_boundaries, load_points, load_zones

    scenario = load_scenario(scenario_id)
    report = _report(scenario_id, digest, name, data, with_reported)
    return claims_map(report, scenario.tracks, load_zones(resolution="display"), load_points(),
                      load_boundaries(), scenario.local_zone)


def display_table(report: ClaimReport, local: LocalZone) -> pd.DataFrame:
    """The claims table as the tab shows it: times in the local zone, words for ``met``."""
    rows = []
    for r in report.results:
        c = r.claim
        rows.append({
            "Claim": c.id, "Aircraft": c.aircraft, "Event": c.event, "Zone": c.zone_id,
            "Claimed": f"{clock(c.time, zone=local)} ({c.time_precision})" if c.time is not None else "",
            "Place as stated": c.place, "Tracks give": r.engine_event,
            "At": clock(r.event_time, "s", zone=local) if r.event_time is not None else "",
            "dt (s)": None if r.dt_s is None else round(r.dt_s, 1),
            "Distance (km)": None if r.distance_km is None else round(r.distance_km, 1),
            "Met": met_word(r.met), "Basis": c.basis, "Source": c.source,
        })
    return pd.DataFrame(rows)


def claims_tab(scenario: Any) -> None:
    """The tab: an optional claims file, the table, the contradictions, the map, downloads."""
    if scenario is None or not scenario.tracks:
        st.caption("This scenario has no drawn tracks, so there is nothing to check claims against.")
        return
    upload = st.file_uploader("Your claims (CSV or JSON; see docs/claims.md)", type=["csv", "json"], key=UPLOAD)
    data = upload.getvalue() if upload is not None else None
    name = upload.name if upload is not None else ""
    with_reported = bool(st.checkbox("Also check the scenario's reported events", value=True, key=WITH_REPORTED,
                                     disabled=upload is None))
    digest = hashlib.sha256(data).hexdigest() if data else ""
    try:
        report = _report(scenario.id, digest, name, data, with_reported)
    except InputError as error:
        st.error(markdown_text(f"The claims could not be read: {error}"))
        return
    local = scenario.local_zone
    st.caption(markdown_text(CAVEAT + " Residuals: dt = event time − claimed time (s); distance from the "
                             "claimed region to the event (geodesic km, 0 inside)."))
    with st.expander("How exact a claim is taken to be"):
        for rule in PRECISION_RULES:
            st.markdown(f"- {markdown_text(rule)}")
    st.dataframe(display_table(report, local), hide_index=True, width="stretch", key=TABLE,
                 height=min(38 + 35 * len(report.results), 420))
    if report.contradictions.empty:
        st.caption("No contradictions between the claims, or with a sourced boundary.")
    else:
        st.markdown("**Contradictions**")
        for row in report.contradictions.itertuples():
            st.warning(markdown_text(f"{row.verdict.capitalize()} ({row.kind}): {row.text}"))
    with _LOCK:
        st_folium(_map(scenario.id, digest, name, data, with_reported), height=MAP_HEIGHT_PX,
                  use_container_width=True, returned_objects=[], key=MAP)
    left, right = st.columns(2)
    base = f"claims-{scenario.id}"
    left.download_button("Download claims (CSV)", data=report.to_csv(), file_name=f"{base}.csv", mime="text/csv",
                         on_click="ignore", key=DOWNLOAD_CSV, width="stretch")
    right.download_button("Download report (JSON)", data=report.to_json(), file_name=f"{base}.json",
                          mime="application/json", on_click="ignore", key=DOWNLOAD_JSON, width="stretch")
