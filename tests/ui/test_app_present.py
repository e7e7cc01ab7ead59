"""Presentation mode in headless Chromium against the real server: one projector screen
(1280×720 and 1920×1080) holds the map, the player and the event card; a clicker's PageDown
steps through the reported events (a burst of presses loses none); Space plays; predict and
reveal asks before an event and answers from the engine; full screen keeps the player."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from layers.engine.crossings import find_crossings
from layers.engine.table import events_table
from layers.geo.geodesy import distance_m
from layers.scenarios.classroom import playback_moments, timeline
from layers.scenarios.model import load_scenario
from layers.scenarios.presenter import event_stops
from layers.scenarios.quiz import questions, zone_facts
from layers.tracks.naming import display_name
from layers.tracks.playback import time_steps
from layers.units import NM_M
from layers.zones.load import airspace_zone_set, load_zones

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
CARD = ".st-key-pm-card"
TIME_SLIDER = '[aria-valuetext*="UTC"]'
SCENARIO = "2019-07-23"
#: Where the Dokdo / Takeshima entry is among the reported moments (events of one minute share
#: one): PageDown this many times from the start reaches it.
PRESSES_TO_DOKDO = 9

MARKERS_JS = """(_body, name) => { const out = [];
  map_div.eachLayer(l => { const c = (l.options || {}).className || "";
    if (l instanceof L.CircleMarker && c.split(" ").includes(name) && !c.includes("ended")) {
      const p = l.getLatLng(); out.push([p.lat, p.lng]); } });
  return out; }"""


def _present(page: Page, url: str, width: int = 1280, height: int = 720):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{url}/?mode=present")
    frame = page.frame_locator(MAP_IFRAME).last
    expect(frame.locator("path.pm-crossing").first).to_be_attached(timeout=60_000)
    expect(page.locator(CARD)).to_contain_text("Before the first report", timeout=30_000)
    expect(page.locator('html[data-pm-keys="page"]')).to_be_attached(timeout=30_000)  # the keys listen
    _idle(page)
    return frame


def _idle(page: Page) -> None:
    """Wait until the page's script has stopped running (a click while it runs may be dropped)."""
    page.wait_for_timeout(300)
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_be_attached(
        timeout=30_000)


def _on_screen(box: dict | None, width: int, height: int) -> bool:
    return (box is not None and box["width"] > 0 and box["x"] >= -0.5 and box["y"] >= -0.5
            and box["x"] + box["width"] <= width + 0.5 and box["y"] + box["height"] <= height + 0.5)


def _no_traceback(page: Page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.locator("body").inner_text()


def _dokdo_stop_is_where_the_test_says() -> None:
    """The slider's steps as the app makes them; the Dokdo entry is stop PRESSES_TO_DOKDO."""
    scenario = load_scenario(SCENARIO)
    report = find_crossings(scenario.tracks, airspace_zone_set(), 0.0)
    table = events_table(report.events, report.intervals, scenario.tracks, scenario.local_zone)
    entries = timeline(scenario)
    steps = time_steps(scenario.tracks, moments=playback_moments(table, report.intervals, entries))
    stops = event_stops(entries, steps)
    assert stops[PRESSES_TO_DOKDO - 1].id == "a50-dokdo-entry-1", [s.id for s in stops]


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_one_screen_holds_the_map_the_player_and_the_event_card(
    page: Page, streamlit_url: str, artifacts_dir: Path, width: int, height: int
) -> None:
    frame = _present(page, streamlit_url, width, height)
    page.keyboard.press("PageDown")
    card = page.locator(CARD)
    expect(card).to_contain_text("Entry · H-6K", timeout=20_000)
    expect(card).to_contain_text("06:44 KST")
    expect(card).to_contain_text("21:44 UTC")
    expect(card).to_contain_text("Sources:")
    page.wait_for_timeout(1500)
    on_screen = {
        "map": page.locator(MAP_IFRAME).last,
        "Play": page.get_by_role("button", name="▶ Play"),
        "time slider": page.locator(TIME_SLIDER).last,
        "card heading": card.locator("h3").first,
        "Next": page.get_by_role("button", name="Next ▶"),
        "scale bar": frame.locator(".leaflet-control-scale"),
        "legend": frame.locator(".pm-legend summary"),
        "full screen": frame.locator(".pm-fullscreen a"),
    }
    for name, locator in on_screen.items():
        assert _on_screen(locator.bounding_box(), width, height), f"{name} is not on the screen"
    # a long card (two reports in one minute) scrolls inside itself; Previous and Next stay
    for _ in range(PRESSES_TO_DOKDO - 1):
        page.keyboard.press("PageDown")
    expect(card).to_contain_text("Response · F-15K / KF-16", timeout=30_000)
    for name in ("◀ Previous", "Next ▶"):
        assert _on_screen(page.get_by_role("button", name=name).bounding_box(), width, height), name
    assert page.locator('[data-testid="stMain"]').evaluate("e => e.scrollHeight <= e.clientHeight + 1")
    # nothing to scroll to: the page is one screen, no sidebar
    assert page.locator('[data-testid="stMain"]').evaluate("e => e.scrollHeight <= e.clientHeight + 1")
    assert not page.locator('section[data-testid="stSidebar"]').is_visible()
    # large type on a projector: the card's text at least 16 px (20 px on a 1920-px screen)
    size = card.locator("p").nth(2).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= (20 if width >= 1600 else 16)
    map_box = page.locator(MAP_IFRAME).last.bounding_box()
    assert map_box is not None and map_box["height"] >= 0.8 * height
    page.screenshot(path=str(artifacts_dir / f"present-{width}x{height}.png"))
    _no_traceback(page)


def test_a_burst_of_clicker_presses_reaches_the_dokdo_entry_with_the_a50_on_its_marker(
    page: Page, streamlit_url: str
) -> None:
    _dokdo_stop_is_where_the_test_says()
    frame = _present(page, streamlit_url)
    for _ in range(PRESSES_TO_DOKDO):  # as fast as a hand can: none may be lost
        page.keyboard.press("PageDown")
    card = page.locator(CARD)
    expect(card).to_contain_text("Entry · A-50", timeout=30_000)
    expect(card).to_contain_text("09:09 KST")
    expect(card).to_contain_text("Response · F-15K / KF-16")  # the same minute, one card
    expect(page.locator(TIME_SLIDER).last).to_have_attribute("aria-valuetext", "23 Jul 09:09 KST · 23 Jul 00:09 UTC")
    page.wait_for_timeout(1500)
    aircraft = frame.locator("body").evaluate(MARKERS_JS, "pm-aircraft")
    entries = frame.locator("body").evaluate(MARKERS_JS, "pm-entry")
    nearest = min(distance_m(a[1], a[0], e[1], e[0]) for a in aircraft for e in entries)
    assert nearest <= 0.5 * NM_M, f"the A-50 is {nearest / NM_M:.2f} nm from the entry marker"
    # the map centred on the event, closer in
    assert frame.locator("body").evaluate("() => map_div.getZoom()") >= 7
    # PageUp goes back one reported moment
    page.keyboard.press("PageUp")
    expect(card).to_contain_text("Exit · H-6K", timeout=20_000)
    _no_traceback(page)


def test_predict_then_reveal_answers_from_the_engine(page: Page, streamlit_url: str) -> None:
    scenario = load_scenario(SCENARIO)
    report = find_crossings(scenario.tracks, airspace_zone_set(), 0.0)
    names = {t.track_id: display_name(t) for t in scenario.tracks}
    asked = questions(timeline(scenario), report.intervals, zone_facts(load_zones(resolution="display")),
                      names, scenario.local_zone)
    _present(page, streamlit_url)
    page.get_by_text("Ask before each event").click()
    card = page.locator(CARD)
    expect(page.get_by_role("switch")).to_be_checked()
    _idle(page)
    page.keyboard.press("PageDown")  # the first event asks first
    expect(card).to_contain_text("Whose ADIZ is this?", timeout=20_000)
    expect(card).not_to_contain_text("Declared by")
    expect(page.get_by_role("button", name="Answer ▶")).to_be_visible()
    page.keyboard.press("PageDown")  # the answer, from the tracks
    expect(card).to_contain_text(asked["h6k-entry-1"].answer, timeout=20_000)
    expect(card).to_contain_text("Entry · H-6K")
    # Play pauses before the next question
    page.keyboard.press("Space")
    expect(card).to_contain_text("Coming up:", timeout=60_000)
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible(timeout=10_000)
    _no_traceback(page)


def test_space_plays_and_pauses(page: Page, streamlit_url: str) -> None:
    _present(page, streamlit_url)
    slider = page.locator(TIME_SLIDER).last
    start = slider.get_attribute("aria-valuetext")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="▮▮ Pause")).to_be_visible(timeout=15_000)
    expect(slider).not_to_have_attribute("aria-valuetext", start, timeout=15_000)
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible(timeout=15_000)
    _no_traceback(page)


def test_full_screen_keeps_the_player_and_the_card(page: Page, streamlit_url: str) -> None:
    frame = _present(page, streamlit_url)
    frame.locator(".pm-fullscreen a").click()  # the map's own button: the whole page goes full screen
    page.wait_for_function("() => document.fullscreenElement === document.documentElement", polling=200, timeout=10_000)
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible()
    expect(page.locator(TIME_SLIDER).last).to_be_visible()
    expect(page.locator(CARD)).to_be_visible()
    page.evaluate("() => document.exitFullscreen()")
    page.wait_for_function("() => !document.fullscreenElement", polling=200, timeout=10_000)
    page.keyboard.press("f")  # the key does the same
    page.wait_for_function("() => document.fullscreenElement === document.documentElement", polling=200, timeout=10_000)
    _no_traceback(page)


def test_exit_presentation_brings_the_page_back(page: Page, streamlit_url: str) -> None:
    _present(page, streamlit_url)
    page.get_by_role("button", name="Exit presentation").click()
    expect(page.get_by_role("heading", name="Patrol Map: Sea of Japan (East Sea)")).to_be_visible(timeout=20_000)
    expect(page.locator('section[data-testid="stSidebar"]')).to_be_visible()
    assert "mode=present" not in page.url
    _no_traceback(page)
