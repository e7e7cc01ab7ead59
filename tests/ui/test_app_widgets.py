"""The app's widgets through Streamlit's AppTest (no browser): scenario picker, uncertainty,
time slider and Play, events table, classroom timeline. The map itself is tested in Chromium
(tests/ui/test_app_browser.py, tests/ui/test_app_playback.py)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from layers.engine.crossings import find_crossings
from layers.engine.table import events_table
from layers.scenarios.classroom import playback_moments, timeline
from layers.scenarios.confidence import track_confidence
from layers.scenarios.model import load_scenario
from layers.tracks.playback import position, time_steps
from layers.ui import tabs as app_tabs
from layers.ui.downloads import DOWNLOADS
from layers.ui.session import Keys as K
from layers.zones.load import airspace_zone_set

APP = "../../app.py"  # relative to this file


@pytest.fixture
def app() -> AppTest:
    """The page after its second run (in a browser, the map starts it when drawn)."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.run()
    assert not at.exception, at.exception
    return at


def _open_tab(at: AppTest, label: str) -> AppTest:
    at.session_state[K.TABS] = label
    return at.run()


def test_a_new_page_gets_the_map_first_and_the_tabs_on_the_next_run() -> None:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    assert "pm-crossing" in _map_args(at)["feature_group"]
    assert not at.tabs and not at.dataframe
    assert any("appear here once the map is drawn" in c.value for c in at.caption)
    at.run()
    assert [t.label for t in at.tabs] == list(app_tabs.TAB_LABELS)
    assert len(at.dataframe) == 1


def test_only_the_open_tab_is_built(app: AppTest) -> None:
    assert len(app.dataframe) == 1  # the crossings tab is open
    assert not [b for b in app.button if b.key and b.key.startswith("story_")]
    assert not any("not a violation" in m.value and "ADIZ" in m.value for m in app.markdown)
    _open_tab(app, app_tabs.TAB_LABELS[1])
    assert not app.dataframe
    assert {"story_prev", "story_next", "story_show"} <= {b.key for b in app.button}


def test_sidebar_boxes_are_built_when_opened_and_keep_their_values(app: AppTest) -> None:
    assert not app.number_input and not app.get("download_button")
    app.session_state["draw_box"] = True
    app.run()
    app.number_input(key="draw_speed_kn").set_value(300.0).run()
    app.session_state["draw_box"] = False
    app.run()
    assert not app.number_input  # closed: not built, and its value is kept
    app.session_state["draw_box"] = True
    app.run()
    assert app.number_input(key="draw_speed_kn").value == 300.0
    app.session_state["exports_box"] = True
    app.run()
    assert len(app.get("download_button")) == len(DOWNLOADS)
    app.text_input(key="banner").input("Training only").run()
    app.session_state["exports_box"] = False
    app.run()
    app.session_state["exports_box"] = True
    app.run()
    assert app.text_input(key="banner").value == "Training only"
    assert not app.exception


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
    assert "pm-track" in args["script"] and "pm-crossing" not in args["script"]
    assert "pm-aircraft" in args["feature_group"] and "pm-crossing" in args["feature_group"]
    assert not app.error


def test_uncertainty_control_recomputes_the_flags(app: AppTest) -> None:
    before = _table(app)
    base = _map_args(app)["script"]
    app.slider(key="uncertainty_nm").set_value(10.0).run()
    assert not app.exception
    after = _table(app)
    assert (after["Certainty"] == "possible").sum() > 0
    assert len(after) > len(before)  # near misses within 10 nm become possible crossings
    # the flags come as a layer of their own: the map itself is not rebuilt (same script)
    assert "pm-possible" in _map_args(app)["feature_group"]
    assert _map_args(app)["script"] == base


def test_scenario_picker_switches_patrol(app: AppTest) -> None:
    app.selectbox(key="scenario").set_value("2024-07-24").run()
    assert not app.exception and not app.error
    scenario = load_scenario("2024-07-24")
    assert scenario.tracks[0].track_id in _map_args(app)["script"]
    slider = app.select_slider(key="t_index")
    assert "AKDT" in slider.format_func(slider.value)  # the scenario's local time
    app.selectbox(key="scenario").set_value("2026-06-27").run()  # no published route
    assert not app.exception and not app.error
    assert not app.dataframe  # no table, a note instead
    # the picker and its caption say what the map draws, from the one confidence function
    expected = track_confidence(load_scenario("2026-06-27")).text
    assert expected.startswith("no tracks")
    assert any(c.value == f"On the map: {expected}." for c in app.caption)
    picker = app.selectbox(key="scenario")
    assert expected in picker.format_func("2026-06-27")
    assert "published times pinned" in picker.format_func("2019-07-23")
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
    _open_tab(app, app_tabs.TAB_LABELS[1])
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
    scenario = load_scenario("2019-07-23")
    report = find_crossings(scenario.tracks, airspace_zone_set())
    table = events_table(report.events, report.intervals, scenario.tracks, scenario.local_zone)
    steps = time_steps(scenario.tracks, moments=playback_moments(table, report.intervals, entries))
    shown = steps[app.session_state["t_index"]]
    assert shown == entries[index].time  # the exact reported time is a step of the slider
    # and the map centres on the A-50 at that time (inside the Dokdo/Takeshima airspace)
    args = _map_args(app)
    a50 = position(load_scenario("2019-07-23").track("2019-07-23/A-50"), entries[index].time)
    assert args["center"] == [pytest.approx(a50.lat), pytest.approx(a50.lon)]
    assert args["zoom"] == 7


def test_adiz_note_in_the_page(app: AppTest) -> None:
    _open_tab(app, app_tabs.TAB_LABELS[2])
    text = " ".join(m.value for m in app.markdown)
    assert "not a violation" in text and "disputed" in text


def test_a_patrol_without_tracks_shows_its_reported_places(tmp_path, monkeypatch) -> None:
    """A scenario with no tracks but a sector 'where' gets the places layer on the map."""
    import shutil

    import streamlit as st

    from layers.scenarios import model
    from layers.webmap.places import PLACES_LAYER

    for path in model.scenario_paths():
        shutil.copy(path, tmp_path / path.name)
    data = json.loads((tmp_path / "2026-06-27.json").read_text(encoding="utf-8"))
    data["events_reported"][0]["where"] = {
        "kind": "sector", "anchor": "dokdo-dongdo", "bearing_deg": [0, 90], "range_km": [20, 80],
        "basis": "reconstructed: test place north-east of Dokdo / Takeshima"}
    data["events_reported"][0] |= {"time": "2026-06-27T01:30:00Z",
                                   "time_local": "2026-06-27T10:30:00+09:00"}
    (tmp_path / "2026-06-27.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(model, "SCENARIO_DIR", tmp_path)
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.selectbox(key="scenario").set_value("2026-06-27").run()
    assert not at.exception and not at.error
    script = _map_args(at)["script"]
    assert PLACES_LAYER in script and "test place north-east" in script
    assert any("reported places only" in c.value for c in at.caption)
    # the slider has steps from the event times, and "Show this moment" works
    slider = at.select_slider(key="t_index")
    assert any("10:30 KST" in o for o in slider.options)
    at.run()
    _open_tab(at, app_tabs.TAB_LABELS[1])
    show = at.button(key="story_show")
    assert not show.disabled
    show.click().run()
    assert not at.exception and not at.error
    slider = at.select_slider(key="t_index")
    assert "10:30 KST" in slider.format_func(int(slider.value))
    # no track shows the event: the map centres on its reported place (the sector's middle)
    from layers.scenarios.places import event_centre

    want = event_centre(model.load_scenario("2026-06-27"), [data["events_reported"][0]["id"]])
    centre = _map_args(at)["center"]
    assert want is not None and centre is not None
    assert tuple(centre) == pytest.approx(want, abs=1e-6)
    st.cache_resource.clear()


def test_classroom_note_fits_the_map() -> None:
    from layers.scenarios.classroom import tracks_note

    assert "small dots" in tracks_note(load_scenario("2019-07-23"))
    bare = tracks_note(load_scenario("2026-06-27"))
    assert "small dots" not in bare and "reported place" in bare
