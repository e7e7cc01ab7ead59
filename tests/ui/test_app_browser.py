"""The real app in headless Chromium: the map renders every layer, offline, from localhost only."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from layers.engine.crossings import find_crossings
from layers.scenarios.model import load_scenario
from layers.webmap.build import build_map
from layers.webmap.offline import standalone_html
from layers.webmap.text import is_disputed
from layers.zones.load import airspace_zone_set, load_boundaries, load_points, load_zones

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


def test_map_renders_every_layer_offline(page: Page, streamlit_url: str, artifacts_dir: Path) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(streamlit_url)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=45_000)
    expect(frame.locator("path.pm-land").first).to_be_attached(timeout=30_000)

    zones = load_zones(resolution="display")
    airspace = zones[zones["kind"] == "territorial-airspace"]
    expected = {
        "pm-land": int((zones["kind"] == "land").sum()) - 1,  # not land-US (Bering Sea): out of reach
        "pm-sea": int((zones["kind"] == "sea").sum()),
        "pm-airspace": sum(not is_disputed(zone) for _, zone in airspace.iterrows()),
        "pm-disputed": 1,
        "pm-adiz": 3,
        "pm-adiz-edge": len(load_boundaries()),
        "pm-point": len(load_points()),
    }
    counts = {name: frame.locator(f"path.{name}").count() for name in expected}
    assert counts == expected
    edges = load_boundaries()
    limit = edges["kind"].astype(str).str.startswith("truncation")
    assert frame.locator("path.pm-adiz-approx").count() == int(
        (edges["approximate"].astype(bool) & ~limit).sum()
    )
    assert frame.locator("path.pm-adiz-limit").count() == int(limit.sum())
    assert frame.locator("path.pm-graticule").count() > 10
    assert frame.locator(".pm-grat-label").count() >= 4
    overlays = frame.locator(".leaflet-control-layers-overlays")
    for name in ("KADIZ", "JADIZ", "CADIZ", "Dokdo / Takeshima", "Sea of Japan (East Sea)"):
        expect(overlays).to_contain_text(name)
    expect(frame.locator(".pm-legend")).to_contain_text("not a violation")
    expect(frame.locator(".leaflet-control-scale")).to_be_visible()
    expect(frame.locator(".pm-sea-label")).to_contain_text("Sea of Japan")
    assert frame.locator("body").evaluate("() => L.version") == "1.9.3"
    # Leaflet and its plugins come as one script (the bundle), loaded once
    scripts = [url for url in requests if url.endswith(".js") and "/app/static/" in url]
    assert [url.split("/app/static/")[1] for url in scripts] == ["bundle/patrol-map.js"]
    # the tabs under the map follow by themselves once the map is drawn
    expect(page.get_by_role("tab", name="Boundary crossings")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible(timeout=30_000)

    page.screenshot(path=str(artifacts_dir / "app.png"))
    assert errors == []
    assert page.locator('[data-testid="stException"]').count() == 0
    remote = [url for url in requests if not _is_local(url)]
    assert requests and remote == []


def test_toggling_a_layer_hides_it(page: Page, streamlit_url: str) -> None:
    page.goto(streamlit_url)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator("path.pm-disputed")).to_have_count(1, timeout=45_000)
    frame.locator(".leaflet-control-layers").hover()  # the layer list opens on hover
    frame.locator(".leaflet-control-layers-overlays label", has_text="Dokdo / Takeshima").locator(
        "input"
    ).uncheck()
    expect(frame.locator("path.pm-disputed")).to_have_count(0)


def test_standalone_map_with_tracks_and_crossings_renders_offline(
    page: Page, tmp_path: Path, artifacts_dir: Path
) -> None:
    """The self-contained HTML (Leaflet inlined) of the 2019 scenario with its flags, from file://."""
    scenario = load_scenario("2019-07-23")
    report = find_crossings(scenario.tracks, airspace_zone_set(), uncertainty_nm=5)
    events = report.events
    assert (events["certainty"] == "possible").any() and (events["certainty"] == "certain").any()
    fmap = build_map(
        load_zones(resolution="display"), load_points(), load_boundaries(), scenario.tracks, events
    )
    document = tmp_path / "map.html"
    document.write_text(standalone_html(fmap), encoding="utf-8")

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(document.as_uri())
    expect(page.locator("path.pm-track")).to_have_count(len(scenario.tracks), timeout=30_000)
    crossings = events[~events["event"].str.startswith("data-limit")]  # limits of data: no marker
    assert len(crossings) < len(events)
    assert page.locator("path.pm-crossing").count() == len(crossings)
    assert page.locator("path.pm-possible").count() == int((crossings["certainty"] == "possible").sum())
    assert page.locator("path.pm-entry").count() == int(crossings["event"].str.contains("entry").sum())
    assert page.locator("path.pm-fix").count() == sum(len(t) for t in scenario.tracks)
    assert page.locator(".pm-arrow").count() >= len(scenario.tracks)
    assert page.locator(".pm-time-label").count() >= len(scenario.tracks)
    expect(page.locator(".pm-banner")).to_contain_text("NOTIONAL")
    expect(page.locator(".pm-legend")).to_contain_text("Boundary crossings")
    expect(page.locator(".pm-legend details")).to_have_attribute("open", "")  # a wide map
    page.screenshot(path=str(artifacts_dir / "standalone-2019.png"))
    # on a narrow map the legend starts folded (it would cover a third of it); a click opens it
    page.set_viewport_size({"width": 800, "height": 600})
    page.reload()
    expect(page.locator("path.pm-track").first).to_be_attached(timeout=30_000)
    assert page.locator(".pm-legend details").get_attribute("open") is None
    page.locator(".pm-legend summary").click()
    expect(page.locator(".pm-legend details")).to_have_attribute("open", "")
    assert [url for url in requests if urlsplit(url).scheme not in {"file", "data"}] == []


def test_web_tiles_only_when_the_user_asks(page: Page, streamlit_url: str) -> None:
    page.goto(streamlit_url)
    frame = page.frame_locator(MAP_IFRAME)
    overlays = frame.locator(".leaflet-control-layers-overlays")
    expect(overlays).to_contain_text("KADIZ", timeout=45_000)
    expect(overlays).not_to_contain_text("OpenStreetMap")
    assert frame.locator("img.leaflet-tile").count() == 0
    page.get_by_text("Show OpenStreetMap tiles").click()
    frame = page.frame_locator(MAP_IFRAME).last  # the map is rebuilt with the tiles layer
    expect(frame.locator(".leaflet-control-layers-overlays")).to_contain_text(
        "OpenStreetMap tiles (online)", timeout=30_000
    )
    expect(frame.locator("img.leaflet-tile").first).to_be_attached()
    assert "tile.openstreetmap.org" in frame.locator("img.leaflet-tile").first.get_attribute("src")
