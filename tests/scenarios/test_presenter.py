"""Stepping through reported events (layers.scenarios.presenter) and the questions asked
before them (layers.scenarios.quiz), on the 2019 scenario and on small made-up timelines."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.engine.crossings import find_crossings
from layers.engine.table import events_table
from layers.scenarios.classroom import TimelineEntry, playback_moments, timeline
from layers.scenarios.model import load_scenario
from layers.scenarios.presenter import (
    QUESTION_LEAD_S,
    Place,
    backward,
    event_stops,
    forward,
    moved,
    play_tick,
    question_step,
    reveal,
    stop_at,
)
from layers.scenarios.quiz import ZoneFacts, question_for, questions, zone_facts
from layers.timefmt import KST
from layers.tracks.naming import display_name
from layers.tracks.playback import time_steps
from layers.zones.load import airspace_zone_set, load_zones

T0 = pd.Timestamp("2019-07-23T00:00:00Z")


def _entry(entry_id: str, minute: int | None, kind: str = "Entry", zone: str = "adiz-KR",
           track: str = "t/A-50", aircraft: str = "A-50") -> TimelineEntry:
    time = None if minute is None else T0 + pd.Timedelta(minutes=minute)
    return TimelineEntry(entry_id, time, "", kind, aircraft, zone, track, "", "", "", ())


STEPS = pd.date_range(T0, periods=61, freq="min")  # one step a minute, 00:00-01:00 UTC


def test_stops_group_events_of_one_step_and_leave_out_untimed_ones() -> None:
    entries = [_entry("b", 20), _entry("a", 10), _entry("a2", 10, "Response"), _entry("x", None),
               _entry("late", 90)]
    stops = event_stops(entries, STEPS)
    assert [(s.step, [e.id for e in s.entries]) for s in stops] == [(10, ["a", "a2"]), (20, ["b"])]
    assert stops[0].id == "a"
    assert stop_at(stops, 9) is None and stop_at(stops, 10) is stops[0] and stop_at(stops, 30) is stops[1]


def test_forward_and_backward_without_questions() -> None:
    stops = event_stops([_entry("a", 10), _entry("b", 20)], STEPS)
    here = forward(Place(0), stops, STEPS)
    assert here == Place(10)
    here = forward(here, stops, STEPS)
    assert here.index == 20
    assert forward(here, stops, STEPS).index == 20  # the last stop: nothing changes
    assert backward(here, stops).index == 10
    assert backward(Place(15), stops).index == 10  # between stops: back to the one before
    assert backward(Place(5), stops).index == 0


def test_a_question_is_asked_before_its_event_then_answered() -> None:
    stops = event_stops([_entry("a", 10), _entry("b", 20)], STEPS)
    asking = forward(Place(0), stops, STEPS, questioned={"b"})
    assert asking == Place(10)  # "a" asks nothing
    asking = forward(asking, stops, STEPS, questioned={"b"})
    assert asking.asking == "b" and asking.index == 20 - QUESTION_LEAD_S / 60  # 3 minutes before
    answered = forward(asking, stops, STEPS, questioned={"b"})
    assert answered == Place(20, None, frozenset({"b"}))
    assert forward(Place(12, None, frozenset({"b"})), stops, STEPS, {"b"}).index == 20  # asked once
    # back while asking withdraws the question (asked again next time)
    withdrawn = backward(asking, stops)
    assert withdrawn.asking is None and "b" not in withdrawn.asked
    assert moved(asking, 5) == Place(5)
    assert reveal(asking, stops).index == 20


def test_play_pauses_at_the_question_step_once() -> None:
    stops = event_stops([_entry("a", 10), _entry("b", 20)], STEPS)
    here, pause = play_tick(Place(12), 15, stops, STEPS, {"b"})
    assert (here, pause) == (Place(15), False)
    here, pause = play_tick(here, 19, stops, STEPS, {"b"})
    assert pause and here.index == 17 and here.asking == "b"
    here, pause = play_tick(Place(18, None, here.asked), 21, stops, STEPS, {"b"})
    assert not pause and here.index == 21  # asked already: Play goes on
    # Play already past the question step (after Previous): it asks where it is
    here, pause = play_tick(Place(18), 19, stops, STEPS, {"b"})
    assert pause and here.index == 18
    assert question_step(STEPS, stops[0]) == 7


@pytest.fixture(scope="module")
def asked_2019() -> dict:
    scenario = load_scenario("2019-07-23")
    report = find_crossings(scenario.tracks, airspace_zone_set(), 0.0)
    names = {t.track_id: display_name(t) for t in scenario.tracks}
    return questions(timeline(scenario), report.intervals, zone_facts(load_zones(resolution="display")),
                     names, scenario.local_zone)


def test_2019_questions_come_from_the_engine(asked_2019: dict) -> None:
    dokdo = asked_2019["a50-dokdo-entry-1"]
    assert dokdo.question == "Will the A-50 enter territorial airspace?"
    assert dokdo.answer.startswith("Yes: on its notional track the A-50 is inside the airspace around "
                                   "Dokdo / Takeshima (Liancourt Rocks) (disputed: claimed by")
    assert "09:09–09:12 KST (00:09–00:12 UTC)" in dokdo.answer and "4.4 nm deep" in dokdo.answer
    assert "sovereign" in dokdo.explanation
    adiz = asked_2019["h6k-entry-1"]
    assert adiz.question == "Whose ADIZ is this?"
    assert "Korea ADIZ (KADIZ) at 06:44 KST (21:44 UTC)" in adiz.answer
    assert "not a violation" in adiz.explanation
    warning = asked_2019["warning-1"]
    assert warning.question == "Is this a violation?" and warning.answer.startswith("Yes: at 09:09 KST")
    # exits, sightings and the rendezvous ask nothing; an untimed response neither
    assert not {"h6k-exit-1", "rendezvous", "h6k-north", "jasdf-scramble"} & set(asked_2019)


def test_an_answer_says_when_the_track_does_not_meet_the_report() -> None:
    zones = {"airspace-x": ZoneFacts("X territorial airspace", "territorial-airspace", "KR"),
             "adiz-KR": ZoneFacts("Korea ADIZ (KADIZ)", "adiz", "KR")}
    empty = pd.DataFrame(columns=["track_id", "zone_id", "start", "end", "max_depth_m", "certainty"])
    territorial = question_for(_entry("e", 10, zone="airspace-x"), empty, zones, {}, KST)
    assert territorial is not None and territorial.answer.startswith("No:")
    assert "does not meet this report" in territorial.answer
    adiz = question_for(_entry("f", 10), empty, zones, {}, KST)
    assert adiz is not None and "is not inside it" in adiz.answer
    response = question_for(_entry("g", 10, kind="Response", zone="", track=""), empty, zones, {}, KST)
    assert response is not None and response.answer.startswith("No: at 09:10 KST")
    assert question_for(_entry("h", None), empty, zones, {}, KST) is None


def test_the_app_steps_hold_every_reported_time() -> None:
    """Every reported event with a time is a stop at its exact time (the slider has that step)."""
    scenario = load_scenario("2019-07-23")
    report = find_crossings(scenario.tracks, airspace_zone_set(), 0.0)
    table = events_table(report.events, report.intervals, scenario.tracks, scenario.local_zone)
    entries = timeline(scenario)
    steps = time_steps(scenario.tracks, moments=playback_moments(table, report.intervals, entries))
    for stop in event_stops(entries, steps):
        assert all(steps[stop.step] == e.time for e in stop.entries)
