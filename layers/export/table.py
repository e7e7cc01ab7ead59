"""The crossing events as the slide's and the HTML export's table: a view of the app's events
table (:func:`layers.engine.table.events_table`) with times rounded to the minute, local time
(the briefing's time zone) first, then UTC, and short zone names."""

from __future__ import annotations

from typing import Any

import pandas as pd

from layers.engine.table import EVENT_SHORT_NAMES
from layers.engine.table import events_table as app_events_table
from layers.export.briefing import Briefing
from layers.export.png.layers import MapLayers, short_zone_name
from layers.export.report import report_events
from layers.timefmt import rounded_series

#: The columns after the two time columns (local, then UTC).
OTHER_COLUMNS = ("Aircraft", "Event", "Zone", "Certainty")


def events_table(briefing: Briefing, zones: Any = None) -> pd.DataFrame:
    """One row per event in time order: local and UTC times rounded to the minute (with the
    date when the events span several local days), aircraft, event, short zone name, certainty.
    The local column is named by the zone's abbreviation (``KST``, ``AKDT``). ``zones`` (default:
    the built-in zones) tell which zones are disputed."""
    events = report_events(briefing.report)
    intervals = getattr(briefing.report, "intervals", None)
    full = app_events_table(events, intervals, list(briefing.tracks), briefing.local)
    if full.empty:
        return pd.DataFrame(columns=[briefing.local.label(briefing.start or pd.Timestamp(0, tz="UTC")),
                                     "UTC", *OTHER_COLUMNS])
    if zones is None:
        zones = MapLayers.builtin("display").zones
    times = rounded_series(full["time"], "min")  # 00:08:59.8 -> 00:09
    local = [briefing.local.local(t) for t in times]
    several_days = len({t.date() for t in local}) > 1
    label = briefing.local.labels(times.min(), times.max())
    return pd.DataFrame({
        label: [f"{t:%d %b %H:%M}" if several_days else f"{t:%H:%M}" for t in local],
        "UTC": times.dt.strftime("%d %b %H:%MZ" if several_days else "%H:%MZ"),
        "Aircraft": full["Aircraft"],
        "Event": [EVENT_SHORT_NAMES.get(code, code) for code in full["event_code"]],
        "Zone": [short_zone_name(z, n, zones) for z, n in zip(full["zone_id"], full["Zone"])],
        "Certainty": full["Certainty"],
    }).reset_index(drop=True)
