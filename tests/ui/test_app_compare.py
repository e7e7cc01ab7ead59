"""The "Compare patrols" tab in headless Chromium: choose 2019-07-23 and 2024-07-24, see both
patrols' tracks on the overlay map in their own colours and the table, download the CSV, and
save screenshots at 1280x720 and 1920x1080 (out/screenshots/compare-*.png)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from layers.scenarios.compare import compare
from layers.ui import tabs as app_tabs
from layers.webmap.compare import patrol_colour

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
IDS = ("2019-07-23", "2024-07-24")


def test_compare_two_patrols_map_table_and_csv(page: Page, streamlit_url: str, artifacts_dir: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(streamlit_url)
    expect(page.frame_locator(MAP_IFRAME).first.locator("path.pm-crossing").first).to_be_attached(timeout=60_000)
    page.get_by_role("tab", name=app_tabs.TAB_LABELS[3]).click()
    chooser = page.locator('[data-testid="stMultiSelect"]')
    expect(chooser).to_be_visible(timeout=30_000)
    expect(chooser).to_contain_text("2019-07-23")  # the scenario on the page, chosen at first
    chooser.locator("input").click()
    page.keyboard.type("2024-07-24")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(chooser).to_contain_text("2024-07-24", timeout=15_000)

    overlay = page.frame_locator(MAP_IFRAME).last
    tracks = overlay.locator("path.pm-compare-track")
    expected = compare(list(IDS), "absolute")
    n_tracks = sum(len(s.tracks) for s in expected.scenarios)
    expect(tracks).to_have_count(n_tracks, timeout=60_000)
    strokes = {tracks.nth(i).get_attribute("stroke") for i in range(n_tracks)}
    assert strokes == {patrol_colour(0), patrol_colour(1)}  # one colour per patrol
    layers = overlay.locator(".leaflet-control-layers-overlays").inner_text()
    assert "Patrol 2019-07-23" in layers and "Patrol 2024-07-24" in layers

    table = page.locator('[data-testid="stDataFrame"]').last
    table.scroll_into_view_if_needed()
    expect(table).to_be_visible(timeout=30_000)
    for scenario_id in IDS:
        # the grid is drawn on a canvas; its accessible copy has one cell per value
        expect(table.locator("td").filter(has_text=re.compile(f"^{scenario_id}$"))).to_have_count(1)

    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download table (CSV)").click()
    assert download.value.suggested_filename == "patrols-2019-07-23_2024-07-24-absolute.csv"
    assert Path(download.value.path()).read_text(encoding="utf-8") == expected.to_csv()

    # aligned on the first KADIZ entry: a fix's tooltip gives T±hh:mm, the local time and UTC
    page.get_by_text("First KADIZ entry", exact=True).click()
    overlay = page.frame_locator(MAP_IFRAME).last
    expect(overlay.locator("path.pm-compare-moment")).to_have_count(1, timeout=60_000)  # 2024: no entry
    page.locator(MAP_IFRAME).last.evaluate("e => e.scrollIntoView({block: 'center'})")
    fix = overlay.locator("path.pm-compare-fix").nth(3)
    expect(fix).not_to_have_attribute("d", "M0 0", timeout=15_000)  # drawn once the map has its view
    fix.hover(force=True)
    tip = overlay.locator(".leaflet-tooltip").first
    expect(tip).to_contain_text(re.compile(r"T[+−]\d\d:\d\d · \d\d \w{3} 2019 \d\d:\d\d KST · .* UTC"),
                                timeout=10_000)
    for size in ({"width": 1280, "height": 720}, {"width": 1920, "height": 1080}):
        page.set_viewport_size(size)
        page.wait_for_timeout(1500)
        page.locator(MAP_IFRAME).last.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(500)
        page.screenshot(path=artifacts_dir / f"compare-{size['width']}x{size['height']}.png")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.locator("body").inner_text()
