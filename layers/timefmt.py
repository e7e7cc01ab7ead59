"""Times, the one place: UTC timestamps, ISO 8601 ``Z`` text, a scenario's local time zone
(IANA, via :mod:`zoneinfo`) and every displayed time.

A displayed time is *rounded* to the unit it shows, never truncated: the engine places a
crossing at 00:08:59.8 UTC and every surface shows it as 00:09 UTC / 09:09 KST (or 00:09:00
where seconds are shown). Time zones carry daylight saving: the 2024-07-24 patrol near Alaska
is shown in AKDT (UTC-8), the Sea of Japan patrols in KST (UTC+9).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

#: The units a displayed time can be rounded to.
Unit = Literal["min", "s"]
_UNIT_SECONDS: dict[str, int] = {"min": 60, "s": 1}
_CLOCK: dict[str, str] = {"min": "%H:%M", "s": "%H:%M:%S"}

#: Time zone of the Sea of Japan (East Sea) patrols (KST = JST = UTC+9, no daylight saving).
DEFAULT_TZ = "Asia/Seoul"


def utc(time: Any) -> pd.Timestamp:
    """``time`` (ISO text, datetime, Timestamp; naive means UTC) as a UTC ``Timestamp``."""
    stamp = pd.Timestamp(time)
    if stamp is pd.NaT:
        raise ValueError(f"not a time: {time!r}")
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def utc_series(values: Any) -> pd.Series:
    """A column of times as UTC (naive values are UTC)."""
    return pd.Series(pd.to_datetime(values, utc=True))


def rounded(time: Any, unit: Unit = "min") -> pd.Timestamp:
    """``time`` in UTC rounded half up to the whole ``unit`` (``"min"`` or ``"s"``)."""
    stamp = utc(time)
    step = pd.Timedelta(seconds=_UNIT_SECONDS[unit])
    return (stamp + step / 2).floor(step)


def rounded_series(values: Any, unit: Unit = "min") -> pd.Series:
    """:func:`rounded` of every time in a column (UTC)."""
    step = pd.Timedelta(seconds=_UNIT_SECONDS[unit])
    return (utc_series(values) + step / 2).dt.floor(step)


def iso_z(time: Any, unit: Literal["ms", "s", "auto"] = "auto") -> str:
    """``2019-07-23T00:09:00Z`` (``unit="s"``, rounded), ``…T00:08:59.812Z`` (``"ms"``), or
    ``"auto"``: milliseconds only when the time has a fraction of a second (as ``"ms"``)."""
    if unit == "auto":
        time = utc(time).floor("ms")
        unit = "ms" if time.microsecond else "s"
    return str(iso_z_series(pd.Series([time]), unit).iloc[0])


def iso_z_series(values: Any, unit: Literal["ms", "s"] = "ms") -> pd.Series:
    """ISO 8601 UTC text of every time in a column: to the millisecond (``"ms"``, the crossings
    CSV format ``2019-07-23T00:08:59.799Z``: machine text, cut at the millisecond as that
    contract has always been, never shown to people as a clock) or rounded to the second
    (``"s"``); ``""`` for a missing time."""
    times = utc_series(values)
    if unit == "s":
        text = (times + pd.Timedelta(milliseconds=500)).dt.floor("s").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        text = times.dt.floor("ms").dt.strftime("%Y-%m-%dT%H:%M:%S.%f")
        text = text.str[:-3] + "Z"
    return text.where(times.notna(), "")


@dataclass(frozen=True)
class LocalZone:
    """A scenario's local time: an IANA time zone (``Asia/Seoul``, ``America/Anchorage``).

    The abbreviation shown (``KST``, ``AKDT``) is the zone's own at the time shown, so a
    window across a daylight-saving change is labelled correctly.
    """

    tz: str = DEFAULT_TZ

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @classmethod
    def from_mapping(cls, value: Mapping[str, Any] | None) -> LocalZone:
        """From a scenario's ``local_time`` (``{"tz": "Asia/Seoul", …}``); KST when absent."""
        if not value or not value.get("tz"):
            return cls()
        return cls(str(value["tz"]))

    @staticmethod
    def check(tz: str) -> ZoneInfo:
        """The zone named ``tz``; ValueError naming it when the name is unknown."""
        try:
            return ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{tz!r} is not an IANA time zone (like Asia/Seoul)") from None

    def local(self, time: Any) -> datetime:
        """``time`` as a datetime in this zone."""
        return utc(time).to_pydatetime().astimezone(self.zone)

    def label(self, time: Any) -> str:
        """The zone's abbreviation at ``time``: ``KST``, ``AKDT``; the UTC offset if it has none."""
        name = self.local(time).tzname() or ""
        return name if name[:1].isalpha() else f"UTC{name}"

    def labels(self, start: Any, end: Any) -> str:
        """The abbreviation over a window: ``KST``, or ``AKDT/AKST`` across a change."""
        first, last = self.label(start), self.label(end)
        return first if first == last else f"{first}/{last}"


#: The default local zone (KST), for tracks with no scenario.
KST = LocalZone()


def clock(time: Any, unit: Unit = "min", zone: LocalZone | None = None, date: bool = False,
          year: bool = False) -> str:
    """``"09:09 KST"`` (``zone`` given) or ``"00:09 UTC"``, rounded to ``unit``; with the day
    and month (``"23 Jul 09:09 KST"``) when ``date``, and the year (``"23 Jul 2019 09:09 KST"``)
    when ``year``."""
    stamp = rounded(time, unit)
    fmt = ("%d %b %Y " if year else "%d %b " if date else "") + _CLOCK[unit]
    if zone is None:
        return f"{stamp:{fmt}} UTC"
    return f"{zone.local(stamp):{fmt}} {zone.label(stamp)}"


def local_and_utc(time: Any, zone: LocalZone, unit: Unit = "min", date: bool = True,
                  year: bool = False) -> str:
    """``"23 Jul 09:09 KST · 23 Jul 00:09 UTC"``: one time in the local zone and UTC, rounded
    (with the year when ``year``)."""
    return f"{clock(time, unit, zone, date, year)} · {clock(time, unit, None, date, year)}"


def clock_span(start: Any, end: Any, zone: LocalZone, unit: Unit = "min") -> str:
    """``"09:09–09:12 KST (00:09–00:12 UTC)"``: a stretch of one day in the local zone and
    UTC, each end rounded to ``unit``."""
    local_start, utc_start = clock(start, unit, zone).rsplit(" ", 1)[0], clock(start, unit).rsplit(" ", 1)[0]
    return f"{local_start}–{clock(end, unit, zone)} ({utc_start}–{clock(end, unit)})"


def window_text(start: Any, end: Any, zone: LocalZone) -> str:
    """``"22 Jul 2019 21:30 – 23 Jul 2019 05:00 UTC (23 Jul 2019 06:30–14:00 KST)"``, rounded to
    the minute, the date written once where both ends share it; ``whole scenario`` when open."""
    if start is None or end is None:
        return "whole scenario"
    a, b = rounded(start), rounded(end)

    def span(x: datetime, y: datetime, label: str) -> str:
        if x.date() == y.date():
            return f"{x:%d %b %Y} {x:%H:%M}–{y:%H:%M} {label}"
        return f"{x:%d %b %Y %H:%M} – {y:%d %b %Y %H:%M} {label}"

    local = span(zone.local(a), zone.local(b), zone.labels(a, b))
    return f"{span(a.to_pydatetime(), b.to_pydatetime(), 'UTC')} ({local})"


def day_only(time: Any, zone: LocalZone) -> str:
    """``"24 Jul 2024 AKDT"``: the local day alone, for times that are only illustrative (a
    schematic route's): no clock time suggests a precision the sources do not give."""
    stamp = utc(time)
    return f"{zone.local(stamp):%d %b %Y} {zone.label(stamp)}"


__all__ = [
    "DEFAULT_TZ", "KST", "LocalZone", "Unit", "clock", "clock_span", "day_only", "iso_z", "iso_z_series",
    "local_and_utc",
    "rounded", "rounded_series", "utc", "utc_series", "window_text",
]
