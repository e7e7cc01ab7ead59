"""The crossing events as a display table (KST first, then UTC), shared by the slide and the
standalone HTML map."""

from __future__ import annotations

import pandas as pd

from layers.export.briefing import KST, Briefing
from layers.export.png.layers import short_zone_name
from layers.export.png.tracks import track_label
from layers.export.report import report_events

TABLE_COLUMNS = ("KST", "UTC", "Aircraft", "Event", "Zone", "Certainty")


def events_table(briefing: Briefing) -> pd.DataFrame:
    """One row per event in time order: KST and UTC times rounded to the minute (with the
    date when the events span several KST days), aircraft, event, short zone name, certainty."""
    events = report_events(briefing.report)
    if len(events) == 0:
        return pd.DataFrame(columns=list(TABLE_COLUMNS))
    labels = {t.track_id: track_label(t) for t in briefing.tracks}
    events = events.assign(_t=pd.to_datetime(events["time"], utc=True))
    events = events.sort_values(["_t", "track_id"], kind="stable")
    times = events["_t"].dt.round("min")  # 00:08:59.8 -> 00:09
    kst = times.dt.tz_convert(KST)
    several_days = kst.dt.date.nunique() > 1
    zone = events["zone_name"] if "zone_name" in events else events["zone_id"]
    certainty = events["certainty"] if "certainty" in events else pd.Series("", index=events.index)
    return pd.DataFrame({
        "KST": kst.dt.strftime("%d %b %H:%M" if several_days else "%H:%M"),
        "UTC": times.dt.strftime("%d %b %H:%MZ" if several_days else "%H:%MZ"),
        "Aircraft": events["track_id"].map(lambda t: labels.get(t, t)),
        "Event": events["event"].astype(str),
        "Zone": [short_zone_name(z, n) for z, n in zip(events["zone_id"], zone.astype(str))],
        "Certainty": certainty.astype(str),
    }).reset_index(drop=True)
