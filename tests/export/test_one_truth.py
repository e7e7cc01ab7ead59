"""One truth on every surface: each event's minute, time zone, aircraft name and the notional
flag are computed once (layers.timefmt, layers.tracks.naming) and every surface says the same.

The 2019 reconstruction places the A-50's Dokdo / Takeshima crossings a fraction of a second
before the reported minutes (09:09, 09:12, 09:33, 09:37 KST) and the Tu-95MS KADIZ exit before
13:38 KST; a surface that truncates shows a minute early.
"""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest
from lxml import etree
from pptx import Presentation

from layers.engine.table import events_table as app_table
from layers.export import build_briefing, export, scenario_briefing
from layers.export.png.render import render_figure
from layers.export.table import events_table as slide_table
from layers.paths import PROJECT_DIR
from layers.readers import read_tracks
from layers.scenarios.model import load_scenario
from layers.style import NOTIONAL_CAVEAT
from layers.timefmt import LocalZone, clock
from layers.webmap.build import build_map
from layers.webmap.features import render_html
from layers.webmap.tracks import crossing_tooltip
from layers.zones.load import load_boundaries, load_points, load_zones

DOKDO_MINUTES = ["09:09", "09:12", "09:33", "09:37"]
TU95_KADIZ_EXIT = "13:38"
RECORDED = PROJECT_DIR / "tests" / "data" / "tracks.gpx"  # a recorded GPX track
RECORDED_CSV = PROJECT_DIR / "tests" / "data" / "extras.csv"


@pytest.fixture(scope="module")
def briefing():
    return scenario_briefing("2019-07-23")


@pytest.fixture(scope="module")
def events(briefing) -> pd.DataFrame:
    return briefing.report.events


def _dokdo(events: pd.DataFrame) -> pd.DataFrame:
    return events[(events["track_id"] == "2019-07-23/A-50") & (events["zone_id"] == "airspace-dokdo")]


def test_the_engine_places_them_just_before_the_minute(events) -> None:
    """The premise: truncating would give 09:08, 09:11, 09:32, 09:36."""
    times = pd.to_datetime(_dokdo(events)["time"], utc=True)
    assert [f"{t.tz_convert('Asia/Seoul'):%H:%M}" for t in times] == ["09:08", "09:11", "09:32", "09:36"]
    assert [clock(t, zone=LocalZone()) for t in times] == [f"{m} KST" for m in DOKDO_MINUTES]


def test_app_table_and_map_tooltips_say_the_same_minute(briefing, events) -> None:
    scenario = load_scenario("2019-07-23")
    table = app_table(events, briefing.report.intervals, scenario.tracks, scenario.local_zone)
    dokdo = table[(table["Track"] == "2019-07-23/A-50") & (table["zone_id"] == "airspace-dokdo")]
    assert [t[7:12] for t in dokdo["Time (KST)"]] == DOKDO_MINUTES  # "23 Jul 09:09:00"
    labels = {t.track_id: "A-50" for t in scenario.tracks}
    tips = [crossing_tooltip(e, labels, scenario.local_zone) for _, e in _dokdo(events).iterrows()]
    for tip, minute, shown in zip(tips, DOKDO_MINUTES, dokdo["Time (KST)"], strict=True):
        assert f"23 Jul {minute}:00 KST" in tip and shown[7:] in tip
    fmap = build_map(load_zones(resolution="display"), load_points(), load_boundaries(), scenario.tracks,
                     events, local=scenario.local_zone)
    html = render_html(fmap)
    for minute in DOKDO_MINUTES:
        assert f"23 Jul {minute}:00 KST" in html


def test_kml_names_and_descriptions_say_the_same_minute(briefing) -> None:
    root = etree.fromstring(export(briefing, "kml"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    names = [n.text for n in root.iterfind(".//k:Folder[k:name='Boundary crossings']/k:Placemark/k:name", ns)]
    dokdo = [n for n in names if n.startswith("A-50") and "Dokdo" in n]
    assert [n[-9:-4] for n in dokdo] == DOKDO_MINUTES
    assert any(n.startswith("Tu-95MS ×2: Exit, Korea ADIZ") and n.endswith(f"{TU95_KADIZ_EXIT} KST") for n in names)
    descriptions = [d.text or "" for d in root.iterfind(".//k:Folder[k:name='Boundary crossings']//k:description", ns)]
    assert descriptions and all(not re.search(r"\d\.\d{5,}", d) for d in descriptions), "raw float dump"
    assert any("23 Jul 09:09:00 KST · 23 Jul 00:09:00 UTC" in d for d in descriptions)


def test_png_slide_and_html_say_the_same_minute(briefing) -> None:
    fig = render_figure(briefing)
    texts = [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text"))]
    inset = [t for t in texts if re.match(r"^\d\d:\d\d (possible )?(entry|exit)$", t)]
    assert sorted(t[:5] for t in inset) == DOKDO_MINUTES  # the Dokdo detail inset, local time
    assert "09:08" not in " ".join(inset)
    rows = slide_table(briefing)
    a50 = rows[(rows["Aircraft"] == "A-50") & rows["Zone"].str.startswith("Dokdo")]
    assert list(a50["KST"]) == DOKDO_MINUTES
    tu95 = rows[(rows["Aircraft"] == "Tu-95MS ×2") & (rows["Zone"] == "KADIZ") & (rows["Event"] == "Exit")]
    assert TU95_KADIZ_EXIT in list(tu95["KST"])
    deck = Presentation(io.BytesIO(export(briefing, "pptx")))
    cells = [c.text for s in deck.slides for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells]
    for minute in DOKDO_MINUTES:
        assert minute in cells
    html = export(briefing, "html").decode()
    for minute in DOKDO_MINUTES:
        assert f"<td>{minute}</td>" in html


def test_one_display_name_everywhere(briefing) -> None:
    scenario = load_scenario("2019-07-23")
    table = app_table(briefing.report.events, briefing.report.intervals, scenario.tracks)
    assert set(table["Aircraft"]) == {"H-6K ×2", "Tu-95MS ×2", "A-50"}
    assert set(slide_table(briefing)["Aircraft"]) == {"H-6K ×2", "Tu-95MS ×2", "A-50"}
    geojson = pd.json_normalize(__import__("json").loads(export(briefing, "geojson"))["features"])
    tracks = geojson[geojson["properties.layer"] == "track"]
    assert set(tracks["properties.label"]) == {"H-6K ×2", "Tu-95MS ×2", "A-50"}


def test_a_scenario_uses_its_own_time_zone() -> None:
    alaska = scenario_briefing("2024-07-24")
    assert alaska.local.tz == "America/Anchorage"
    assert "AKDT" in alaska.window_text and "KST" not in alaska.window_text
    kml = export(alaska, "kml").decode()
    assert "AKDT" in kml and " KST" not in kml
    fig = render_figure(alaska)
    texts = " ".join(t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text")))
    assert "AKDT" in texts and "KST" not in texts
    scenario = load_scenario("2024-07-24")
    fmap = build_map(load_zones(resolution="display"), tracks=scenario.tracks, local=scenario.local_zone)
    html = render_html(fmap)
    assert "AKDT" in html and " KST" not in html


def test_recorded_tracks_are_never_labelled_notional(tmp_path, cli) -> None:
    tracks = read_tracks(RECORDED) + read_tracks(RECORDED_CSV)
    assert tracks and not any(t.meta.get("notional") for t in tracks)
    briefing = build_briefing(tracks, title="Recorded")
    assert not briefing.notional
    geojson = __import__("json").loads(export(briefing, "geojson"))
    assert all(f["properties"].get("notional") is False for f in geojson["features"]
               if f["properties"].get("layer") == "track")
    assert geojson["caveat"] is None
    kml = export(briefing, "kml").decode()
    assert "NOTIONAL" not in kml and "recorded track (not notional)" in kml
    fig = render_figure(briefing)
    texts = " ".join(t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text")))
    assert "NOTIONAL" not in texts and "Tracks (recorded)" in texts
    html = render_html(build_map(load_zones(resolution="display"), tracks=tracks))
    assert NOTIONAL_CAVEAT not in html and "(notional)" not in html
    out = tmp_path / "recorded.kml"
    result = cli("export", "--tracks", str(RECORDED), "--format", "kml", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "NOTIONAL" not in out.read_text()
    csv = cli("crossings", str(RECORDED_CSV), cwd=PROJECT_DIR).stdout
    assert "True" not in {row.split(",")[-1] for row in csv.splitlines()[1:]}  # notional column


def test_a_notional_file_is_notional(tmp_path) -> None:
    """The rule reads the data: a file that marks its track notional is shown as notional."""
    path = tmp_path / "sketch.csv"
    path.write_text("track_id,time,lat,lon,notional\nS,2019-07-23T00:00Z,37,131,true\nS,2019-07-23T00:10Z,37.2,131.5,true\n")
    briefing = build_briefing(read_tracks(path), title="Sketch")
    assert briefing.notional
    with zipfile.ZipFile(io.BytesIO(export(briefing, "pptx"))) as deck:
        slide = deck.read("ppt/slides/slide1.xml").decode()
    assert "NOTIONAL" in slide


def test_app_downloads_and_the_html_map_use_the_scenarios_zone() -> None:
    from layers.ui.downloads import app_briefing

    alaska = app_briefing("2024-07-24")
    assert alaska.local.tz == "America/Anchorage" and "AKDT" in alaska.window_text
    html = export(alaska, "html").decode()
    assert "AKDT" in html and " KST" not in html  # header and every tooltip


def test_user_zone_files_keep_the_built_in_edge_flags(cli) -> None:
    """The crossings CSV contract: a zone file with built-in ids gets the built-in approximate
    segments and limits of drawn data, as before the engine stopped reading geodata itself."""
    own = cli("crossings", "--scenario", "2019-07-23", "--zones", "geodata/adiz.geojson", cwd=PROJECT_DIR).stdout
    builtin = cli("crossings", "--scenario", "2019-07-23", cwd=PROJECT_DIR).stdout
    adiz_rows = [row for row in builtin.splitlines()[1:] if ",adiz-" in row]
    assert sorted(own.splitlines()[1:]) == sorted(adiz_rows)
    assert "data-limit-entry" in own and ",approximate," in own
