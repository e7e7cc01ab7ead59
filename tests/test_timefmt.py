"""The one time module: displayed times are rounded, never truncated; local zones are IANA."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.timefmt import KST, LocalZone, clock, iso_z, iso_z_series, local_and_utc, rounded, window_text

ALASKA = LocalZone("America/Anchorage")


def test_rounded_half_up_to_the_unit_shown() -> None:
    assert rounded("2019-07-23T00:08:59.8Z") == pd.Timestamp("2019-07-23T00:09Z")
    assert rounded("2019-07-23T00:08:29.999Z") == pd.Timestamp("2019-07-23T00:08Z")
    assert rounded("2019-07-23T00:08:30Z") == pd.Timestamp("2019-07-23T00:09Z")
    assert rounded("2019-07-23T00:08:59.5Z", "s") == pd.Timestamp("2019-07-23T00:09:00Z")
    assert rounded("2019-07-23T09:08:59.8+09:00") == pd.Timestamp("2019-07-23T00:09Z")  # any zone in
    assert rounded("2019-07-23T00:08:59.8") == pd.Timestamp("2019-07-23T00:09Z")  # naive is UTC


def test_clock_and_local_and_utc() -> None:
    t = "2019-07-23T00:08:59.8Z"
    assert clock(t) == "00:09 UTC"
    assert clock(t, zone=KST) == "09:09 KST"
    assert clock(t, "s", KST, date=True) == "23 Jul 09:09:00 KST"
    assert local_and_utc(t, KST) == "23 Jul 09:09 KST · 23 Jul 00:09 UTC"


def test_local_zones_follow_daylight_saving() -> None:
    assert ALASKA.label("2024-07-24T20:00Z") == "AKDT" and ALASKA.label("2024-12-24T20:00Z") == "AKST"
    assert clock("2024-07-24T20:00Z", zone=ALASKA) == "12:00 AKDT"
    assert ALASKA.labels("2024-11-02T20:00Z", "2024-11-04T20:00Z") == "AKDT/AKST"
    with pytest.raises(ValueError, match="not an IANA time zone"):
        LocalZone.check("Mars/Olympus")


def test_window_text_in_utc_and_local() -> None:
    text = window_text(pd.Timestamp("2019-07-22T21:30Z"), pd.Timestamp("2019-07-23T05:00Z"), KST)
    assert text == "22 Jul 2019 21:30 – 23 Jul 2019 05:00 UTC (23 Jul 2019 06:30–14:00 KST)"
    assert window_text(None, None, KST) == "whole scenario"


def test_iso_z_is_machine_text_cut_at_the_millisecond() -> None:
    """The crossings CSV contract: ISO 8601 UTC with milliseconds and Z, as it always was."""
    assert iso_z("2019-07-23T00:08:59.7995Z", "ms") == "2019-07-23T00:08:59.799Z"
    assert iso_z("2019-07-23T00:08:59.7995Z", "s") == "2019-07-23T00:09:00Z"
    assert iso_z("2019-07-23T00:09:00Z") == "2019-07-23T00:09:00Z"
    assert iso_z("2019-07-23T00:09:00.25Z") == "2019-07-23T00:09:00.250Z"
    assert list(iso_z_series(pd.Series([pd.Timestamp("2019-07-23", tz="UTC"), pd.NaT]))) == [
        "2019-07-23T00:00:00.000Z", ""]


def test_the_year_is_shown_when_asked() -> None:
    from layers.tracks.playback import time_label

    assert time_label("2019-07-23T00:09Z", KST, year=True) == "23 Jul 2019 09:09 KST · 23 Jul 2019 00:09 UTC"
    assert clock("2019-07-23T00:09Z", year=True) == "23 Jul 2019 00:09 UTC"


def test_clock_span_gives_one_stretch_in_local_time_and_utc() -> None:
    from layers.timefmt import KST, clock_span

    assert clock_span("2019-07-23T00:08:59.8Z", "2019-07-23T00:11:59.8Z", KST) == "09:09–09:12 KST (00:09–00:12 UTC)"
