"""Every export of the 2024-07-24 (Bering Sea) patrol says SCHEMATIC where a notional track
says NOTIONAL, names the region in its title and shows local times in AKDT, never KST."""

from __future__ import annotations

import io
import json
import re
import zipfile
from functools import cache

import geopandas as gpd
import matplotlib.pyplot as plt
import shapely

from layers.engine.crossings import find_crossings
from layers.export import export
from layers.export.briefing import Briefing, scenario_briefing
from layers.export.png.render import render_figure
from layers.scenarios.model import load_scenario
from layers.style import NOTIONAL_CAVEAT, SCHEMATIC_CAVEAT
from layers.tracks.naming import caveat_word

TITLE = "Patrol Map: Bering Sea and North Pacific"


@cache
def _briefing() -> Briefing:
    return scenario_briefing("2024-07-24")


def test_briefing_knows_region_caveat_and_zone() -> None:
    briefing = _briefing()
    assert briefing.page_title == TITLE and briefing.local.tz == "America/Anchorage"
    assert briefing.caveat == SCHEMATIC_CAVEAT and briefing.caveat_words == ["SCHEMATIC"]
    assert "AKDT" in briefing.window_text and "illustrative" in briefing.window_text
    other = scenario_briefing("2019-07-23")
    assert other.caveat == NOTIONAL_CAVEAT and "illustrative" not in other.window_text
    assert other.page_title == "Patrol Map: Sea of Japan (East Sea)"


def test_png_says_schematic_names_the_region_and_no_hour_labels() -> None:
    fig = render_figure(_briefing())
    try:
        texts = [t.get_text() for t in fig.findobj(plt.Text)]
    finally:
        plt.close(fig)
    joined = "\n".join(texts)
    assert TITLE in joined and "AKDT" in joined and "KST" not in joined
    assert "SCHEMATIC" in joined and "NOTIONAL" not in joined
    assert "Tracks (SCHEMATIC: areas, not routes)" in texts
    assert not any(re.fullmatch(r"\d\dZ", t) for t in texts)  # no hourly "21Z" labels
    assert "Tu-95MS ×2 + H-6K ×2" in texts  # both pairs named on the one loop


def test_pptx_says_schematic() -> None:
    data = export(_briefing(), "pptx")
    with zipfile.ZipFile(io.BytesIO(data)) as deck:
        xml = "".join(deck.read(n).decode("utf-8") for n in deck.namelist() if n.endswith(".xml"))
    assert "SCHEMATIC: only the areas flown were published" in xml
    assert "NOTIONAL:" not in xml


def test_html_title_and_caveat() -> None:
    html = export(_briefing(), "html").decode("utf-8")
    assert f"<title>{TITLE}" in html and TITLE in html
    assert SCHEMATIC_CAVEAT in html and NOTIONAL_CAVEAT not in html
    assert "AKDT" in html and "KST" not in html


def test_kml_names_and_descriptions_say_schematic() -> None:
    kml = export(_briefing(), "kml").decode("utf-8")
    assert "<name>Tracks (SCHEMATIC)</name>" in kml
    assert kml.count(SCHEMATIC_CAVEAT) >= 3  # document and both tracks
    assert "fixes (SCHEMATIC)" in kml and "AK-1 · 24 Jul 2024 AKDT (SCHEMATIC)" in kml
    assert "KST" not in kml and NOTIONAL_CAVEAT not in kml


def test_geojson_properties_say_schematic() -> None:
    doc = json.loads(export(_briefing(), "geojson"))
    assert doc["title"] == TITLE and doc["region"] == "Bering Sea and North Pacific"
    assert doc["caveat"] == SCHEMATIC_CAVEAT and doc["time_zone"] == "America/Anchorage"
    tracks = [f["properties"] for f in doc["features"] if f["properties"]["layer"] == "track"]
    assert len(tracks) == 2
    assert all(p["schematic"] and p["caveat_word"] == "SCHEMATIC" and p["caveat"] == SCHEMATIC_CAVEAT
               for p in tracks)


def test_csv_rows_say_schematic() -> None:
    """The Bering Sea has no built-in zone: a box east of 180° gives the CSV rows to read."""
    tracks = load_scenario("2024-07-24").tracks
    zones = gpd.GeoDataFrame({"id": ["east-of-180"]}, geometry=[shapely.box(-177.5, 58.5, -175.5, 59.5)],
                             crs="EPSG:4326")
    report = find_crossings(tracks, zones)
    csv = report.to_csv().splitlines()
    header = csv[0].split(",")
    column = header.index("caveat")
    assert header[:6] == ["track_id", "zone_id", "event", "time", "lat", "lon"]
    assert len(csv) == 5 and all(row.split(",")[column] == "SCHEMATIC" for row in csv[1:])
    assert any("SCHEMATIC" in note for note in report.notes)
    assert caveat_word(load_scenario("2019-07-23").tracks[0]) == "NOTIONAL"
