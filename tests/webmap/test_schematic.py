"""A schematic track (2024-07-24, Bering Sea) looks schematic on the map: SCHEMATIC banner,
band-and-dash style, legend, tooltips; no clock-time labels; both aircraft visible; AKDT."""

from __future__ import annotations

import re

import folium
import pandas as pd

from layers.scenarios.model import load_scenario
from layers.style import NOTIONAL_CAVEAT, SCHEMATIC_CAVEAT, STATE_COLOURS
from layers.webmap.offline import walk
from layers.webmap.tracks import add_tracks, schematic_dashes


def _alaska_map() -> tuple[folium.Map, list[tuple[str, str]]]:
    scenario = load_scenario("2024-07-24")
    fmap = folium.Map(tiles=None)
    entries = add_tracks(fmap, scenario.tracks, 180.0, scenario.local_zone)
    return fmap, entries


def _styles(fmap: folium.Map) -> dict[str, list[dict]]:
    styles: dict[str, list[dict]] = {}
    for layer in walk(fmap):
        if isinstance(layer, folium.GeoJson):
            for feature in layer.data["features"]:
                if str(feature.get("id", "")).startswith("track-"):
                    styles.setdefault(feature["id"], []).append(layer.style_function(feature))
    return styles


def _tips(fmap: folium.Map) -> list[str]:
    return [f["properties"]["tip"] for layer in walk(fmap) if isinstance(layer, folium.GeoJson)
            for f in layer.data["features"]]


def test_banner_legend_and_layer_names_say_schematic() -> None:
    fmap, entries = _alaska_map()
    html = fmap.get_root().render()
    assert SCHEMATIC_CAVEAT in html and NOTIONAL_CAVEAT not in html
    assert [name for _, name in entries] == ["Tu-95MS ×2 — SCHEMATIC", "H-6K ×2 — SCHEMATIC"]
    assert all("pm-schematic-swatch" in swatch for swatch, _ in entries)
    names = [el.layer_name for el in walk(fmap) if isinstance(el, folium.FeatureGroup)]
    assert names and all("(schematic)" in n for n in names)


def test_drawn_as_band_and_alternating_dashes_both_visible() -> None:
    fmap, _ = _alaska_map()
    styles = _styles(fmap)
    ru, cn = styles["track-2024-07-24/Tu-95MS"], styles["track-2024-07-24/H-6K"]
    for drawn, state in ((ru, "RU"), (cn, "CN")):
        band, line = drawn
        assert "pm-schematic-band" in band["className"] and band["weight"] > 3 * line["weight"]
        assert band["opacity"] < 0.5 and line["dashArray"]
        assert band["color"] == line["color"] == STATE_COLOURS[state]
    # same loop: same dashes, other phase, so neither hides the other
    assert ru[1]["dashArray"] == cn[1]["dashArray"] and ru[1]["dashOffset"] != cn[1]["dashOffset"]
    dash, gap = (float(x) for x in ru[1]["dashArray"].split())
    assert gap >= dash  # room for the other colour
    assert abs(float(ru[1]["dashOffset"]) - float(cn[1]["dashOffset"])) % (dash + gap) >= dash
    assert schematic_dashes(0, 1)[0] != schematic_dashes(0, 2)[0]
    tips = [t for t in _tips(fmap) if "Flew together" in t]
    assert any("H-6K ×2" in t for t in tips) and any("Tu-95MS ×2" in t for t in tips)


def test_no_clock_time_labels_and_tooltips_say_schematic_in_akdt() -> None:
    fmap, _ = _alaska_map()
    labels = [e.options["html"] for e in walk(fmap) if isinstance(e, folium.DivIcon)
              and "pm-time-label" in e.options["html"]]
    assert len(labels) == 1  # one day label for the one loop
    assert "24 Jul 2024 AKDT" in labels[0] and "SCHEMATIC" in labels[0]
    assert not any(re.search(r"\d\d:\d\d", t) for t in labels)
    tips = _tips(fmap)
    assert all("KST" not in t for t in tips)
    assert all(not re.search(r"\d\d:\d\d", t) for t in tips)  # no clock times anywhere on the track
    track_tips = [t for t in tips if "<b>SCHEMATIC</b>" in t]
    assert len(track_tips) >= 2 and all("AKDT" in t for t in track_tips)
    fixes = [t for t in tips if "illustrative" in t and "Basis" in t]
    assert len(fixes) == 8


def test_view_round_a_schematic_loop_shows_its_uncertainty_and_the_coasts() -> None:
    from layers.tracks.playback import tracks_view

    tracks = load_scenario("2024-07-24").tracks
    west, south, east, north = tracks_view(tracks)
    lats = [float(v) for t in tracks for v in t.lat]
    assert min(lats) - south >= 300 / 111 - 1e-9 and north - max(lats) >= 300 / 111 - 1e-9
    assert north > 60.5  # St Matthew Island (60.4 N) and the Koryak coast come into view
    other = load_scenario("2019-07-23").tracks
    _, south2, _, _ = tracks_view(other)
    assert abs(min(float(v) for t in other for v in t.lat) - 1.0 - south2) < 1e-9  # unchanged


def test_aircraft_tooltip_says_schematic() -> None:
    from layers.webmap.aircraft import aircraft_group

    scenario = load_scenario("2024-07-24")
    track = scenario.tracks[0]
    group = aircraft_group(scenario.tracks, track.start + (track.end - track.start) / 2, 180.0,
                           scenario.local_zone)
    tips = [el.text for el in walk(group) if isinstance(el, folium.Tooltip)]
    assert len(tips) == 2 and all("<b>SCHEMATIC</b>" in t and "AKDT" in t for t in tips)
    other = load_scenario("2019-07-23")
    group = aircraft_group(other.tracks, other.tracks[0].start + pd.Timedelta(minutes=30), None,
                           other.local_zone)
    assert not any("SCHEMATIC" in el.text for el in walk(group) if isinstance(el, folium.Tooltip))
