"""Briefing exports: each test writes a file and opens it again with an independent reader."""

from __future__ import annotations

import functools
import io
import re
import warnings
import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation

from layers.export import build_briefing, export, scenario_briefing
from layers.export.kml import GX_NS, KML_NS
from layers.export.png.page import parse_size
from layers.export.png.projection import MapView
from layers.geo import geodesy
from layers.paths import PROJECT_DIR
from layers.style import NOTIONAL_CAVEAT
from layers.tracks.track import Track
from layers.webmap.offline import fetched_remote_urls

KST = "Asia/Seoul"  # the 2019 scenario's time zone

SCENARIO = "2019-07-23"
SMALL = "640x360"


@pytest.fixture
def run_cli(cli):
    """``run_cli(*args)``: ``python -m layers *args`` from the project directory (in-process)."""
    return functools.partial(cli, cwd=PROJECT_DIR)


@pytest.fixture(scope="module")
def briefing():
    """The 2019 scenario, whole, against the built-in zones (crossings computed once)."""
    return scenario_briefing(SCENARIO)


@pytest.fixture(scope="module")
def small_briefing():
    """A hand-made notional track past Dokdo/Takeshima, with a banner, in a small view."""
    track = Track.from_arrays(
        "test/A-50",
        ["2019-07-23T00:00Z", "2019-07-23T00:20Z", "2019-07-23T00:40Z"],
        lat=[37.60, 37.05, 37.45], lon=[132.40, 131.95, 131.70],
        meta={"aircraft": "A-50", "count": 1, "state": "RU", "notional": True},
    )
    return build_briefing([track], title="Test: one track past Dokdo / Takeshima",
                          bounds=(129.0, 35.5, 134.0, 38.8), banner="Training only")


def png_size(data: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(data))
    image.load()  # decodes every pixel: a truncated file fails here
    return image.size


# ---------------------------------------------------------------- PNG

def test_png_small_decodes_at_the_asked_size(small_briefing) -> None:
    assert png_size(export(small_briefing, "png", size=SMALL)) == (640, 360)


def test_png_a4_landscape_is_3508_by_2480_at_300_dpi(briefing) -> None:
    data = export(briefing, "png", size="a4")
    image = Image.open(io.BytesIO(data))
    assert png_size(data) == (3508, 2480)
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_png_cli_full_hd_with_banner_top_and_bottom(run_cli, tmp_path) -> None:
    out = tmp_path / "briefing.png"
    result = run_cli("export", "--scenario", SCENARIO, "--format", "png", "--size", "1920x1080",
                     "--banner", "Unclassified // training", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert png_size(out.read_bytes()) == (1920, 1080)
    pixels = np.asarray(Image.open(out).convert("L"))
    # The banner is a dark band across the top and the bottom rows; the page is white elsewhere.
    assert pixels[:8, 5].max() < 80 and pixels[-8:, 5].max() < 80
    assert pixels[60, 5] > 200


def test_png_draws_notional_labels_cjk_names_and_caveat(small_briefing) -> None:
    from matplotlib import font_manager

    from layers.export.png.render import render_figure

    assert any("Noto Sans CJK" in f.name for f in font_manager.fontManager.ttflist), (
        "Korean/Japanese names need the Debian package fonts-noto-cjk")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = render_figure(small_briefing, SMALL)
        figure.canvas.draw()
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert "NOTIONAL" in texts  # along the track
    assert any(NOTIONAL_CAVEAT in t.replace("\n", " ") for t in texts)  # in the caption
    assert any("독도" in t and "竹島" in t for t in texts)  # Dokdo / Takeshima in both scripts
    assert any("UTC" in t and "KST" in t for t in texts)  # subtitle: window in UTC and KST


def test_png_detail_inset_labels_the_dokdo_crossings_in_kst(briefing) -> None:
    from layers.export.png.render import render_figure

    figure = render_figure(briefing, "1280x720")
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert any(t.startswith("Detail: Dokdo / Takeshima") for t in texts)
    dokdo = briefing.report.events.query("zone_id == 'airspace-dokdo'")
    assert len(dokdo) >= 4
    for _, event in dokdo.iterrows():
        kst = pd.Timestamp(event["time"]).tz_convert(KST).round("min")
        assert f"{kst:%H:%M} {event['event']}" in texts


def test_png_shows_names_from_files_as_written() -> None:
    odd = "$x^{$ <b>&amp; A-50"  # broken mathtext and markup: plain text on the map
    track = Track.from_arrays(
        "own/1", ["2019-07-23T00:00Z", "2019-07-23T00:30Z"], lat=[36.5, 37.5],
        lon=[130.5, 131.0], meta={"aircraft": odd, "state": "RU", "notional": True},
    )
    briefing = build_briefing([track], title=odd, banner=odd)
    from layers.export.png.render import render_figure

    figure = render_figure(briefing, SMALL)
    figure.canvas.draw()
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert odd in texts and odd.upper() in texts


def test_kml_and_pptx_take_names_with_quotes_and_control_characters() -> None:
    odd = "A-50 'x\"\x07"
    track = Track.from_arrays(
        "own/'1'", ["2019-07-23T00:00Z", "2019-07-23T00:30Z"], lat=[36.5, 37.5],
        lon=[130.5, 131.0], meta={"aircraft": odd, "state": "R'U", "notional": True},
    )
    briefing = build_briefing([track], title=odd)
    root = etree.fromstring(export(briefing, "kml"))
    assert root.find(f".//{{{KML_NS}}}Placemark[@id=\"own/'1'\"]") is not None
    deck = Presentation(io.BytesIO(export(briefing, "pptx", size=SMALL)))
    assert deck.slides[0].shapes


def test_view_projection_scale_bar_and_north() -> None:
    view = MapView((124.0, 30.0, 136.0, 42.0), aspect=16 / 9)
    assert "+proj=lcc" in view.proj4 and "+lon_0=130.0000" in view.proj4
    assert "+lat_1=32.0000" in view.proj4 and "+lat_2=40.0000" in view.proj4
    lon0, lat0 = view.centre
    assert view.north_angle(*[float(v[0]) for v in view.project([lon0], [lat0])]) == \
        pytest.approx(0, abs=1e-6)
    # The scale bar uses 1/k ground metres per map metre: check it against a geodesic.
    x, y = view.project(np.array([lon0 - 0.5, lon0 + 0.5]), np.array([lat0, lat0]))
    ground = geodesy.distance_m(lon0 - 0.5, lat0, lon0 + 0.5, lat0)[0]
    assert np.hypot(np.diff(x), np.diff(y))[0] / view.scale_factor() == \
        pytest.approx(ground, rel=2e-4)
    # Away from the central meridian true north leans towards it (meridian convergence).
    assert view.north_angle(*[float(v[0]) for v in view.project([135.0], [40.0])]) < -0.05


def test_png_of_a_track_across_the_antimeridian(tmp_path) -> None:
    track = Track.from_arrays(
        "test/Tu-95MS", ["2024-07-24T20:00Z", "2024-07-24T22:00Z", "2024-07-25T00:00Z"],
        lat=[60.0, 57.0, 55.0], lon=[170.0, 179.5, -168.0],
        meta={"aircraft": "Tu-95MS", "count": 2, "state": "RU", "notional": True},
    )
    briefing = build_briefing([track], title="Across the antimeridian")
    west, _, east, _ = briefing.bounds
    assert west > 160 and east < -160  # the view wraps: no map of the whole world
    from layers.export.png.render import render_figure

    figure = render_figure(briefing, SMALL)
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert "180°" in texts and "175°W" in texts and "NOTIONAL" in texts
    assert not any("KADIZ" in t for t in texts)  # nothing out of view in the legend
    assert png_size(export(briefing, "png", size=SMALL)) == (640, 360)


@pytest.mark.parametrize("text", ["1920 by 1080", "10x10", "5000x100"])
def test_bad_sizes_are_refused(text: str) -> None:
    with pytest.raises(Exception, match="size"):
        parse_size(text)


# ---------------------------------------------------------------- HTML

def test_html_is_standalone_and_fetches_nothing(briefing, tmp_path) -> None:
    html = export(briefing, "html").decode("utf-8")
    fetched = re.findall(r"""(?:src|href)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]*)""", html, re.I)
    assert fetched == []
    assert re.findall(r"""url\(\s*["']?(?:https?:)?//""", html, re.I) == []
    assert "/app/static/" not in html
    assert fetched_remote_urls(html) == []
    assert "data:text/javascript;base64," in html  # Leaflet inlined
    assert briefing.title in html and "2019-07-23/A-50" in html


@pytest.mark.browser
def test_html_opens_from_a_file_with_the_network_cut(briefing, tmp_path, page) -> None:
    path = tmp_path / "briefing.html"
    path.write_bytes(export(briefing, "html"))
    requested: list[str] = []
    page.route("**/*", lambda route: (requested.append(route.request.url), route.abort())
               if not route.request.url.startswith(("file:", "data:")) else route.continue_())
    page.goto(path.as_uri())
    page.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length > 20",
                           timeout=30_000)
    assert page.evaluate("L.version") == "1.9.3"
    assert requested == []
    assert briefing.title in page.inner_text(".pm-export-title")
    page.click(".pm-export-events summary")
    rows = page.locator(".pm-export-events tr")
    assert rows.count() == len(briefing.report.events) + 1
    page.screenshot(path=str(tmp_path / "html.png"))


def test_html_banner_is_escaped(small_briefing) -> None:
    from dataclasses import replace

    html = export(replace(small_briefing, banner="<img src=x onerror=alert(1)>"), "html").decode()
    assert "<img src=x" not in html and "&lt;IMG SRC=X" in html


# ---------------------------------------------------------------- KML

def test_kml_tracks_play_in_time_and_events_are_timestamped(briefing) -> None:
    root = etree.fromstring(export(briefing, "kml"))
    ns = {"k": KML_NS, "gx": GX_NS}
    for track in briefing.tracks:
        placemark = root.find(f".//k:Placemark[@id='{track.track_id}']", ns)
        assert placemark is not None, track.track_id
        gx_track = placemark.find("gx:Track", ns)
        whens = pd.to_datetime([w.text for w in gx_track.findall("k:when", ns)], utc=True,
                               format="ISO8601")
        coords = gx_track.findall("gx:coord", ns)
        assert len(whens) == len(coords) > len(track)
        assert whens.is_monotonic_increasing and whens.is_unique
        assert whens[0] == track.start and whens[-1] == track.end
        assert "NOTIONAL" in placemark.find("k:description", ns).text
    events = briefing.report.events
    stamps = root.xpath("//k:Folder[k:name='Boundary crossings']/k:Placemark/k:TimeSpan/k:begin",
                        namespaces=ns)
    assert len(events) > 10 and len(stamps) == len(events)
    assert sorted(pd.to_datetime([s.text for s in stamps], utc=True, format="ISO8601")) == \
        sorted(pd.to_datetime(events["time"], utc=True).dt.floor("ms"))
    zone_ids = {p.get("id") for p in root.iterfind(".//k:Placemark", ns)}
    assert {"adiz-KR", "adiz-JP", "adiz-CN", "airspace-dokdo"} <= zone_ids
    styles = {s.get("id") for s in root.iterfind(".//k:Style", ns)}
    assert "zone-airspace-dokdo" in styles


def test_kml_reads_back_as_the_same_tracks(briefing, tmp_path) -> None:
    from layers.readers import read_tracks

    path = tmp_path / "briefing.kml"
    path.write_bytes(export(briefing, "kml"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zone polygons are skipped, with a warning
        tracks = {t.track_id: t for t in read_tracks(path)}
    assert set(tracks) == {t.track_id for t in briefing.tracks}
    for track in briefing.tracks:
        dense = track.densify(10_000)
        back = tracks[track.track_id]
        assert list(back.data.index) == list(dense.data.index.floor("ms"))
        assert np.allclose(back.lat, dense.lat, atol=1e-6)
        assert np.allclose(back.lon, dense.lon, atol=1e-6)


# ---------------------------------------------------------------- GeoJSON

def test_geojson_round_trips_through_geopandas(briefing, tmp_path) -> None:
    path = tmp_path / "briefing.geojson"
    path.write_bytes(export(briefing, "geojson"))
    frame = gpd.read_file(path)
    assert frame.crs.to_epsg() == 4326
    layers = frame["layer"].value_counts()
    assert layers["track"] == len(briefing.tracks)
    assert layers["fix"] == sum(len(t) for t in briefing.tracks)
    assert layers["event"] == len(briefing.report.events)
    zones = frame[frame["layer"] == "zone"]
    assert {"adiz-KR", "airspace-dokdo", "land-KR", "sea-japan"} <= set(zones["id"])
    for track in briefing.tracks:
        drawn = frame[(frame["layer"] == "track") & (frame["track_id"] == track.track_id)]
        assert drawn.geometry.iloc[0].equals_exact(track.to_geometry(), 1e-9)
    events = frame[frame["layer"] == "event"].sort_values(["track_id", "time"])
    expected = briefing.report.events.sort_values(["track_id", "time"])
    assert list(pd.to_datetime(events["time"], utc=True)) == \
        list(pd.to_datetime(expected["time"], utc=True).dt.floor("ms"))
    assert np.allclose(events.geometry.y, expected["lat"], atol=1e-9)


# ---------------------------------------------------------------- CSV

def test_csv_equals_the_crossings_command(run_cli, tmp_path) -> None:
    out = tmp_path / "events.csv"
    result = run_cli("export", "--scenario", SCENARIO, "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    crossings = run_cli("crossings", "--scenario", SCENARIO)
    assert crossings.returncode == 0, crossings.stderr
    assert out.read_text(encoding="utf-8") == crossings.stdout
    assert out.read_text().startswith("track_id,zone_id,event,time,lat,lon")


def test_time_window_cuts_tracks_and_events(briefing) -> None:
    start, end = "2019-07-23T00:00Z", "2019-07-23T01:00Z"
    window = scenario_briefing(SCENARIO, start=start, end=end, report=briefing.report)
    assert all(t.start >= pd.Timestamp(start) and t.end <= pd.Timestamp(end)
               for t in window.tracks)
    times = pd.to_datetime(window.report.events["time"], utc=True)
    assert len(times) and times.between(pd.Timestamp(start), pd.Timestamp(end)).all()
    csv = pd.read_csv(io.StringIO(export(window, "csv").decode()))
    assert len(csv) == len(times) < len(briefing.report.events)
    assert "00:00–01:00 UTC" in window.window_text and "09:00–10:00 KST" in window.window_text


# ---------------------------------------------------------------- PPTX

def test_pptx_has_the_picture_the_events_table_and_the_caveat(briefing, tmp_path) -> None:
    path = tmp_path / "briefing.pptx"
    path.write_bytes(export(briefing, "pptx"))
    assert zipfile.is_zipfile(path)
    deck = Presentation(str(path))
    assert deck.slide_width * 9 == deck.slide_height * 16
    first = deck.slides[0]
    pictures = [s for s in first.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    assert png_size(pictures[0].image.blob) == (1920, 1080)
    tables = [s.table for d in deck.slides for s in d.shapes if s.has_table]
    rows = [[c.text for c in r.cells] for t in tables for r in list(t.rows)[1:]]
    assert len(rows) == len(briefing.report.events)
    a50_dokdo = [r for r in rows if r[2] == "A-50" and "Dokdo" in r[4]]
    first_entry = pd.Timestamp(briefing.report.events.query(
        "zone_id == 'airspace-dokdo'")["time"].min()).tz_convert(KST).round("min")
    assert a50_dokdo and a50_dokdo[0][0] == f"{first_entry:%H:%M}"
    text = " ".join(s.text_frame.text for s in first.shapes if s.has_text_frame)
    assert NOTIONAL_CAVEAT in text and "Sources:" in text


def test_pptx_rows_are_fitted_to_each_slide_by_their_height() -> None:
    from layers.export.pptx import fit_rows

    assert fit_rows([1, 1, 1, 1], [1, 1, 1, 1], 2.5, 1.5) == [slice(0, 2), slice(2, 3), slice(3, 4)]
    assert fit_rows([3, 1], [3, 1], 2.0, 2.0) == [slice(0, 1), slice(1, 2)]  # too tall: alone
    assert fit_rows([1, 1, 1], [0.5, 0.5, 0.5], 1.0, 1.0) == [slice(0, 1), slice(1, 3)]
    assert fit_rows([], [], 1.0, 1.0) == [slice(0, 0)]


@pytest.mark.parametrize("banner", [None, "Training only"])
def test_pptx_tables_stay_on_their_slides(briefing, banner) -> None:
    """Each slide's table, at the height its rows are expected to take once cells wrap,
    ends above the bottom banner (or the slide's edge) and above the caveat on later slides."""
    from dataclasses import replace

    from layers.export.pptx import CONTINUED_SCALE, ROW_H_IN, row_heights_in

    deck = Presentation(io.BytesIO(export(replace(briefing, banner=banner), "pptx")))
    assert len(deck.slides) >= 2  # the 2019 table continues on a second slide
    bottom_in = deck.slide_height / 914_400 - (0.3 if banner else 0.0)
    shown = 0
    for number, slide in enumerate(deck.slides):
        table_shape = next(s for s in slide.shapes if s.has_table)
        cells = [[c.text for c in r.cells] for r in list(table_shape.table.rows)[1:]]
        rows = pd.DataFrame(cells)
        heights = row_heights_in(rows, 1.0 if number == 0 else CONTINUED_SCALE)
        end_in = table_shape.top / 914_400 + ROW_H_IN + sum(heights)
        limit = bottom_in if number == 0 else 6.7  # the NOTIONAL caveat on later slides
        assert end_in <= limit, (number, end_in, limit)
        shown += len(cells)
    assert shown == len(briefing.report.events)


def test_a_briefing_without_tracks_exports_every_format() -> None:
    empty = build_briefing([], title="Zones only", bounds=(124.0, 32.0, 134.0, 40.0))
    assert png_size(export(empty, "png", size=SMALL)) == (640, 360)
    assert pd.read_csv(io.BytesIO(export(empty, "csv"))).empty
    assert b"</html>" in export(empty, "html")
    root = etree.fromstring(export(empty, "kml"))
    assert root.find(f".//{{{GX_NS}}}Track") is None
    assert Presentation(io.BytesIO(export(empty, "pptx"))).slides[0].shapes
    frame = gpd.read_file(io.BytesIO(export(empty, "geojson")))
    assert set(frame["layer"]) == {"zone", "adiz-edge", "point"}


# ---------------------------------------------------------------- CLI errors

@pytest.mark.parametrize("args, message", [
    (["--scenario", "1999-01-01", "--out", "x.png"], "scenario"),
    (["--scenario", SCENARIO, "--out", "x.png", "--size", "huge"], "size"),
    (["--scenario", SCENARIO, "--out", "x.png", "--bounds", "1,2,3"], "bounds"),
    (["--scenario", SCENARIO, "--out", "x.doc"], "format"),
    (["--scenario", SCENARIO, "--out", "x.csv", "--start", "2019-07-23T02:00Z",
      "--end", "2019-07-23T01:00Z"], "end"),
    (["--scenario", SCENARIO, "--format", "csv", "--out", "x.missing-dir/events.csv"], "cannot write"),
    (["--scenario", SCENARIO, "--format", "png", "--out", "x.csv"], "does not match"),
])
def test_cli_bad_input_gets_one_line_message(run_cli, args, message, tmp_path) -> None:
    result = run_cli("export", *[str(tmp_path / a) if a.startswith("x.") else a for a in args])
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
