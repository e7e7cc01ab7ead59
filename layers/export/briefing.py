"""What an export shows: tracks in a time window, their crossing report, the view and captions.

Every export format renders one :class:`Briefing`. Times are UTC ``pandas.Timestamp``;
bounds are degrees (west, south, east, north).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from layers import timefmt
from layers.errors import InputError
from layers.export.png.projection import check_bounds
from layers.geo.bounds import Bounds
from layers.timefmt import KST, LocalZone, window_text
from layers.tracks.naming import any_notional, caveat, caveat_words, is_schematic, region_title

if TYPE_CHECKING:  # annotation only: the engine is imported lazily (see build_briefing)
    from layers.engine.crossings import CrossingReport

#: View when there is nothing to fit: the Sea of Japan (East Sea) and its approaches.
DEFAULT_BOUNDS = Bounds(120.0, 28.0, 145.0, 46.0)


@dataclass(frozen=True)
class Briefing:
    """Everything an export draws or writes; build it with :func:`build_briefing`."""

    title: str
    tracks: tuple  # tuple[Track, ...], already cut to the time window
    report: CrossingReport  # for the whole tracks, events in the window
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    bounds: Bounds
    scenario_id: str | None = None
    scenario_title: str | None = None
    banner: str | None = None
    uncertainty_nm: float = 0.0
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    #: The time zone local times are shown in (the scenario's; KST by default).
    local: LocalZone = KST
    #: The sea area (a scenario's ``region``); ``None`` for tracks without a scenario.
    region: str | None = None
    #: Reported-event places: (event row, :class:`layers.scenarios.places.Place`) pairs from
    #: :func:`layers.scenarios.places.scenario_places`, those in the time window.
    places: tuple = ()

    @property
    def page_title(self) -> str | None:
        """``"Patrol Map: Bering Sea and North Pacific"`` when the region is known."""
        return region_title(self.region) if self.region else None

    @property
    def caveat(self) -> str:
        """The SCHEMATIC and/or NOTIONAL caveat of the tracks (:func:`layers.tracks.naming.caveat`);
        ``""`` when every track is recorded."""
        return caveat(self.tracks)

    @property
    def caveat_words(self) -> list[str]:
        """``["SCHEMATIC"]``, ``["NOTIONAL"]``, both or none (:func:`layers.tracks.naming.caveat_words`)."""
        return caveat_words(self.tracks)

    @property
    def notional(self) -> bool:
        """True when any track is a notional reconstruction (:func:`~layers.tracks.naming.is_notional`:
        only when its data says so; a recorded track is not)."""
        return any_notional(self.tracks)

    @property
    def window_text(self) -> str:
        """The time window in UTC and local time, e.g. ``22 Jul 2019 21:30 – 23 Jul 2019 05:00
        UTC (23 Jul 2019 06:30–14:00 KST)``; said to be illustrative when a track is schematic
        (its times were not published)."""
        text = window_text(self.start, self.end, self.local)
        if "SCHEMATIC" in self.caveat_words:
            text += " · SCHEMATIC times illustrative, not published"
        return text


def utc(value: str | pd.Timestamp | None, name: str) -> pd.Timestamp | None:
    """An optional ISO 8601 time from the user (naive = UTC) as UTC (:func:`layers.timefmt.utc`);
    ``None`` stays ``None``; bad text is an :class:`InputError` naming the field ``name``."""
    if value is None or value == "":
        return None
    try:
        return timefmt.utc(value)
    except (ValueError, TypeError):
        raise InputError(f"not an ISO 8601 time: {value!r}", field=name) from None


def tracks_bounds(
    tracks: Sequence, pad_fraction: float = 0.08, min_span_deg: float = 4.0,
    extra: tuple[np.ndarray, np.ndarray] | None = None,
) -> Bounds:
    """Lon/lat box around the tracks' fixes (and the ``extra`` (lons, lats), e.g. the outlines
    of reported places), padded; handles tracks across the antimeridian.
    Around a schematic track the pad is at least its fixes' uncertainty, so the map shows the
    coasts it keeps off."""
    lon_parts = [np.asarray(t.lon, float) for t in tracks]
    lat_parts = [np.asarray(t.lat, float) for t in tracks]
    if extra is not None:
        lon_parts.append(np.asarray(extra[0], float))
        lat_parts.append(np.asarray(extra[1], float))
    lons = np.concatenate(lon_parts) if lon_parts else np.array([])
    lats = np.concatenate(lat_parts) if lat_parts else np.array([])
    if lons.size == 0:
        return DEFAULT_BOUNDS
    box = Bounds.around(lons, lats)  # crosses the antimeridian when that is tighter
    assert box is not None
    west, south, east, north = box
    loose_km = max((float(np.nanmax(t.data["uncertainty_km"])) for t in tracks
                    if is_schematic(t) and "uncertainty_km" in t.data and t.data["uncertainty_km"].notna().any()),
                   default=0.0)
    loose_lat = loose_km / 111.0
    loose_lon = loose_lat / max(np.cos(np.radians(max(abs(south), abs(north)))), 0.1)
    pad_lon = max((east - west) * pad_fraction, (min_span_deg - (east - west)) / 2, 0.5, loose_lon)
    pad_lat = max((north - south) * pad_fraction, (min_span_deg - (north - south)) / 2, 0.5, loose_lat)
    west, east = west - pad_lon, east + pad_lon
    south, north = max(south - pad_lat, -84.0), min(north + pad_lat, 84.0)
    return check_bounds(Bounds(west, float(south), east, float(north)).wrapped())


def places_bounds(tracks: Sequence, places: Sequence) -> Bounds:
    """:func:`tracks_bounds` of the tracks and the outlines of the reported-event places
    (their uncertainty circles and sectors), so a place is on the map even with no track."""
    if not places:
        return tracks_bounds(tracks)
    outline = np.concatenate([np.asarray(p.area.exterior.coords)[:, :2] for _, p in places])
    return tracks_bounds(tracks, extra=(outline[:, 0], outline[:, 1]))


def places_in_window(places: Sequence, start: pd.Timestamp | None,
                     end: pd.Timestamp | None) -> tuple:
    """The places whose event time is inside [start, end] (a place with no published time is
    kept: it is not known to be outside)."""
    from layers.scenarios.place_caption import event_time

    kept = []
    for event, place in places:
        time = event_time(event)
        if time is not None and ((start is not None and pd.Timestamp(time) < start)
                                 or (end is not None and pd.Timestamp(time) > end)):
            continue
        kept.append((event, place))
    return tuple(kept)


def _in_window(track, start: pd.Timestamp | None, end: pd.Timestamp | None):
    """The part of ``track`` inside the window, or ``None`` when it has < 2 fixes there."""
    if start is None and end is None:
        return track
    lo = start if start is not None else track.start
    hi = end if end is not None else track.end
    if hi <= track.start or lo >= track.end:
        return None
    return track.between(max(lo, track.start), min(hi, track.end))


def build_briefing(
    tracks: Sequence,
    *,
    title: str,
    zones=None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    bounds: Bounds | None = None,
    banner: str | None = None,
    uncertainty_nm: float = 0.0,
    scenario_id: str | None = None,
    scenario_title: str | None = None,
    sources: Sequence[str] = (),
    notes: Sequence[str] = (),
    report=None,
    local: LocalZone = KST,
    region: str | None = None,
    places: Sequence = (),
) -> Briefing:
    """A briefing of ``tracks`` against ``zones`` (default: the built-in airspace and ADIZs).

    The crossing report is computed on the whole tracks (so an entry before the window is not
    lost) and its events are then kept only inside the window; the tracks are cut to the window.
    Pass ``report`` to reuse one already computed for the same tracks and zones. ``places``
    (reported-event places, :func:`layers.scenarios.places.scenario_places`) are kept when their
    time is inside the window asked for (all of them when none is asked for) and are framed
    by the default view.
    """
    from layers.export.report import crossing_report, report_in_window

    start_ts, end_ts = utc(start, "start"), utc(end, "end")
    if start_ts is not None and end_ts is not None and end_ts <= start_ts:
        raise InputError("the time window's end must be after its start", field="end")
    if uncertainty_nm < 0:
        raise InputError("uncertainty must be >= 0 nm", field="uncertainty_nm")
    tracks = list(tracks)
    if report is None:
        report = crossing_report(tracks, zones, uncertainty_nm)
    shown = [cut for cut in (_in_window(t, start_ts, end_ts) for t in tracks) if cut is not None]
    kept = places_in_window(places, start_ts, end_ts)
    if tracks:
        start_ts = start_ts if start_ts is not None else min(t.start for t in tracks)
        end_ts = end_ts if end_ts is not None else max(t.end for t in tracks)
    return Briefing(
        title=title,
        tracks=tuple(shown),
        report=report_in_window(report, start_ts, end_ts),
        start=start_ts,
        end=end_ts,
        bounds=check_bounds(tuple(bounds)) if bounds is not None else places_bounds(shown, kept),
        scenario_id=scenario_id,
        scenario_title=scenario_title,
        banner=(banner or "").strip() or None,
        uncertainty_nm=float(uncertainty_nm),
        sources=tuple(sources),
        notes=tuple(notes),
        local=local,
        region=region,
        places=kept,
    )


def attribution_text() -> str:
    """The sources and licence attribution every export carries (:mod:`layers.attribution`)."""
    from layers.attribution import ATTRIBUTION_TEXT

    return ATTRIBUTION_TEXT


def source_titles(scenario) -> tuple[str, ...]:
    """``"title <url>"`` for each source of a scenario, in the file's order."""
    return tuple(f"{s['title']} <{s['url']}>" if s.get("url") else str(s["title"])
                 for s in scenario.sources.values())


def scenario_briefing(scenario_id: str, **options) -> Briefing:
    """A briefing of a built-in scenario (``layers.scenarios.model.load_scenario``); ``options`` as
    for :func:`build_briefing` (start, end, bounds, banner, uncertainty_nm)."""
    from layers.scenarios.model import load_scenario
    from layers.scenarios.places import scenario_places

    scenario = load_scenario(scenario_id)
    title = options.pop("title", None) or scenario.title
    if scenario.date and scenario.date not in title:
        title = f"{title}, {pd.Timestamp(scenario.date):%-d %B %Y}"
    return build_briefing(
        scenario.tracks,
        title=title,
        scenario_id=scenario.id,
        scenario_title=None,
        sources=source_titles(scenario),
        local=options.pop("local", None) or scenario.local_zone,
        region=options.pop("region", None) or scenario.region,
        places=scenario_places(scenario),
        **options,
    )


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can hold (control characters from a file removed)."""
    return _NOT_XML.sub("", str(value))
