"""Tracks and crossing markers on the map: the drawn line is the analysed line, arrows point the
way flown, times are labelled, notional tracks say so, certain and possible crossings differ."""

from __future__ import annotations

import re
from typing import Any

import folium
import numpy as np
import pandas as pd
import pytest

from layers.style import EVENT_COLOURS, NOTIONAL_CAVEAT, STATE_COLOURS
from layers.tracks.track import Track
from layers.webmap.offline import walk
from layers.webmap.tracks import add_crossings, add_tracks, arrow_points, label_times

HOSTILE = "<img src=x onerror=alert(1)>"


def _track(lats: list[float], lons: list[float], **meta: Any) -> Track:
    times = pd.date_range("2019-07-23T00:00Z", periods=len(lats), freq="60min")
    return Track.from_arrays(meta.pop("track_id", "t1"), times, lats, lons, meta=meta)


def _geojson_layers(fmap: folium.Map) -> list[folium.GeoJson]:
    return [el for el in walk(fmap) if isinstance(el, folium.GeoJson)]


def test_drawn_line_is_the_densified_geodesic_track() -> None:
    track = _track([35.0, 40.0, 41.0], [125.0, 135.0, 140.0], state="RU")
    fmap = folium.Map(tiles=None)
    add_tracks(fmap, [track])
    line = next(
        f for layer in _geojson_layers(fmap) for f in layer.data["features"]
        if f["id"] == "track-t1"
    )
    drawn = np.asarray(line["geometry"]["coordinates"])
    analysed = np.asarray(track.to_geometry(10_000).coords)
    assert drawn.shape == analysed.shape and len(drawn) > 3 * len(track)
    np.testing.assert_allclose(drawn, analysed)
    style = next(layer for layer in _geojson_layers(fmap)).style_function(line)
    assert style["color"] == STATE_COLOURS["RU"] and "pm-track" in style["className"]


@pytest.mark.parametrize(
    ("lats", "lons", "azimuth"),
    [([0.0, 0.0], [120.0, 130.0], 90.0), ([30.0, 40.0], [130.0, 130.0], 0.0),
     ([40.0, 30.0], [131.0, 131.0], 180.0)],
)
def test_arrows_point_the_way_flown(lats: list[float], lons: list[float], azimuth: float) -> None:
    arrows = arrow_points(_track(lats, lons).to_geometry(), spacing_m=200_000)
    assert len(arrows) >= 4
    for lat, lon, heading in arrows:
        assert min(lats) <= lat <= max(lats) and min(lons) <= lon <= max(lons)
        assert abs((heading - azimuth + 180) % 360 - 180) < 0.5


def test_time_labels_are_round_and_few() -> None:
    times = label_times(pd.Timestamp("2019-07-23T00:07Z"), pd.Timestamp("2019-07-23T02:55Z"))
    assert list(times.strftime("%H:%M")) == ["00:30", "01:00", "01:30", "02:00", "02:30"]
    longer = label_times(pd.Timestamp("2019-07-23T00:07Z"), pd.Timestamp("2019-07-23T03:10Z"))
    assert list(longer.strftime("%H:%M")) == ["01:00", "02:00", "03:00"]
    day = label_times(pd.Timestamp("2019-07-23T00:00Z"), pd.Timestamp("2019-07-23T10:00Z"))
    assert len(day) <= 6 and (day.minute == 0).all()


def test_notional_tracks_say_so_and_names_are_escaped() -> None:
    track = _track([35.0, 36.0], [130.0, 131.0], state="CN", label=HOSTILE, notional=True)
    fmap = folium.Map(tiles=None)
    (swatch, name), = add_tracks(fmap, [track])  # one legend entry per track
    assert "<svg" in swatch and name == "&lt;img src=x onerror=alert(1)&gt;"
    html = fmap.get_root().render()
    assert NOTIONAL_CAVEAT in html
    assert HOSTILE not in html
    group = next(el for el in walk(fmap) if isinstance(el, folium.FeatureGroup))
    assert "&lt;img src=x onerror=alert(1)&gt;" in group.layer_name and "(notional)" in group.layer_name
    tips = [f["properties"]["tip"] for layer in _geojson_layers(fmap) for f in layer.data["features"]]
    assert all("<img" not in tip for tip in tips)
    assert any("NOTIONAL" in tip for tip in tips)
    recorded = _track([35.0, 36.0], [130.0, 131.0], notional=False)
    plain = folium.Map(tiles=None)
    add_tracks(plain, [recorded])
    assert NOTIONAL_CAVEAT not in plain.get_root().render()


def test_crossing_markers_style_entry_exit_certain_possible_apart() -> None:
    events = pd.DataFrame(
        {
            "track_id": ["t1", "t1", "t1"],
            "zone_id": ["adiz-KR", "adiz-KR", "airspace-dokdo"],
            "event": ["entry", "exit", "possible-entry"],
            "time": pd.to_datetime(["2019-07-23T00:10Z", "2019-07-23T00:40Z", "2019-07-23T01:00Z"]),
            "lat": [35.1, 35.4, 37.2],
            "lon": [130.1, 130.4, 131.6],
            "zone_name": ["KADIZ", "KADIZ", "Dokdo / Takeshima (Liancourt Rocks)"],
            "certainty": ["certain", "certain", "possible"],
            "depth_m": [5_000.0, 5_000.0, np.nan],
            "approximate_boundary": [True, False, False],
        }
    )
    fmap = folium.Map(tiles=None)
    add_crossings(fmap, events, [_track([35.0, 36.0], [130.0, 131.0], label="H-6K pair")])
    layer = _geojson_layers(fmap)[0]
    styles = [layer.style_function(f) for f in layer.data["features"]]
    tips = [f["properties"]["tip"] for f in layer.data["features"]]
    assert [s["className"] for s in styles] == [
        "pm-crossing pm-entry pm-certain", "pm-crossing pm-exit pm-certain",
        "pm-crossing pm-entry pm-possible",
    ]
    assert styles[0]["color"] == EVENT_COLOURS["entry"] and styles[1]["color"] == EVENT_COLOURS["exit"]
    assert styles[2]["dashArray"] and not styles[0]["dashArray"]
    assert styles[2]["fillOpacity"] < styles[0]["fillOpacity"]
    assert "23 Jul 09:10:00 KST · 23 Jul 00:10:00 UTC" in tips[0] and "H-6K pair" in tips[0]
    assert "Approximate boundary" in tips[0] and "Approximate boundary" not in tips[1]
    assert "2.7 nm" in tips[0]
    # a limit of drawn data (JADIZ known only in part) is not a crossing: no marker
    limit = events.assign(event=["data-limit-exit", "exit", "possible-entry"])
    fmap = folium.Map(tiles=None)
    add_crossings(fmap, limit, [])
    assert len(_geojson_layers(fmap)[0].data["features"]) == 2


def test_each_aircraft_can_be_told_apart_without_hovering() -> None:
    """The Tu-95MS and the A-50 are both Russian (one colour): they differ by dash pattern on
    the map and in the legend, where each track has its own named row; time labels give the
    scenario's local time and UTC."""
    from layers.scenarios.model import load_scenario

    scenario = load_scenario("2019-07-23")
    fmap = folium.Map(tiles=None)
    entries = add_tracks(fmap, scenario.tracks, local=scenario.local_zone)
    assert [name for _, name in entries] == ["H-6K ×2", "Tu-95MS ×2", "A-50"]
    styles = {}
    for layer in _geojson_layers(fmap):
        for feature in layer.data["features"]:
            if str(feature.get("id", "")).startswith("track-"):
                styles[feature["id"]] = layer.style_function(feature)
    tu95, a50 = styles["track-2019-07-23/Tu-95MS"], styles["track-2019-07-23/A-50"]
    assert tu95["color"] == a50["color"] and tu95["dashArray"] != a50["dashArray"]
    assert entries[1][0] != entries[2][0]  # their legend swatches differ too
    labels = [e.options["html"] for e in walk(fmap) if isinstance(e, folium.DivIcon)
              and "pm-time-label" in e.options["html"]]
    assert labels and all(re.search(r">\d\d:\d\d KST<span class=\"pm-utc\"> \d\d:\d\dZ<", t) for t in labels)
