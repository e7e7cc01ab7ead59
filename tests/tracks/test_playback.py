"""Event-aware time: the slider's steps include every crossing and reported event at its exact
time; Play stops at each moment instead of stepping over it."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from layers.engine.crossings import find_crossings
from layers.engine.table import events_table
from layers.scenarios.classroom import nearest_step, playback_moments, timeline
from layers.scenarios.model import load_scenario
from layers.tracks.playback import (
    Moment,
    merge_moments,
    moment_captions,
    next_step,
    play_stride,
    position,
    time_label,
    time_steps,
)
from layers.zones.load import airspace_zone_set


@pytest.fixture(scope="module")
def story():
    scenario = load_scenario("2019-07-23")
    report = find_crossings(scenario.tracks, airspace_zone_set())
    table = events_table(report.events, report.intervals, scenario.tracks, scenario.local_zone)
    moments = playback_moments(table, report.intervals, timeline(scenario))
    steps = time_steps(scenario.tracks, moments=moments)
    return scenario, report, table, moments, steps


def _play(steps: pd.DatetimeIndex, moments: list[Moment]) -> list[int]:
    """The step indices Play shows, tick by tick (holds not repeated)."""
    stops = sorted(moment_captions(steps, merge_moments(moments)))
    index, shown, last = 0, [0], len(steps) - 1
    while index < last:
        index = next_step(index, play_stride(len(steps)), stops, last)
        shown.append(index)
    return shown


def test_every_crossing_and_reported_event_is_a_step(story) -> None:
    scenario, report, _, moments, steps = story
    crossings = report.events[~report.events["event"].str.startswith("data-limit")]
    for time in pd.to_datetime(crossings["time"], utc=True):
        assert time in steps
    for entry in timeline(scenario):
        if entry.time is not None and steps[0] <= entry.time <= steps[-1]:
            assert entry.time in steps
    assert steps.is_monotonic_increasing and steps.is_unique


def test_play_shows_the_a50_inside_dokdo_in_both_incursions(story) -> None:
    scenario, report, _, moments, steps = story
    zone = airspace_zone_set().zones.loc["airspace-dokdo"].geometry
    a50 = scenario.track("2019-07-23/A-50")
    inside_steps = []
    for index in _play(steps, moments):
        where = position(a50, steps[index])
        if where.lat is not None and zone.contains(shapely.Point(where.lon, where.lat)):
            inside_steps.append(steps[index])
    stretches = report.intervals[(report.intervals["zone_id"] == "airspace-dokdo")]
    assert len(stretches) == 2
    for _, stretch in stretches.iterrows():
        assert any(stretch["start"] < t < stretch["end"] for t in inside_steps), stretch["start"]


def test_play_never_steps_over_a_moment(story) -> None:
    _, _, _, moments, steps = story
    stops = set(moment_captions(steps, merge_moments(moments)))
    shown = set(_play(steps, moments))
    assert stops <= shown


def test_jumping_to_a_crossing_puts_the_aircraft_on_its_marker(story) -> None:
    scenario, report, table, _, steps = story
    row = table[(table["Track"] == "2019-07-23/A-50") & (table["zone_id"] == "airspace-dokdo")].iloc[0]
    step = nearest_step(steps, row["time"])
    assert steps[step] == row["time"]
    where = position(scenario.track("2019-07-23/A-50"), steps[step])
    from layers.geo.geodesy import distance_m
    assert distance_m(where.lon, where.lat, row["lon"], row["lat"]) < 0.5 * 1852
    assert time_label(steps[step], scenario.local_zone) == "23 Jul 09:09:00 KST · 23 Jul 00:09:00 UTC"


def test_moments_merge_within_a_minute_and_next_step_stops_there() -> None:
    t0 = pd.Timestamp("2019-07-23T00:08:59.8Z")
    merged = merge_moments([Moment(t0, "A-50: Entry, Dokdo"), Moment(t0 + pd.Timedelta(seconds=0.2), "Reported: Entry"),
                            Moment(t0 + pd.Timedelta(minutes=3), "A-50: Exit, Dokdo")])
    assert [m.caption for m in merged] == ["A-50: Entry, Dokdo · Reported: Entry", "A-50: Exit, Dokdo"]
    assert next_step(0, 6, [], 100) == 6 and next_step(98, 5, [], 100) == 100
    assert next_step(0, 6, [20], 100) == 6  # far from the stop: the whole stride
    assert next_step(9, 6, [20], 100) == 11  # within two strides of it: slower (a third)
    assert next_step(18, 6, [20], 100) == 20  # never past it
    assert next_step(20, 6, [20], 100) == 22 and next_step(26, 6, [20], 100) == 28  # slow after it
    assert next_step(27, 6, [20], 100) == 33  # then the whole stride again
    assert next_step(3, 1, [4, 5], 100) == 4 and next_step(4, 1, [4, 5], 100) == 5


def test_an_upload_from_another_year_gets_its_own_spell_of_steps() -> None:
    """A 2019 scenario and a 2023 upload: each spell has minute-scale steps, the years between
    have none (not 8-day steps across four years)."""
    from layers.tracks.playback import spells
    from layers.tracks.track import Track

    scenario = load_scenario("2019-07-23")
    other = Track.from_arrays("upload/X", ["2023-06-06T01:00:00Z", "2023-06-06T03:00:00Z"], [35.0, 36.0],
                              [130.0, 131.0], meta={"aircraft": "X"})
    tracks = [*scenario.tracks, other]
    assert len(spells(tracks)) == 2 and len(spells(scenario.tracks)) == 1
    steps = time_steps(tracks)
    gaps = steps.to_series().diff().dropna()
    assert (gaps <= pd.Timedelta(minutes=10)).sum() == len(gaps) - 1  # one jump, across the years
    assert steps[0] <= scenario.tracks[0].start and steps[-1] >= other.end
    assert any(t.year == 2023 for t in steps) and len(steps) <= 260


def test_every_step_of_a_moment_says_what_happened(story) -> None:
    from layers.tracks.playback import group_captions

    scenario, _, _, moments, steps = story
    captions = group_captions(steps, moments)
    reported = next(e for e in timeline(scenario) if e.id == "a50-dokdo-entry-1")
    text = captions[nearest_step(steps, reported.time)]
    assert "A-50: Entry, Dokdo / Takeshima" in text and "Reported: Entry" in text


def test_a_schematic_loop_is_labelled_by_day_and_elapsed_time_only() -> None:
    """No clock time on illustrative times: the day, and the time along the loop to 10 min."""
    from layers.timefmt import LocalZone
    from layers.tracks.playback import illustrative_label

    akdt = LocalZone("America/Anchorage")
    start = pd.Timestamp("2024-07-24T20:00:00Z")
    label = illustrative_label(start + pd.Timedelta(minutes=83), start, akdt)
    assert label == "24 Jul 2024 AKDT · schematic loop +1 h 20 min (times not published)"
    assert "13:23" not in label and "21:23" not in label and "UTC" not in label
    assert "+0 min" in illustrative_label(start, start, akdt)
