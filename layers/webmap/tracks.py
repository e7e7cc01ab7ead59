"""Tracks and boundary-crossing markers on the folium map.

A track is drawn from :meth:`Track.to_geometry` (densified along geodesics), so the line on the
map is the line that was analysed. Colour by the operating state; arrows show the direction
of flight; labels show local and UTC times; notional tracks say so.

A **schematic** track (only areas were published, :func:`layers.tracks.naming.is_schematic`) is
drawn as a broad translucent band under a dashed line, says SCHEMATIC in its tooltips, layer
name, legend and banner, and carries no clock-time labels (its times are illustrative): one
label with the day only. Schematic tracks drawn on the same loop (the joint patrol's two pairs
flew together) share it honestly: their dashes alternate along the one line, so every
aircraft's colour shows, and each tooltip names the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import folium
import numpy as np
import pandas as pd
from shapely.geometry import mapping

from layers.engine.table import EVENT_NAMES
from layers.geo.geodesy import GEOD
from layers.geo.lonwrap import geometry_near, lon_near
from layers.markup import escape, shorten, truthy
from layers.style import (
    EVENT_COLOURS,
    POSSIBLE_OPACITY,
    dash_array,
    state_name,
    track_colour,
    track_dashes,
)
from layers.timefmt import KST, LocalZone, clock, day_only, local_and_utc, rounded
from layers.tracks.naming import (
    caveat,
    caveat_word,
    coincident_groups,
    description,
    display_name,
    is_notional,
    is_schematic,
)
from layers.tracks.track import Track
from layers.units import NM_M
from layers.webmap.controls import Banner, ListedInLayers

#: Spacing of the direction arrows along a track (metres).
ARROW_SPACING_M = 150_000.0
#: Densification step of drawn tracks (metres), as used by the crossing engine.
DRAW_STEP_M = 10_000.0
#: Candidate spacings of time labels (minutes); the first giving at most MAX_TIME_LABELS wins.
LABEL_INTERVALS_MIN: tuple[int, ...] = (10, 15, 20, 30, 60, 120, 180, 360, 720, 1440)
MAX_TIME_LABELS = 6
CROSSINGS_LAYER = "Boundary crossings"
#: A schematic track: band width and opacity (pixels), and the dash length of its centre line.
SCHEMATIC_BAND_WEIGHT = 16.0
SCHEMATIC_BAND_OPACITY = 0.2
SCHEMATIC_DASH_PX = 12.0


def track_tooltip(track: Track, local: LocalZone = KST, together: Sequence[str] = ()) -> str:
    """Escaped tooltip HTML: name, description, state, times (local and UTC; the day only for
    a schematic track), length, source, NOTIONAL or SCHEMATIC, and the aircraft that flew the
    same drawn loop (``together``)."""
    meta = track.meta
    lines = [f"<b>{escape(display_name(track))}</b>"]
    if description(track):
        lines.append(escape(description(track)))
    if meta.get("state"):
        lines.append(escape(state_name(str(meta["state"]))))
    if is_schematic(track):
        lines.append(escape(f"{day_only(track.start, local)}: times illustrative, not published; "
                            f"{track.length_m / 1000:,.0f} km drawn"))
    else:
        lines.append(escape(f"{local_and_utc(track.start, local)} – {clock(track.end, zone=local)}, "
                            f"{track.length_m / 1000:,.0f} km"))
    if together:
        lines.append(escape("Flew together with " + " and ".join(together) + ": one loop drawn for all"))
    if meta.get("source"):
        lines.append("Source: " + escape(shorten(str(meta["source"]))))
    word = caveat_word(track)
    if word == "SCHEMATIC":
        lines.append("<b>SCHEMATIC</b>: only the areas flown were published; this loop illustrates "
                     "them, it is not a route")
    elif word:
        lines.append(f"<b>{word}</b>: a reconstruction, not recorded data")
    return "<br>".join(lines)


def arrow_points(
    geometry: Any, spacing_m: float = ARROW_SPACING_M
) -> list[tuple[float, float, float]]:
    """(lat, lon, azimuth in degrees clockwise from north) every ``spacing_m`` along a drawn
    track, starting half a spacing in; azimuth of the geodesic at that point."""
    arrows: list[tuple[float, float, float]] = []
    for line in getattr(geometry, "geoms", [geometry]):
        coords = np.asarray(line.coords)
        if len(coords) < 2:
            continue
        lon, lat = coords[:, 0], coords[:, 1]
        azimuth, _, step = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
        along = np.concatenate([[0.0], np.cumsum(step)])
        for target in np.arange(spacing_m / 2, along[-1], spacing_m):
            seg = int(np.clip(np.searchsorted(along, target) - 1, 0, len(step) - 1))
            if step[seg] <= 0:
                continue
            lon_at, lat_at, _ = GEOD.fwd(lon[seg], lat[seg], azimuth[seg], target - along[seg])
            arrows.append((float(lat_at), float(lon_at), float(azimuth[seg] % 360.0)))
    return arrows


def label_times(start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    """Round times (UTC) to label along a track: at most :data:`MAX_TIME_LABELS`."""
    duration_min = (end - start).total_seconds() / 60
    interval = next(
        (m for m in LABEL_INTERVALS_MIN if duration_min / m <= MAX_TIME_LABELS),
        LABEL_INTERVALS_MIN[-1],
    )
    first = start.ceil(f"{interval}min")
    return pd.date_range(first, end, freq=f"{interval}min")


def _icon_marker(location: tuple[float, float], html: str, css_class: str) -> folium.Marker:
    icon = folium.DivIcon(html=html, class_name=css_class, icon_size=(0, 0))
    return folium.Marker(location, icon=icon, interactive=False, keyboard=False)


#: Width of a drawn track (pixels).
TRACK_WEIGHT = 3.0


def line_swatch(colour: str, dash: tuple[float, ...] = ()) -> str:
    """A short line in ``colour`` and dash pattern, as the legend and the layer list show it."""
    pattern = dash_array(dash, 1.5)
    dashes = f' stroke-dasharray="{pattern}"' if pattern else ""
    return (f'<svg class="pm-trackline" width="24" height="8" aria-hidden="true"><line x1="0" y1="4" x2="24" '
            f'y2="4" stroke="{colour}" stroke-width="3"{dashes}/></svg>')


def schematic_swatch(colour: str) -> str:
    """A schematic track's swatch: a broad translucent band under a dashed line."""
    return (f'<svg class="pm-trackline pm-schematic-swatch" width="24" height="10" aria-hidden="true">'
            f'<line x1="0" y1="5" x2="24" y2="5" stroke="{colour}" stroke-width="9" '
            f'stroke-opacity="{SCHEMATIC_BAND_OPACITY + 0.1:g}"/>'
            f'<line x1="0" y1="5" x2="24" y2="5" stroke="{colour}" stroke-width="3" stroke-dasharray="5 3"/></svg>')


def schematic_dashes(index: int, count: int) -> tuple[str, str]:
    """(dashArray, dashOffset) of the ``index``-th of ``count`` schematic tracks on one loop:
    one dash each, then a gap, in turn, so that every track's colour shows along the line."""
    dash = SCHEMATIC_DASH_PX
    period = 2 * dash * max(count, 1)
    return f"{dash:g} {period - dash:g}", f"{-2 * dash * index:g}"


def add_track(
    fmap: folium.Map, track: Track, reference_lon: float | None = None, local: LocalZone = KST,
    dash: tuple[float, ...] = (), together: Sequence[str] = (), phase: tuple[int, int] = (0, 1),
) -> None:
    """One track as its own toggle: densified line (in its state's colour and ``dash``
    pattern), fixes, direction arrows, time labels in local time and UTC. Drawn longitudes
    lie within 180° of ``reference_lon`` (:mod:`layers.geo.lonwrap`).

    A schematic track is a translucent band under a dashed line; ``phase`` (index, count) of
    the schematic tracks drawn on the same loop (``together``: the others' names) alternates
    their dashes; its only time label is the day."""
    colour = track_colour(str(track.meta.get("state", "")))
    schematic = is_schematic(track)
    swatch = (schematic_swatch(colour) if schematic else line_swatch(colour, dash)) + " "
    label = display_name(track)
    word = caveat_word(track)
    marked = f" ({word.lower()})" if word and word.lower() not in label.lower() else ""
    name = f"Track: {escape(label)}{marked}"
    group = folium.FeatureGroup(name=swatch + name)
    group.add_to(fmap)
    geometry = geometry_near(track.to_geometry(DRAW_STEP_M), reference_lon)
    line = {"type": "Feature", "id": f"track-{track.track_id}",
            "properties": {"tip": track_tooltip(track, local, together)}, "geometry": mapping(geometry)}
    tooltip = folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True)
    if schematic:
        band = {"color": colour, "weight": SCHEMATIC_BAND_WEIGHT, "opacity": SCHEMATIC_BAND_OPACITY,
                "lineCap": "butt", "className": "pm-track pm-schematic-band"}
        folium.GeoJson({"type": "FeatureCollection", "features": [line]}, style_function=lambda _f: band,
                       tooltip=tooltip, control=False).add_to(group)
        tooltip = folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True)
        dashes, offset = schematic_dashes(*phase)
        style = {"color": colour, "weight": TRACK_WEIGHT, "opacity": 0.95, "lineCap": "butt",
                 "className": "pm-track pm-schematic", "dashArray": dashes, "dashOffset": offset}
    else:
        style = {"color": colour, "weight": TRACK_WEIGHT, "opacity": 0.9, "className": "pm-track",
                 "dashArray": dash_array(dash, TRACK_WEIGHT)}
    folium.GeoJson(
        {"type": "FeatureCollection", "features": [line]},
        style_function=lambda _f: style,
        tooltip=tooltip,
        control=False,
    ).add_to(group)
    _add_fixes(group, track, colour, reference_lon, local)
    for lat, lon, azimuth in arrow_points(geometry):
        rotate = f"transform:rotate({azimuth:.0f}deg)"
        html = f'<div class="pm-arrow" style="color:{colour};{rotate}">▲</div>'
        _icon_marker((lat, lon), html, "pm-arrow-icon").add_to(group)
    if schematic:
        if phase[0] == 0:  # one day label per loop, half-way (the aircraft marker starts at its start)
            middle = track.position_at(pd.DatetimeIndex([track.start + (track.end - track.start) / 2]))
            lat, lon = (float(v) for v in middle[["lat", "lon"]].to_numpy()[0])
            text = (f'<div class="pm-label-box pm-right pm-time-label pm-schematic-label">'
                    f'{escape(day_only(track.start, local))} · SCHEMATIC, times not published</div>')
            _icon_marker((lat, lon_near(lon, reference_lon)), text, "pm-label").add_to(group)
        return
    times = label_times(track.start, track.end)
    if len(times):
        positions = track.position_at(times)
        for time, (lat, lon) in zip(times, positions[["lat", "lon"]].to_numpy(), strict=True):
            shown = rounded(time)
            text = (f'<div class="pm-label-box pm-right pm-time-label">{local.local(shown):%H:%M} '
                    f'{local.label(shown)}<span class="pm-utc"> {shown:%H:%M}Z</span></div>')
            _icon_marker((float(lat), lon_near(float(lon), reference_lon)), text, "pm-label").add_to(group)


def _add_fixes(
    group: folium.FeatureGroup, track: Track, colour: str, reference_lon: float | None = None,
    local: LocalZone = KST,
) -> None:
    """The track's own fixes as small dots; tooltip: time and what the fix rests on."""
    features = []
    schematic = is_schematic(track)
    for number, (time, fix) in enumerate(track.data.iterrows()):
        when = (f"{day_only(time, local)} (time illustrative, not published)" if schematic
                else local_and_utc(time, local, "s"))
        tip = f"<b>{escape(display_name(track))}</b><br>{escape(when)}"
        if "basis" in fix and isinstance(fix["basis"], str) and fix["basis"]:
            tip += "<br>Basis: " + escape(shorten(fix["basis"]))
        if "uncertainty_km" in fix and pd.notna(fix["uncertainty_km"]):
            tip += f"<br>Uncertainty: ±{fix['uncertainty_km']:g} km"
        features.append({"type": "Feature", "id": f"fix-{track.track_id}-{number}",
                         "properties": {"tip": tip},
                         "geometry": {"type": "Point",
                                      "coordinates": [lon_near(float(fix["lon"]), reference_lon), fix["lat"]]}})
    style = {"color": colour, "weight": 1, "fill": True, "fillColor": "#ffffff", "fillOpacity": 1,
             "radius": 3, "className": "pm-fix"}
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda _f: style,
        marker=folium.CircleMarker(radius=3),
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        control=False,
    ).add_to(group)


def add_tracks(
    fmap: folium.Map, tracks: Sequence[Track], reference_lon: float | None = None,
    local: LocalZone = KST,
) -> list[tuple[str, str]]:
    """All tracks (one toggle each; tracks of one state differ by dash pattern,
    :func:`layers.style.track_dashes`; schematic tracks on one loop alternate their dashes) and,
    when any is notional, the banner (NOTIONAL, SCHEMATIC: :func:`layers.tracks.naming.caveat`).
    Returns each track's legend entry: (swatch HTML, escaped name)."""
    tracks = list(tracks)
    phases: dict[int, tuple[int, int]] = {}
    together: dict[int, list[str]] = {}
    for group in coincident_groups(tracks):
        for k, i in enumerate(group):
            phases[i] = (k, len(group))
            together[i] = [display_name(tracks[j]) for j in group if j != i]
    entries = []
    for i, (track, dash) in enumerate(zip(tracks, track_dashes(tracks), strict=True)):
        add_track(fmap, track, reference_lon, local, dash, together[i], phases[i])
        colour = track_colour(str(track.meta.get("state", "")))
        if is_schematic(track):
            entries.append((schematic_swatch(colour), escape(f"{display_name(track)} — SCHEMATIC")))
        else:
            entries.append((line_swatch(colour, dash), escape(display_name(track))))
    if any(is_notional(t) for t in tracks):
        Banner(caveat(tracks)).add_to(fmap)
    return entries


def crossing_tooltip(event: Any, labels: dict[str, str], local: LocalZone = KST) -> str:
    """Escaped tooltip of one crossing event: kind, certainty, zone, aircraft, the time in the
    local zone and UTC rounded to the second (as in the events table), depth."""
    kind = EVENT_NAMES.get(str(event["event"]), str(event["event"]))
    certainty = str(event.get("certainty", "certain"))
    zone = event.get("zone_name") or event["zone_id"]
    lines = [
        f"<b>{escape(kind)} ({escape(certainty)})</b>: {escape(zone)}",
        escape(labels.get(str(event["track_id"]), str(event["track_id"]))),
        escape(local_and_utc(event["time"], local, "s")),
    ]
    depth = event.get("depth_m")
    if depth is not None and pd.notna(depth):
        lines.append(escape(f"Depth inside: {float(depth) / NM_M:.1f} nm"))
    if truthy(event.get("approximate_boundary"), default=False):
        lines.append("<b>Approximate boundary</b>: no official text backs this segment")
    return "<br>".join(lines)


def add_crossings(
    fmap: folium.Map,
    events: pd.DataFrame,
    tracks: Sequence[Track] = (),
    reference_lon: float | None = None,
    local: LocalZone = KST,
) -> None:
    """Crossing markers (:func:`crossings_group`) as a layer of the map's layer list."""
    group = crossings_group(events, tracks, reference_lon, local)
    if group is not None:
        group.add_to(fmap)


def crossings_group(
    events: pd.DataFrame,
    tracks: Sequence[Track] = (),
    reference_lon: float | None = None,
    local: LocalZone = KST,
    control: bool = True,
) -> folium.FeatureGroup | None:
    """Crossing markers: entry/exit by colour; certain filled, possible hollow and dashed.
    Events at a limit of drawn data (``data-limit-*``) are not crossings and get no marker;
    ``None`` when no marker is left. ``control``: listed in the layer list as a layer of the
    map; without it the group lists itself when added later (:class:`ListedInLayers`: the app
    sends it with each run, beside the aircraft, so that a new uncertainty does not rebuild
    the map)."""
    if events is not None and not events.empty:
        events = events[~events["event"].astype(str).str.startswith("data-limit")]
    if events is None or events.empty:
        return None
    labels = {t.track_id: display_name(t) for t in tracks}
    group = folium.FeatureGroup(name=CROSSINGS_LAYER, control=control)
    features = []
    for number, (_, event) in enumerate(events.iterrows()):
        kind = "entry" if "entry" in str(event["event"]) else "exit"
        possible = str(event.get("certainty", "certain")) == "possible"
        features.append({
            "type": "Feature", "id": f"crossing-{number}",
            "properties": {"tip": crossing_tooltip(event, labels, local), "kind": kind,
                           "possible": possible},
            "geometry": {"type": "Point", "coordinates": [lon_near(float(event["lon"]), reference_lon),
                                                         float(event["lat"])]},
        })

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        props = feature["properties"]
        colour = EVENT_COLOURS[props["kind"]]
        certainty = "pm-possible" if props["possible"] else "pm-certain"
        return {"color": colour, "weight": 2, "fill": True, "fillColor": colour,
                "fillOpacity": POSSIBLE_OPACITY * 0.4 if props["possible"] else 0.95,
                "dashArray": "3 2" if props["possible"] else None, "radius": 6,
                "className": f"pm-crossing pm-{props['kind']} {certainty}"}

    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=style,
        marker=folium.CircleMarker(radius=6),
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        control=False,
    ).add_to(group)
    if not control:
        ListedInLayers(CROSSINGS_LAYER).add_to(group)
    return group
