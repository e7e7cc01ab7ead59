"""The app's widgets through Streamlit's AppTest (no browser): scenario picker, uncertainty,
time slider and Play, events table, classroom timeline. The map itself is tested in Chromium
(tests/test_app_browser.py, tests/test_app_playback.py)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from layers.classroom import timeline
from layers.playback import position, time_steps
from layers.scenarios import load_scenario

APP = "../app.py"  # relative to this file


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def _map_args(at: AppTest) -> dict:
    component = at.get("component_instance")[0]
    assert component.proto.component_name == "streamlit_folium.st_folium"
    return json.loads(component.proto.json_args)


def _table(at: AppTest):
    return at.dataframe[0].value


def test_default_page_shows_2019_with_flags_and_a_local_map(app: AppTest) -> None:
    assert app.selectbox(key="scenario").value == "2019-07-23"
    table = _table(app)
    crossings = table[table["Approximate boundary"] != "limit of drawn data"]
    assert len(crossings) > 10 and set(crossings["Certainty"]) == {"certain"}
    assert set(table.loc[table.index.difference(crossings.index), "Certainty"]) == {""}
    assert {"Time (KST)", "Time (UTC)", "Time inside", "Max depth (nm)"} <= set(table.columns)
    args = _map_args(app)
    assert args["js_links"] and all(link.startswith("/app/static/") for link in args["js_links"])
    assert "pm-track" in args["script"] and "pm-crossing" in args["script"]
    assert "pm-aircraft" in args["feature_group"]
    assert not app.error


def test_uncertainty_control_recomputes_the_flags(app: AppTest) -> None:
    before = _table(app)
    app.slider(key="uncertainty_nm").set_value(10.0).run()
    assert not app.exception
    after = _table(app)
    assert (after["Certainty"] == "possible").sum() > 0
    assert len(after) > len(before)  # near misses within 10 nm become possible crossings
    assert "pm-possible" in _map_args(app)["script"]


def test_scenario_picker_switches_patrol(app: AppTest) -> None:
    app.selectbox(key="scenario").set_value("2024-07-24").run()
    assert not app.exception and not app.error
    scenario = load_scenario("2024-07-24")
    assert scenario.tracks[0].track_id in _map_args(app)["script"]
    slider = app.select_slider(key="t_index")
    assert "AKDT" in slider.format_func(slider.value)  # the scenario's local time
    app.selectbox(key="scenario").set_value("2020-12-22").run()  # no published route
    assert not app.exception and not app.error
    assert not app.dataframe  # no table, a note instead
    assert any("No route was published" in c.value for c in app.caption)
    assert any("No boundary crossings" in c.value for c in app.caption)


def test_time_slider_moves_the_aircraft(app: AppTest) -> None:
    first = _map_args(app)["feature_group"]
    slider = app.select_slider(key="t_index")
    slider.set_value(slider.options.index(slider.options[-1]) // 2).run()
    assert not app.exception
    middle = _map_args(app)["feature_group"]
    assert middle != first and middle.count("pm-aircraft") >= 1
    assert _map_args(app)["script"]  # the base map is still there


def test_play_advances_and_pause_stops(app: AppTest) -> None:
    start = app.session_state["t_index"]
    app.button(key="play").click().run()
    assert app.session_state["playing"] is True
    assert app.session_state["t_index"] > start
    app.button(key="play").click().run()
    assert app.session_state["playing"] is False


def test_classroom_timeline_steps_through_reported_events(app: AppTest) -> None:
    entries = timeline(load_scenario("2019-07-23"))
    assert any(entries[0].description[:40] in m.value.replace("\\", "") for m in app.markdown)
    app.button(key="story_next").click().run()
    app.button(key="story_next").click().run()
    assert app.session_state["story_index"] == 2
    assert any(entries[2].description[:40] in m.value.replace("\\", "") for m in app.markdown)
    app.button(key="story_prev").click().run()
    assert app.session_state["story_index"] == 1
    # jump to a timed event and show it on the map: the slider moves to its time
    index = next(i for i, e in enumerate(entries) if e.id == "a50-dokdo-entry-1")
    for _ in range(index - 1):
        app.button(key="story_next").click().run()
    assert app.session_state["story_index"] == index
    app.button(key="story_show").click().run()
    steps = time_steps(load_scenario("2019-07-23").tracks)
    shown = steps[app.session_state["t_index"]]
    assert abs(shown - entries[index].time) <= steps[1] - steps[0]
    # and the map centres on the A-50 at that time (inside the Dokdo/Takeshima airspace)
    args = _map_args(app)
    a50 = position(load_scenario("2019-07-23").track("2019-07-23/A-50"), entries[index].time)
    assert args["center"] == [pytest.approx(a50.lat), pytest.approx(a50.lon)]
    assert args["zoom"] == 7


def test_adiz_note_in_the_page(app: AppTest) -> None:
    text = " ".join(m.value for m in app.markdown)
    assert "not a violation" in text and "disputed" in text
