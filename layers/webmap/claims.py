"""The map of checked claims: the zones and tracks as on the main map, with each claim's region
(the sector round its landmark), for an entry or exit the part of the zone boundary inside it,
and the event the tracks give (:mod:`layers.claims.check`); no Streamlit.

Colours say whether a claim is met within its own precision: met, not met, or not checkable
(no place, no track). A region is where a text puts an event: it is not a track.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
import geopandas as gpd
from shapely.geometry import mapping

from layers.claims.check import ClaimReport, ClaimResult
from layers.markup import escape
from layers.timefmt import KST, LocalZone, local_and_utc
from layers.tracks.playback import tracks_view
from layers.tracks.track import Track
from layers.webmap.build import DEFAULT_VIEW, build_map
from layers.webmap.compare import _layer_list_last
from layers.webmap.offline import localize

#: Layer name of the claim regions.
CLAIMS_LAYER = "Claims: regions that would satisfy them (not tracks)"
#: Colour of a claim met, not met, not checkable (Okabe–Ito bluish green, vermillion, grey).
MET_COLOURS = {True: "#009E73", False: "#D55E00", None: "#777777"}
TOOLTIP_STYLE = "max-width: 340px; white-space: normal;"


def met_word(met: bool | None) -> str:
    """``met``, ``not met`` or ``not checkable``."""
    return "met" if met is True else "not met" if met is False else "not checkable"


def claim_tooltip(result: ClaimResult, local: LocalZone = KST) -> str:
    """Escaped HTML: the claim, its region's rule, what the tracks give and the residuals."""
    c = result.claim
    lines = [f"<b>Claim {escape(c.id)}</b>: {escape(c.event)} {escape(c.zone_id)} · {escape(c.aircraft)}"]
    if c.time is not None:
        lines.append(escape(f"Claimed: {local_and_utc(c.time, local)} ({c.time_precision})"))
    if c.place:
        lines.append(escape(f"Place as stated: {c.place}"))
    if c.where is not None:
        lines.append(escape(f"Region: {c.where.rule}"))
    if result.event_time is not None:
        found = f"Tracks: {result.engine_event} at {local_and_utc(result.event_time, local, unit='s')}"
        residuals = []
        if result.dt_s is not None:
            residuals.append(f"dt {result.dt_s:+.0f} s")
        if result.distance_km is not None:
            residuals.append(f"{result.distance_km:.1f} km from the region")
        lines.append(escape(found + (f" ({', '.join(residuals)})" if residuals else "")))
    lines.append(f"<b>{escape(met_word(result.met))}</b>")
    return f'<div style="{TOOLTIP_STYLE}">' + "<br>".join(lines) + "</div>"


def add_claims(fmap: folium.Map, report: ClaimReport, local: LocalZone = KST) -> int:
    """Add the claims layer; returns how many regions or events it drew."""
    group = folium.FeatureGroup(name=CLAIMS_LAYER).add_to(fmap)
    drawn = 0
    for result in report.results:
        colour = MET_COLOURS[result.met]
        tip = claim_tooltip(result, local)
        if result.polygon is not None:
            style = {"color": colour, "weight": 1.5, "dashArray": "4 4", "fillColor": colour,
                     "fillOpacity": 0.12, "className": "pm-claim-region"}
            folium.GeoJson(mapping(result.polygon), style_function=lambda _f, s=style: s,
                           tooltip=folium.Tooltip(tip, sticky=True)).add_to(group)
            drawn += 1
        satisfying = result.satisfying
        if satisfying is not None and satisfying is not result.polygon and not satisfying.is_empty:
            style = {"color": colour, "weight": 5, "opacity": 0.9, "className": "pm-claim-boundary"}
            folium.GeoJson(mapping(satisfying), style_function=lambda _f, s=style: s,
                           tooltip=folium.Tooltip(tip, sticky=True)).add_to(group)
        if result.lat is not None and result.lon is not None:
            folium.CircleMarker((result.lat, result.lon), radius=5, color="#ffffff", weight=1.5, fill=True,
                                fill_color=colour, fill_opacity=1, class_name="pm-claim-event",
                                tooltip=folium.Tooltip(tip)).add_to(group)
            drawn += 1
    return drawn


def claims_map(report: ClaimReport, tracks: Sequence[Track], zones: gpd.GeoDataFrame,
               points: gpd.GeoDataFrame | None = None, boundaries: gpd.GeoDataFrame | None = None,
               local: LocalZone = KST) -> folium.Map:
    """The zones, the tracks and the claims layer on one map."""
    view = tracks_view(list(tracks)) or DEFAULT_VIEW
    fmap = build_map(zones, points, boundaries, tracks, None, view=view, collapsed_layers=True, local=local)
    add_claims(fmap, report, local)
    _layer_list_last(fmap)
    return localize(fmap)


__all__ = ["CLAIMS_LAYER", "MET_COLOURS", "add_claims", "claim_tooltip", "claims_map", "met_word"]
