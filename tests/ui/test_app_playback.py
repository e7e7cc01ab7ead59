"""The app in headless Chromium: the time slider moves the aircraft; uploads add tracks and
flags; a bad upload shows a message (no traceback); a hostile track name shows as text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from layers.engine.crossings import find_crossings
from layers.engine.table import events_table
from layers.geo.bounds import Bounds
from layers.scenarios.model import load_scenario
from layers.tracks.playback import time_label
from layers.zones.load import airspace_zone_set

pytestmark = pytest.mark.browser

DATA = Path(__file__).parents[1] / "data"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIME_SLIDER = '[aria-valuetext*="UTC"]'
UPLOAD_INPUT = '[data-testid="stFileUploader"] input[type=file]'
HOSTILE = "<img src=x onerror=alert(1)>"


def _map(page: Page):
    """The map's frame. While the map is rebuilt (new tracks), the old iframe stays until the
    new one is in place: the last one is the current map."""
    return page.frame_locator(MAP_IFRAME).last


def _open(page: Page, url: str):
    page.goto(url)
    frame = _map(page)
    expect(frame.locator("path.pm-crossing").first).to_be_attached(timeout=60_000)
    return frame


def _no_traceback(page: Page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.locator("body").inner_text()


def _choose_first_row(page: Page) -> tuple[Any, str]:
    """Click the first row of the events table; return that event and its slider label."""
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    scenario = load_scenario("2019-07-23")
    report = find_crossings(scenario.tracks, airspace_zone_set(), 0.0)
    first = events_table(report.events, report.intervals, scenario.tracks).iloc[0]
    page.mouse.click(box["x"] + 17, box["y"] + 35 + 17)  # the row-selection box of row 1
    return first, time_label(first["time"], scenario.local_zone)  # the crossing's exact time is a step


def test_moving_the_time_slider_moves_the_aircraft(page: Page, streamlit_url: str) -> None:
    frame = _open(page, streamlit_url)
    aircraft = frame.locator("path.pm-aircraft")
    expect(aircraft.first).to_be_attached()
    before = aircraft.first.get_attribute("d")
    labels_before = frame.locator(".pm-aircraft-label").count()
    slider = page.locator(TIME_SLIDER)
    time_before = slider.get_attribute("aria-valuetext")
    slider.focus()
    for _ in range(45):  # 45 steps of the slider: 90 minutes on the 2019 scenario
        page.keyboard.press("ArrowRight")
    expect(slider).not_to_have_attribute("aria-valuetext", time_before, timeout=15_000)
    expect(aircraft.first).not_to_have_attribute("d", before, timeout=30_000)
    # the path flown so far is drawn, and more aircraft are airborne by then
    expect(frame.locator("path.pm-flown").first).to_be_attached()
    assert frame.locator(".pm-aircraft-label").count() >= labels_before
    # the base map was not rebuilt: its layers are still there
    assert frame.locator("path.pm-land").count() > 0
    _no_traceback(page)


def test_upload_adds_a_track_and_its_flags(page: Page, streamlit_url: str) -> None:
    frame = _open(page, streamlit_url)
    crossings = frame.locator("path.pm-crossing").count()
    tracks = frame.locator("path.pm-track").count()
    page.locator(UPLOAD_INPUT).set_input_files(str(DATA / "tracks_good.csv"))
    expect(page.get_by_text("tracks_good.csv: 2 track(s)")).to_be_visible(timeout=30_000)
    expect(frame.locator("path.pm-track")).to_have_count(tracks + 2, timeout=30_000)
    # TU95-A crosses the Dokdo/Takeshima airspace: an entry and an exit (tests/data/READERS.md)
    expect(frame.locator("path.pm-crossing")).to_have_count(crossings + 2, timeout=30_000)
    expect(frame.locator(".leaflet-control-layers-overlays")).to_contain_text("Track: Tu-95MS ×2 (notional)")
    _no_traceback(page)


def test_a_bad_upload_shows_a_message_and_no_traceback(page: Page, streamlit_url: str) -> None:
    frame = _open(page, streamlit_url)
    page.locator(UPLOAD_INPUT).set_input_files(str(DATA / "bad_lat.csv"))
    alert = page.locator('[data-testid="stAlert"]', has_text="bad_lat.csv")
    expect(alert).to_contain_text("row 3", timeout=30_000)
    expect(alert).to_contain_text("field 'lat'")
    expect(alert).to_contain_text("lat 95.5 outside ±90")
    expect(frame.locator("path.pm-land").first).to_be_attached()  # the map is still there
    _no_traceback(page)


def test_a_hostile_track_name_shows_as_text(page: Page, streamlit_url: str, tmp_path: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        "track_id,time,lat,lon,aircraft\n"
        f'"{HOSTILE}",2019-07-23T00:00:00Z,37.3,131.5,"{HOSTILE}"\n'
        f'"{HOSTILE}",2019-07-23T00:20:00Z,37.1,132.2,"{HOSTILE}"\n',
        encoding="utf-8",
    )
    frame = _open(page, streamlit_url)
    page.locator(UPLOAD_INPUT).set_input_files(str(hostile))
    expect(page.locator('[data-testid="stAlert"]', has_text="hostile.csv")).to_contain_text(
        HOSTILE, timeout=30_000
    )
    overlays = frame.locator(".leaflet-control-layers-overlays")
    expect(overlays).to_contain_text(HOSTILE, timeout=30_000)  # shown as text in the layer list
    assert frame.locator("img[src=x]").count() == 0
    assert page.locator("img[src=x]").count() == 0
    frame.locator("path.pm-track").last.hover(force=True)
    page.wait_for_timeout(500)
    assert dialogs == []
    _no_traceback(page)


def test_map_tools_and_a_drawn_route(page: Page, streamlit_url: str) -> None:
    frame = _open(page, streamlit_url)
    for control in (".leaflet-control-measure", ".pm-fullscreen a",
                    ".leaflet-control-scale", ".leaflet-draw-draw-polyline"):
        expect(frame.locator(control).first).to_be_attached()
    box = page.locator(MAP_IFRAME).last.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.45)
    expect(frame.locator(".leaflet-control-mouseposition")).to_contain_text("°N", timeout=10_000)
    # draw a two-point route across the middle of the map; it becomes a track with its flags
    tracks = frame.locator("path.pm-track").count()
    frame.locator(".leaflet-draw-draw-polyline").click()
    y = box["y"] + box["height"] * 0.55
    page.mouse.click(box["x"] + box["width"] * 0.60, y)
    page.wait_for_timeout(300)
    page.mouse.click(box["x"] + box["width"] * 0.80, y)
    page.wait_for_timeout(300)
    page.mouse.click(box["x"] + box["width"] * 0.80, y)  # a click on the last point finishes
    expect(frame.locator("path.pm-track")).to_have_count(tracks + 1, timeout=45_000)
    expect(frame.locator(".leaflet-control-layers-overlays")).to_contain_text("Drawn route 1")
    # the route's box opens by itself, with its speed and start time
    expect(page.get_by_label("Ground speed (knots)")).to_have_value("450.00")
    _no_traceback(page)


def test_play_and_choosing_a_table_row(page: Page, streamlit_url: str) -> None:
    frame = _open(page, streamlit_url)
    slider = page.locator(TIME_SLIDER)
    start = slider.get_attribute("aria-valuetext")
    marker = frame.locator("path.pm-aircraft").first.get_attribute("d")
    page.get_by_role("button", name="▶ Play").click()
    expect(slider).not_to_have_attribute("aria-valuetext", start, timeout=15_000)
    expect(frame.locator("path.pm-aircraft").first).not_to_have_attribute("d", marker)
    page.get_by_role("button", name="▮▮ Pause").click()
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible(timeout=15_000)
    assert page.locator(MAP_IFRAME).count() == 1  # played without rebuilding the map
    # choose the first row of the events table: the map centres on it and zooms in
    before = frame.locator("body").evaluate("() => map_div.getZoom()")
    first, expected = _choose_first_row(page)
    expect(slider).to_have_attribute("aria-valuetext", expected, timeout=15_000)
    page.wait_for_function(
        "() => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
        ".contentWindow.map_div.getZoom() === 8", timeout=15_000,
    )
    centre = frame.locator("body").evaluate("() => map_div.getCenter()")
    assert before < 8
    assert centre["lat"] == pytest.approx(first["lat"], abs=0.01)  # one pixel at zoom 8
    assert centre["lng"] == pytest.approx(first["lon"], abs=0.01)
    _no_traceback(page)


def test_download_buttons_build_the_file_on_click(page: Page, streamlit_url: str) -> None:
    from layers.ui.downloads import briefing_file, view_caption

    _open(page, streamlit_url)
    page.get_by_text("Briefing exports").click()  # the box is built when opened
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Events (CSV)").click()
    assert download.value.suggested_filename == "patrol-2019-07-23.csv"
    data = Path(download.value.path()).read_bytes()
    assert data == briefing_file("Events (CSV)", "2019-07-23")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="PNG 16:9").click()
    fitted = Path(download.value.path()).read_bytes()
    assert fitted[:8] == b"\x89PNG\r\n\x1a\n"
    # The current map view, when asked: zoom the map on Dokdo/Takeshima, then export.
    frame = _map(page)
    frame.locator("body").evaluate("() => map_div.setView([37.24, 131.87], 8)")
    bounds = frame.locator("body").evaluate("() => JSON.parse(JSON.stringify(map_div.getBounds()))")
    view = Bounds.from_leaflet(bounds)
    assert view is not None
    page.get_by_text("Draw the current map view").click()
    expect(page.get_by_text(view_caption(view))).to_be_visible(timeout=20_000)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="PNG 16:9").click()
    zoomed = Path(download.value.path()).read_bytes()
    assert zoomed[:8] == b"\x89PNG\r\n\x1a\n" and zoomed != fitted
    _no_traceback(page)


AIRCRAFT_JS = """() => { const out = [];
  map_div.eachLayer(l => { const c = (l.options || {}).className || "";
    if (l instanceof L.CircleMarker && c.includes("pm-aircraft") && !c.includes("ended")) {
      const p = l.getLatLng(); out.push([p.lat, p.lng]); } });
  return out; }"""


def test_play_shows_the_a50_inside_dokdo_in_both_incursions(page: Page, streamlit_url: str) -> None:
    """Play stops at the deepest point of each brief incursion and says so; the A-50's marker is
    then inside the Dokdo / Takeshima 12-nm zone (the analysed polygon)."""
    import shapely

    from layers.scenarios.classroom import timeline
    from layers.ui import tabs as app_tabs

    zone = airspace_zone_set().zones.loc["airspace-dokdo"].geometry
    entries = timeline(load_scenario("2019-07-23"))
    before = next(i for i, e in enumerate(entries) if e.id == "a50-dokdo-entry-1") - 1
    frame = _open(page, streamlit_url)
    page.get_by_role("tab", name=app_tabs.TAB_LABELS[1]).click()
    for _ in range(before):
        page.get_by_role("button", name="Next ▶").click()
        page.wait_for_timeout(300)
    expect(page.get_by_text(f"Reported event {before + 1} of")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="Show this moment on the map").click()
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="▶ Play").click()
    for depth in ("4.4 nm deep", "6.7 nm deep"):
        caption = page.get_by_text(re.compile(f"A-50: inside Dokdo / Takeshima.*{depth}"))
        expect(caption).to_be_visible(timeout=60_000)
        positions = frame.locator("body").evaluate(AIRCRAFT_JS)
        assert any(zone.contains(shapely.Point(lon, lat)) for lat, lon in positions), positions
    page.get_by_role("button", name="▮▮ Pause").click()
    _no_traceback(page)


def test_tooltips_wrap_within_half_the_map(page: Page, streamlit_url: str) -> None:
    """A hover label is at most half as wide as the map, its text wrapped, at 1280x720."""
    page.set_viewport_size({"width": 1280, "height": 720})
    frame = _open(page, streamlit_url)
    marker = frame.locator("path.pm-crossing").nth(2)
    marker.hover(force=True)
    tip = frame.locator(".leaflet-tooltip").first
    expect(tip).to_be_visible(timeout=10_000)
    width = tip.evaluate("t => t.getBoundingClientRect().width")
    map_width = frame.locator("body").evaluate("() => map_div.getSize().x")
    assert 0 < width <= map_width / 2
    assert tip.evaluate("t => getComputedStyle(t).whiteSpace") == "normal"


def test_territorial_airspace_answers_hover_on_its_outline_only(page: Page, streamlit_url: str) -> None:
    """Over the middle of a state's territorial airspace (land and 12 nm) no hover label pops
    up; on its outline the label says whose airspace it is."""
    page.set_viewport_size({"width": 1280, "height": 720})
    frame = _open(page, streamlit_url)
    frame.locator("body").evaluate("() => map_div.setView([36.4, 127.8], 7)")  # South Korea
    page.wait_for_timeout(800)
    box = page.locator(MAP_IFRAME).last.bounding_box()
    assert box is not None
    inland = frame.locator("body").evaluate("() => map_div.latLngToContainerPoint([36.4, 127.8])")
    page.mouse.move(box["x"] + inland["x"], box["y"] + inland["y"])
    page.wait_for_timeout(600)
    tips = frame.locator(".leaflet-tooltip")
    assert tips.count() == 0, tips.all_inner_texts()
    # a point of an outline (a path's stroke) well inside the map's frame
    edge = frame.locator("body").evaluate("""() => {
        const w = innerWidth, h = innerHeight;
        for (const p of document.querySelectorAll("path.pm-airspace")) {
            const m = p.getScreenCTM(), n = p.getTotalLength();
            for (let i = 0; i < 400; i++) {
                const at = p.getPointAtLength(n * i / 400);
                const x = at.x * m.a + m.e, y = at.y * m.d + m.f;
                if (x > 0.3 * w && x < 0.7 * w && y > 0.3 * h && y < 0.7 * h) { return {x, y}; }
            }
        }
        return null; }""")
    assert edge is not None
    page.mouse.move(box["x"] + edge["x"], box["y"] + edge["y"])
    expect(frame.locator(".leaflet-tooltip").first).to_contain_text("territorial airspace", timeout=10_000)


def test_a_chosen_event_survives_an_uncertainty_change(page: Page, streamlit_url: str) -> None:
    frame = _open(page, streamlit_url)
    slider = page.locator(TIME_SLIDER)
    first, expected = _choose_first_row(page)
    expect(slider).to_have_attribute("aria-valuetext", expected, timeout=15_000)
    uncertainty = page.get_by_role("slider", name="Track uncertainty (nm)")
    uncertainty.focus()
    for _ in range(10):  # 5 nm: the table gains possible rows, row 1 is another event
        page.keyboard.press("ArrowRight")
    expect(uncertainty).to_have_attribute("aria-valuetext", "5.00", timeout=15_000)
    page.wait_for_timeout(3000)
    expect(slider).to_have_attribute("aria-valuetext", expected, timeout=15_000)
    centre = frame.locator("body").evaluate("() => map_div.getCenter()")
    assert centre["lat"] == pytest.approx(first["lat"], abs=0.05)
    assert centre["lng"] == pytest.approx(first["lon"], abs=0.05)
    _no_traceback(page)


def test_the_open_legend_never_covers_the_notional_banner(page: Page, streamlit_url: str) -> None:
    frame = _open(page, streamlit_url)  # 1400x900: the legend starts open
    legend = frame.locator(".pm-legend").bounding_box()
    banner = frame.locator(".pm-banner").first.bounding_box()
    assert legend is not None and banner is not None
    assert legend["y"] >= banner["y"] + banner["height"], (legend, banner)


def test_crossing_flags_are_listed_once_and_stay_off_across_an_uncertainty_change(
    page: Page, streamlit_url: str
) -> None:
    """The flags come with each run (not with the cached map), yet the layer list names them
    once, and switched off they stay off when a new uncertainty sends new flags."""
    frame = _open(page, streamlit_url)
    flags = frame.locator("path.pm-crossing")
    expect(flags.first).to_be_attached(timeout=30_000)
    labels = frame.locator(".leaflet-control-layers-overlays label", has_text="Boundary crossings")
    expect(labels).to_have_count(1)
    frame.locator(".leaflet-control-layers").hover()
    labels.locator("input").uncheck()
    expect(flags).to_have_count(0)
    uncertainty = page.get_by_role("slider", name="Track uncertainty (nm)")
    uncertainty.focus()
    for _ in range(10):  # 5 nm: new flags (possible ones among them) are sent
        page.keyboard.press("ArrowRight")
    expect(uncertainty).to_have_attribute("aria-valuetext", "5.00", timeout=15_000)
    page.wait_for_timeout(3000)
    expect(labels).to_have_count(1)
    expect(labels.locator("input")).not_to_be_checked()
    expect(flags).to_have_count(0)
    frame.locator(".leaflet-control-layers").hover()
    labels.locator("input").check()
    expect(frame.locator("path.pm-crossing.pm-possible").first).to_be_attached(timeout=10_000)
    _no_traceback(page)


def test_a_later_patrol_shows_its_tracks_and_reported_places(page: Page, streamlit_url: str) -> None:
    """30 Nov 2022: the notional tracks and every placed reported event are on the map (its
    tooltip says "Reported place (not a track)"), and "Show this moment" sets the slider to the
    event's exact time."""
    from layers.scenarios.classroom import timeline
    from layers.ui import tabs as app_tabs

    scenario = load_scenario("2022-11-30")
    placed = scenario.events_reported[scenario.events_reported["where"].notna()]
    _open(page, streamlit_url)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=30_000)
    page.get_by_label("Patrol").first.click()
    page.get_by_role("option", name=re.compile("^2022-11-30")).click()
    frame = _map(page)
    expect(frame.locator("path.pm-track")).to_have_count(len(scenario.tracks), timeout=45_000)
    places = frame.locator("path.pm-place")
    expect(places).to_have_count(len(placed), timeout=15_000)
    tips = frame.locator("body").evaluate("""() => { const out = [];
        map_div.eachLayer(l => { if (l.getTooltip && l.getTooltip()) out.push(String(l.getTooltip().getContent())); });
        return out.filter(t => t.includes("Reported place")); }""")
    for text in placed["place"]:  # each placed event's tooltip quotes its place as published
        assert text and any(text in tip for tip in tips), (text, tips)
    page.get_by_role("tab", name=app_tabs.TAB_LABELS[1]).click()
    first = timeline(scenario)[0]
    page.get_by_role("button", name="Show this moment on the map").click()
    expect(page.locator(TIME_SLIDER)).to_have_attribute(
        "aria-valuetext", time_label(first.time, scenario.local_zone), timeout=15_000)
    _no_traceback(page)
