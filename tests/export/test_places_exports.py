"""Reported-event places in the exports: present, named, of the right geometry, never a track,
absent when no event has a ``where``."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation

from layers.export import export, scenario_briefing
from layers.export.kml import GX_NS, KML_NS
from layers.export.places import PLACE_KIND, PLACE_LEGEND, PLACES_FOLDER
from layers.export.png.render import render_figure
from layers.scenarios import model
from layers.scenarios.places import scenario_places
from layers.timefmt import iso_z
from layers.webmap.places import PLACES_LAYER

SCENARIO = "2022-11-30"  # three point places (126 km NW of Ieodo, NE of Pohang, 200 km NE of Ulleungdo)
SMALL = "640x360"
K = f"{{{KML_NS}}}"


@pytest.fixture(scope="module")
def briefing():
    return scenario_briefing(SCENARIO)


@pytest.fixture
def temp_scenarios(tmp_path: Path, monkeypatch):
    """``write(where_list)``: the no-track scenario 2026-06-27 in a temporary SCENARIO_DIR, its
    event repeated once per ``where`` (``None``: no ``where``) with times 00:30, 01:30 … UTC."""
    for path in model.scenario_paths():
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(model, "SCENARIO_DIR", tmp_path)

    def write(where: list[dict | None]) -> str:
        data = json.loads((tmp_path / "2026-06-27.json").read_text(encoding="utf-8"))
        event = data["events_reported"][0]
        events = []
        for i, place in enumerate(where):
            ev = dict(event) | {"id": f"ev-{i}", "time": f"2026-06-27T0{i}:30:00Z",
                                "time_local": f"2026-06-27T{i + 9:02d}:30:00+09:00",
                                "place": f"test place {i}"}
            if place is not None:
                ev["where"] = place
            events.append(ev)
        data["events_reported"] = events
        (tmp_path / "2026-06-27.json").write_text(json.dumps(data), encoding="utf-8")
        return "2026-06-27"

    return write


POINT = {"kind": "point", "lat": 36.5, "lon": 130.2, "uncertainty_km": 30,
         "basis": "reconstructed: test point east of Korea"}
SECTOR = {"kind": "sector", "anchor": "dokdo-dongdo", "bearing_deg": [0, 90], "range_km": [20, 80],
          "basis": "reconstructed: test sector north-east of Dokdo / Takeshima"}


def _places(collection: dict) -> list[dict]:
    return [f for f in collection["features"] if f["properties"].get("layer") == PLACE_KIND]


# ---------------------------------------------------------------- GeoJSON

def test_geojson_places_are_polygons_and_points_with_their_text(briefing) -> None:
    collection = json.loads(export(briefing, "geojson"))
    features = _places(collection)
    expected = scenario_places(model.load_scenario(SCENARIO))
    assert len(expected) == 3
    assert sorted(f["geometry"]["type"] for f in features) == ["Point"] * 3 + ["Polygon"] * 3
    by_id = {str(event["id"]): (event, place) for event, place in expected}
    for feature in features:
        props = feature["properties"]
        event, place = by_id[props["event_id"]]
        assert props["kind"] == PLACE_KIND and props["place_kind"] == "point"
        assert props["time_utc"] == iso_z(event["time"])
        assert props["time_local"].endswith("+09:00")
        assert props["place"] == event["place"] and props["basis"] == place.basis
        assert "time" not in props  # the GeoJSON track reader would take it for a fix
        assert "Reported place (not a track)" in props["caption"]
        if feature["geometry"]["type"] == "Point":
            assert feature["geometry"]["coordinates"] == pytest.approx(list(place.centre))
        else:
            ring = np.asarray(feature["geometry"]["coordinates"][0])
            assert ring[:, 0].min() < place.centre[0] < ring[:, 0].max()
    # places are not tracks: the track features are the briefing's tracks only
    tracks = [f for f in collection["features"] if f["properties"].get("layer") == "track"]
    assert len(tracks) == len(briefing.tracks)
    assert PLACE_KIND in collection["layers"]


def test_geojson_and_kml_have_no_places_when_no_event_has_where(temp_scenarios) -> None:
    plain = scenario_briefing(temp_scenarios([None, None]))
    assert plain.places == ()
    assert _places(json.loads(export(plain, "geojson"))) == []
    root = etree.fromstring(export(plain, "kml"))
    assert PLACES_FOLDER not in [n.text for n in root.iter(f"{K}name")]


# ---------------------------------------------------------------- KML

def test_kml_places_in_their_own_folder_as_polygon_and_point(briefing) -> None:
    root = etree.fromstring(export(briefing, "kml"))
    folders = [f for f in root.iter(f"{K}Folder") if f.findtext(f"{K}name") == PLACES_FOLDER]
    assert len(folders) == 1
    placemarks = folders[0].findall(f"{K}Placemark")
    expected = scenario_places(model.load_scenario(SCENARIO))
    assert len(placemarks) == len(expected) == 3
    for placemark, (event, place) in zip(placemarks, expected):
        assert placemark.get("id") == f"place-{event['id']}"
        assert event["place"] in placemark.findtext(f"{K}name")
        description = placemark.findtext(f"{K}description")
        assert place.basis in description and "not a track" in description
        assert "KST" in description and iso_z(event["time"]) in description
        assert placemark.findtext(f"{K}TimeSpan/{K}begin") == iso_z(event["time"])
        assert len(placemark.findall(f".//{K}Polygon")) == 1
        assert len(placemark.findall(f".//{K}Point")) == 1
        assert placemark.find(f".//{K}LineString") is None
        assert placemark.find(f".//{{{GX_NS}}}Track") is None
    # the tracks folder holds the tracks only
    tracks = [f for f in root.iter(f"{K}Folder") if (f.findtext(f"{K}name") or "").startswith("Tracks")]
    assert len(tracks[0].findall(f"{K}Placemark")) == len(briefing.tracks)


def test_kml_sector_place_is_a_polygon_only(temp_scenarios) -> None:
    sector = scenario_briefing(temp_scenarios([SECTOR]))
    root = etree.fromstring(export(sector, "kml"))
    (placemark,) = [p for p in root.iter(f"{K}Placemark") if (p.get("id") or "").startswith("place-")]
    assert len(placemark.findall(f".//{K}Polygon")) == 1
    assert placemark.find(f".//{K}Point") is None


# ---------------------------------------------------------------- PNG

def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def _gids(fig) -> set[str]:
    return {str(a.get_gid()) for a in fig.findobj() if a.get_gid()}


def test_png_of_places_without_tracks_frames_and_draws_them(temp_scenarios) -> None:
    briefing = scenario_briefing(temp_scenarios([POINT, SECTOR, None]))
    assert not briefing.tracks and len(briefing.places) == 2
    west, south, east, north = briefing.bounds
    assert east - west < 15 and west < 130.2 < east and south < 36.5 < north  # not the default view
    fig = render_figure(briefing, SMALL)
    assert {"place:0", "place:1", "place-point:0"} <= _gids(fig)
    assert "place-point:1" not in _gids(fig)  # a sector has no dot
    texts = _texts(fig)
    assert any(PLACE_LEGEND in t for t in texts)
    assert any(t == "09:30 KST" or t == "10:30 KST" for t in texts)  # local-time labels

    # the map (not only the legend) differs from the same briefing without its places
    patch = next(a for a in fig.findobj() if a.get_gid() == "place:0")
    box = patch.axes.get_window_extent()

    def map_pixels(data: bytes) -> np.ndarray:
        image = np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)
        height = image.shape[0]
        return image[int(height - box.y1) + 2:int(height - box.y0) - 2, int(box.x0) + 2:int(box.x1) - 2]

    with_places = map_pixels(export(briefing, "png", size=SMALL))
    without = map_pixels(export(dataclasses.replace(briefing, places=()), "png", size=SMALL))
    changed = int((np.abs(with_places - without).sum(axis=2) > 30).sum())
    assert changed > 0.02 * with_places.shape[0] * with_places.shape[1]


def test_png_of_2022_11_30_draws_its_three_places(briefing, tmp_path) -> None:
    fig = render_figure(briefing, SMALL)
    assert {f"place:{i}" for i in range(3)} | {f"place-point:{i}" for i in range(3)} <= _gids(fig)
    assert any(PLACE_LEGEND in t for t in _texts(fig))


def test_png_has_no_place_legend_without_places(temp_scenarios) -> None:
    fig = render_figure(scenario_briefing(temp_scenarios([None])), SMALL)
    assert not any(PLACE_LEGEND in t for t in _texts(fig))
    assert not any(g.startswith("place") for g in _gids(fig))


# ---------------------------------------------------------------- PPTX and HTML

def test_pptx_and_html_work_with_places(briefing) -> None:
    assert Presentation(io.BytesIO(export(briefing, "pptx"))).slides[0].shapes
    html = export(briefing, "html").decode("utf-8")
    assert PLACES_LAYER in html and "126 km north-west of Ieodo" in html


def test_time_window_keeps_the_places_inside_it() -> None:
    late = scenario_briefing(SCENARIO, start="2022-11-30T00:00Z")
    assert [str(e["id"]) for e, _ in late.places] == ["entry-3"]


def test_app_downloads_carry_the_scenarios_places() -> None:
    from layers.ui.downloads import app_briefing

    places = app_briefing(SCENARIO).places
    assert [str(e["id"]) for e, _ in places] == \
        [str(e["id"]) for e, _ in scenario_places(model.load_scenario(SCENARIO))]
    assert app_briefing("2019-07-23").places == ()


def test_exports_and_the_web_map_tooltip_say_the_same_caption(briefing) -> None:
    import html
    import re

    from layers.export.places import place_properties
    from layers.webmap.places import place_tooltip

    for event, place in briefing.places:
        tooltip = place_tooltip(event, place, briefing.local)
        text = html.unescape(re.sub(r"<[^>]+>", "", tooltip.replace("<br>", "\n")))
        assert text == place_properties(event, place, briefing.local)["caption"]
