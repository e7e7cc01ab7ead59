"""The 2024-07-24 (Bering Sea) patrol in headless Chromium: chosen in the sidebar, the page
is titled with its region, the map shows the SCHEMATIC banner and the schematic line style,
no clock-time labels, and local times in AKDT. Saves a 1280x720 screenshot."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from layers.style import SCHEMATIC_CAVEAT

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TITLE = "Patrol Map: Bering Sea and North Pacific"


def test_alaska_patrol_is_schematic_and_titled_by_its_region(page: Page, streamlit_url: str, artifacts_dir) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(streamlit_url)
    expect(page.get_by_role("heading", name="Patrol Map: Sea of Japan (East Sea)")).to_be_visible(timeout=60_000)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Patrol").click()
    page.get_by_role("option", name=re.compile(r"^2024-07-24")).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible(timeout=60_000)
    expect(page).to_have_title(TITLE, timeout=20_000)
    frame = page.frame_locator(MAP_IFRAME).last
    banner = frame.locator(".pm-banner")
    expect(banner).to_have_text(SCHEMATIC_CAVEAT, timeout=60_000)
    expect(frame.locator("path.pm-schematic").first).to_be_attached()
    expect(frame.locator("path.pm-schematic-band").first).to_be_attached()
    assert frame.locator("path.pm-schematic").count() == 2  # both aircraft pairs drawn
    labels = frame.locator(".pm-time-label")
    expect(labels).to_have_count(1)
    expect(labels.first).to_contain_text("24 Jul 2024 AKDT")
    assert not re.search(r"\d\d:\d\d", labels.first.inner_text())
    expect(page.locator('[aria-valuetext*="AKDT"]')).to_be_attached()  # the time slider
    assert page.locator('[data-testid="stException"]').count() == 0
    page.wait_for_timeout(1500)  # let the tiles-free map settle before the picture
    page.screenshot(path=str(artifacts_dir / "2024-07-24-app.png"))
