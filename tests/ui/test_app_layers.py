"""The app's library helpers (no Streamlit): playback, events table, classroom timeline,
uploads, the aircraft layer and Markdown escaping."""

from __future__ import annotations

import re
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import pytest

from layers.engine.crossings import find_crossings
from layers.engine.table import events_table, format_duration, summary
from layers.geo.bounds import Bounds
from layers.geo.geodesy import distance_m
from layers.markup import markdown_text
from layers.scenarios.classroom import ADIZ_NOTE, nearest_step, timeline
from layers.scenarios.model import load_scenario
from layers.timefmt import KST, LocalZone
from layers.tracks.playback import flown_path, position, step_seconds, time_label, time_steps, window
from layers.tracks.track import Track
from layers.ui.uploads import UPLOAD_PREFIX, read_upload
from layers.webmap.aircraft import aircraft_group
from layers.webmap.offline import localize
from layers.zones.load import airspace_zone_set

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("2019-07-23")


@pytest.fixture(scope="module")
def report(scenario):
    return find_crossings(scenario.tracks, airspace_zone_set(), uncertainty_nm=0.0)


def _line(track_id: str = "T", start: str = "2019-07-23T00:00Z", minutes: int = 60) -> Track:
    """A track due east along 37°N from 130°E to 131°E in ``minutes``."""
    times = pd.date_range(start, periods=2, freq=f"{minutes}min")
    return Track.from_arrays(track_id, times, [37.0, 37.0], [130.0, 131.0], meta={"state": "RU"})


# ------------------------------------------------------------------ playback
def test_time_steps_cover_the_window_on_round_steps(scenario) -> None:
    steps = time_steps(scenario.tracks)
    start, end = window(scenario.tracks)
    step = steps[1] - steps[0]
    assert steps[0] <= start < steps[0] + step and steps[-1] - step < end <= steps[-1]
    assert (steps.asi8 % step.value == 0).all()  # on round clock times
    assert str(steps.tz) == "UTC" and len(steps) <= 240


def test_step_grows_for_long_windows() -> None:
    t0 = pd.Timestamp("2019-07-23T00:00Z")
    assert step_seconds(t0, t0 + pd.Timedelta(hours=4)) == 60
    assert step_seconds(t0, t0 + pd.Timedelta(days=3)) == 1800
    assert step_seconds(t0, t0 + pd.Timedelta(days=3000), max_steps=240) > 86400


def test_position_moves_along_the_geodesic_and_reports_status() -> None:
    track = _line()
    assert position(track, "2019-07-22T23:59Z").status == "before"
    half = position(track, "2019-07-23T00:30Z")
    assert half.status == "flying"
    # halfway in time at constant speed = halfway along the geodesic
    d0 = distance_m(130.0, 37.0, half.lon, half.lat)
    d1 = distance_m(half.lon, half.lat, 131.0, 37.0)
    assert d0 == pytest.approx(d1, rel=1e-6)
    assert half.lat > 37.0  # a geodesic bulges poleward of the parallel
    after = position(track, "2019-07-23T02:00Z")
    assert (after.status, after.lat, after.lon) == ("after", 37.0, 131.0)


def test_flown_path_grows_with_time() -> None:
    track = _line()
    assert flown_path(track, "2019-07-23T00:00Z") is None
    lengths = [
        flown_path(track, t).length for t in ("2019-07-23T00:15Z", "2019-07-23T00:45Z", "2019-07-23T03:00Z")
    ]
    assert lengths[0] < lengths[1] < lengths[2]
    assert lengths[2] == pytest.approx(track.to_geometry().length)
    end = flown_path(track, "2019-07-23T00:30Z").coords[-1]
    mid = position(track, "2019-07-23T00:30Z")
    assert end == pytest.approx((mid.lon, mid.lat))


def test_time_label_shows_kst_and_utc() -> None:
    assert time_label(pd.Timestamp("2019-07-22T21:44Z")) == "23 Jul 06:44 KST · 22 Jul 21:44 UTC"


# ------------------------------------------------------------------ aircraft layer
def test_aircraft_group_marks_flying_aircraft_and_escapes_names() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    flying = _line("A").with_meta(aircraft=hostile)
    later = _line("B", start="2019-07-23T05:00Z")
    group = localize(aircraft_group([flying, later], pd.Timestamp("2019-07-23T00:30Z")))
    fmap = folium.Map(tiles=None)
    group.add_to(fmap)
    html = fmap.get_root().render()
    assert html.count("pm-aircraft") >= 1 and "pm-flown" in html
    assert hostile not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    markers = [c for c in group._children.values() if isinstance(c, folium.CircleMarker)]
    assert len(markers) == 1  # B has not started
    assert markers[0].location[1] == pytest.approx(130.5, abs=0.01)


# ------------------------------------------------------------------ events table
def test_events_table_lists_every_crossing_with_kst_and_utc(scenario, report) -> None:
    table = events_table(report.events, report.intervals, scenario.tracks, KST)
    assert len(table) == len(report.events)
    assert table["time"].is_monotonic_increasing
    first = table.iloc[0]
    utc = first["time"].round("s")
    assert first["Time (UTC)"] == f"{utc:%d %b %H:%M:%S}"
    assert first["Time (KST)"] == f"{(utc + pd.Timedelta(hours=9)).tz_localize(None):%d %b %H:%M:%S}"
    # the A-50's Dokdo/Takeshima entries (reported 09:09 and 09:33 KST) are in the table
    dokdo = table[(table["Track"] == "2019-07-23/A-50") & table["Zone"].str.contains("Dokdo")]
    assert list(dokdo["Event"]) == ["Entry", "Exit", "Entry", "Exit"]
    assert set(dokdo["Aircraft"]) == {"A-50"}
    assert dokdo["Time inside"].str.contains("min").all()


def test_limits_of_drawn_data_are_not_shown_as_crossings(scenario, report) -> None:
    """JADIZ is drawn only in part: leaving the drawn part is not leaving JADIZ."""
    table = events_table(report.events, report.intervals, scenario.tracks)
    at_limit = table[table["Approximate boundary"] == "limit of drawn data"]
    assert len(at_limit) == (report.events["boundary"] == "data-limit").sum() > 0
    assert at_limit["Event"].str.contains("limit of data, not a boundary").all()
    assert (at_limit["Certainty"] == "").all()
    assert not at_limit["Event"].isin(["Entry", "Exit"]).any()


def test_time_inside_and_depth_come_from_the_interval(scenario, report) -> None:
    table = events_table(report.events, report.intervals, scenario.tracks)
    interval = report.intervals[report.intervals["zone_id"] == "airspace-dokdo"].iloc[0]
    row = table[(table["Zone"].str.contains("Dokdo")) & (table["Event"] == "Entry")].iloc[0]
    assert row["Time inside"] == format_duration(interval["duration_s"])
    assert row["Max depth (nm)"] == pytest.approx(interval["max_depth_m"] / 1852, abs=0.05)


def test_uncertainty_turns_shallow_crossings_possible(scenario) -> None:
    zones = airspace_zone_set()
    strict = find_crossings(scenario.tracks, zones, 0.0)
    loose = find_crossings(scenario.tracks, zones, 10.0)
    t0 = events_table(strict.events, strict.intervals, scenario.tracks)
    t1 = events_table(loose.events, loose.intervals, scenario.tracks)
    assert (t0["Certainty"] == "possible").sum() == 0
    assert (t1["Certainty"] == "possible").sum() > 0
    assert "possible" in summary(t1) and "0 possible." in summary(t0)
    # the counts add up: crossings = certain + possible; limits of drawn data are counted apart
    crossings, certain, possible = (int(n) for n in re.findall(r"\d+", summary(t0))[:3])
    limits = int((t0["Approximate boundary"] == "limit of drawn data").sum())
    assert crossings == certain + possible == len(t0) - limits and f"{limits} more rows" in summary(t0)


def test_local_time_from_scenario_and_empty_table() -> None:
    alaska = LocalZone.from_mapping({"tz": "America/Anchorage", "label": "AKDT", "utc_offset": "-08:00"})
    july, december = pd.Timestamp("2024-07-24T20:00Z"), pd.Timestamp("2024-12-24T20:00Z")
    assert alaska.local(july).utcoffset() == pd.Timedelta(hours=-8) and alaska.label(july) == "AKDT"
    assert alaska.local(december).utcoffset() == pd.Timedelta(hours=-9) and alaska.label(december) == "AKST"
    assert LocalZone.from_mapping(None) == KST and KST.label(july) == "KST"
    assert events_table(pd.DataFrame(), None, [], alaska).columns.tolist()[4] == "Time (local)"
    assert format_duration(3725) == "1 h 02 min" and format_duration(np.nan) == ""


# ------------------------------------------------------------------ classroom
def test_timeline_keeps_story_order_with_times_and_sources(scenario) -> None:
    entries = timeline(scenario)
    assert len(entries) == len(scenario.events_reported)
    dokdo = next(e for e in entries if e.id == "a50-dokdo-entry-1")
    assert dokdo.time == pd.Timestamp("2019-07-23T00:09Z")
    assert "09:09 KST" in dokdo.time_text and "00:09 UTC" in dokdo.time_text
    assert dokdo.sources and all(url.startswith("http") for _, url in dokdo.sources)
    untimed = [e for e in entries if e.time is None]
    assert untimed and all(e.time_text == "time not reported" for e in untimed)


def test_nearest_step() -> None:
    steps = pd.date_range("2019-07-23T00:00Z", periods=5, freq="10min")
    assert nearest_step(steps, pd.Timestamp("2019-07-23T00:14Z")) == 1
    assert nearest_step(steps, pd.Timestamp("2019-07-23T00:16Z")) == 2
    assert nearest_step(steps, None) is None
    assert nearest_step(steps, pd.Timestamp("2019-07-24T00:00Z")) is None


def test_adiz_note_is_neutral() -> None:
    assert "not a violation" in ADIZ_NOTE and "disputed" in ADIZ_NOTE
    assert "Dokdo / Takeshima" in ADIZ_NOTE


# ------------------------------------------------------------------ uploads
def test_upload_of_a_good_file_gives_prefixed_tracks() -> None:
    data = (DATA / "tracks_good.csv").read_bytes()
    result = read_upload("tracks_good.csv", data)
    assert result.error is None
    assert [t.track_id for t in result.tracks] == [UPLOAD_PREFIX + "TU95-A", UPLOAD_PREFIX + "H6K-B"]
    assert result.tracks[0].meta["label"] == "TU95-A"
    assert result.tracks[0].meta["source"] == "tracks_good.csv"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("bad_lat.csv", "bad_lat.csv, row 3, field 'lat'"), ("bad_syntax.geojson", "bad_syntax.geojson")],
)
def test_upload_of_a_bad_file_gives_the_reader_message(name: str, expected: str) -> None:
    result = read_upload(name, (DATA / name).read_bytes())
    assert result.tracks == [] and result.error is not None
    assert result.error.startswith(expected)


def test_upload_warnings_are_returned() -> None:
    result = read_upload("fast.csv", (DATA / "fast.csv").read_bytes())
    assert result.tracks and result.warnings


# ------------------------------------------------------------------ markdown
def test_markdown_text_escapes_markup() -> None:
    text = markdown_text("**bold** <b>x</b> [link](http://x) `code` $x$")
    assert "**" not in text.replace("\\*", "")
    assert all(f"\\{c}" in text for c in "*<[`$")
    assert markdown_text(None) == ""


# ------------------------------------------------------------------ drawn routes
def test_drawn_route_becomes_a_geodesic_track_at_the_given_speed() -> None:
    from layers.errors import InputError
    from layers.tracks.drawn import track_from_route
    from layers.ui.session import new_drawings

    feature = {"type": "Feature", "properties": {},
               "geometry": {"type": "LineString", "coordinates": [[130, 37], [131, 37], [131.8, 37.3]]}}
    track = track_from_route(feature, 450, "2019-07-23T00:00Z", number=2)
    assert track.track_id == "drawn/2" and len(track) == 3
    legs = distance_m(track.lon[:-1], track.lat[:-1], track.lon[1:], track.lat[1:])
    seconds = np.diff(track.seconds)
    assert legs / seconds == pytest.approx(np.full(2, 450 * 1852 / 3600), rel=1e-4)
    assert track.start == pd.Timestamp("2019-07-23T00:00Z")
    with pytest.raises(InputError, match="speed"):
        track_from_route(feature, 0, "2019-07-23T00:00Z")
    with pytest.raises(InputError, match="at least two points"):
        track_from_route({"type": "LineString", "coordinates": [[130, 37]]}, 400, "2019-07-23")
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [130, 37]}}
    assert [k for k, _ in new_drawings([feature, point, feature])] == [
        '[[130,37],[131,37],[131.8,37.3]]'
    ]
    assert new_drawings([feature], {'[[130,37],[131,37],[131.8,37.3]]'}) == []
    assert new_drawings(None) == []


def test_drawn_route_across_dokdo_gets_flags() -> None:
    from layers.tracks.drawn import track_from_route

    line = {"type": "LineString", "coordinates": [[131.2, 37.24], [132.4, 37.24]]}
    track = track_from_route(line, 300, "2019-07-23T00:00Z")
    events = find_crossings([track], airspace_zone_set(), 0.0).events
    dokdo = events[events["zone_id"] == "airspace-dokdo"]
    assert list(dokdo["event"]) == ["entry", "exit"]


# ------------------------------------------------------------------ exports
def test_briefing_files_for_the_buttons(tmp_path: Path) -> None:
    from layers.ui.downloads import DOWNLOADS, briefing_file, file_name, mime

    upload = read_upload("tracks_good.csv", (DATA / "tracks_good.csv").read_bytes()).tracks
    csv = briefing_file("Events (CSV)", "2019-07-23", upload, 0.0).decode("utf-8")
    assert csv.splitlines()[0].startswith("track_id,zone_id,event,time")
    assert "upload/TU95-A" in csv and "2019-07-23/A-50" in csv
    png = briefing_file("PNG 16:9", "2019-07-23", (), 0.0, "EXERCISE")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert file_name("2019-07-23", "PNG A4", True) == "patrol-2019-07-23-with-own-tracks-a4.png"
    assert mime("KML (Google Earth)") == "application/vnd.google-earth.kml+xml"
    assert len(DOWNLOADS) == 7


def test_exports_of_the_current_map_view() -> None:
    from layers.ui.downloads import app_briefing, briefing_file

    leaflet = {"_southWest": {"lat": 36.5, "lng": 130.5}, "_northEast": {"lat": 38.0, "lng": 133.0}}
    view = Bounds.from_leaflet(leaflet)
    assert view == (130.5, 36.5, 133.0, 38.0)
    assert app_briefing("2019-07-23", bounds=view).bounds == view
    assert app_briefing("2019-07-23").bounds != view  # default: fit the tracks
    # Leaflet reports longitudes past 180 east of the antimeridian: wrapped, east < west.
    bering = {"_southWest": {"lat": 55, "lng": 170}, "_northEast": {"lat": 66, "lng": 200}}
    assert Bounds.from_leaflet(bering) == (170.0, 55.0, -160.0, 66.0)
    assert Bounds.from_leaflet(None) is None
    assert Bounds.from_leaflet({"_southWest": {"lat": -5, "lng": 120}, "_northEast": {"lat": 5, "lng": 130}}) is None
    assert Bounds.from_leaflet({"_southWest": {"lat": 10, "lng": -200}, "_northEast": {"lat": 60, "lng": 200}}) is None
    png = briefing_file("PNG 16:9", "2019-07-23", bounds=view)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png != briefing_file("PNG 16:9", "2019-07-23")


def test_map_tools_are_vendored_and_fetch_nothing_remote() -> None:
    from layers.webmap.build import build_map
    from layers.webmap.offline import fetched_remote_urls, standalone_html
    from layers.zones.load import load_boundaries, load_points, load_zones

    layers = (load_zones(resolution="display"), load_points(), load_boundaries())
    fmap = build_map(*layers, tools=True, draw=True)
    html = fmap.get_root().render()
    # one script and one stylesheet: Leaflet and the plugins bundled (see test_mapview.py)
    assert html.count("<script src=") == 1 and "/app/static/bundle/patrol-map.js" in html
    assert html.count('<link rel="stylesheet"') == 1 and "/app/static/bundle/patrol-map.css" in html
    assert "L.Control.Measure" in html and "nauticalmiles" in html
    assert fetched_remote_urls(html) == []
    inline = standalone_html(build_map(*layers, tools=True))
    assert fetched_remote_urls(inline) == [] and "/app/static/" not in inline


def test_play_stride() -> None:
    from layers.tracks.playback import play_stride

    assert play_stride(10) == 1 and play_stride(225) == 2 and play_stride(900, ticks=90) == 10


def test_formation_labels_are_merged() -> None:
    from layers.webmap.aircraft import merge_labels

    labels = [(37.0, 131.0, "H-6K"), (37.05, 131.05, "Tu-95MS"), (38.0, 131.0, "A-50")]
    assert merge_labels(labels) == [(37.0, 131.0, "H-6K + Tu-95MS"), (38.0, 131.0, "A-50")]


def test_a_reused_map_gives_the_same_script_every_time() -> None:
    from streamlit_folium import _get_feature_group_string, _get_header, _get_map_string

    from layers.ui.mapreuse import freeze_render, restoring
    from layers.webmap.build import build_map
    from layers.zones.load import load_boundaries, load_points, load_zones

    track = _line()
    fmap = freeze_render(build_map(load_zones(resolution="display"), load_points(),
                                   load_boundaries(), [track]))
    scripts, groups = [], []
    for time in ("2019-07-23T00:10Z", "2019-07-23T00:40Z"):
        with restoring(fmap):  # what st_folium does to the map, twice
            fmap.render()
            header, script = _get_header(fmap), _get_map_string(fmap)
            groups.append(_get_feature_group_string(aircraft_group([track], pd.Timestamp(time)), fmap))
        scripts.append((header, script))
    assert scripts[0] == scripts[1]
    assert groups[0] != groups[1] and "pm-aircraft" in groups[0]
    assert "feature_group_feature_group_0" not in fmap._children


def test_tracks_across_the_antimeridian_are_drawn_around_the_view_centre() -> None:
    import json as jsonlib

    from layers.geo.lonwrap import geometry_near, lon_near
    from layers.tracks.playback import tracks_view
    from layers.webmap.build import build_map
    from layers.zones.load import load_boundaries, load_points, load_zones

    assert lon_near(-174.0, 180.0) == 186.0 and lon_near(178.0, 180.0) == 178.0
    assert lon_near(-174.0, None) == -174.0 and geometry_near(None, 180.0) is None
    scenario = load_scenario("2024-07-24")
    view = tracks_view(scenario.tracks)
    assert view.west < 180 < view.east  # the view spans the antimeridian, unwrapped
    centre = (view.west + view.east) / 2
    fmap = build_map(load_zones(resolution="display"), load_points(), load_boundaries(),
                     scenario.tracks, view=view)
    html = fmap.get_root().render()
    lons = []
    for blob in re.findall(r'\{"features": ?\[\{"geometry": ?(\{.*?\}), ?"id": ?"track-', html):
        geometry = jsonlib.loads(blob)
        parts = geometry["coordinates"] if geometry["type"] == "MultiLineString" else [geometry["coordinates"]]
        lons += [x for part in parts for x, _ in part]
    assert lons and max(lons) > 180.0 and all(abs(x - centre) <= 180.0 for x in lons)
    group = aircraft_group(scenario.tracks, pd.Timestamp("2024-07-24T20:40:39Z"), centre)
    markers = [c for c in group._children.values() if isinstance(c, folium.CircleMarker)]
    assert markers and all(m.location[1] > 180.0 for m in markers)  # at 174°W = 186°


@pytest.mark.parametrize(
    "name",
    ["tracks.gpx", "tracks.kml", "tracks.kmz", "tracks_togeojson.geojson", "opensky_states.csv",
     "trace_full_71be12.json"],
)
def test_every_upload_format_gives_tracks(name: str) -> None:
    result = read_upload(name, (DATA / name).read_bytes())
    assert result.error is None and result.tracks
    assert all(t.track_id.startswith(UPLOAD_PREFIX) for t in result.tracks)


def test_an_unreadable_upload_gives_a_message_not_an_exception() -> None:
    result = read_upload("noise.kmz", b"PK\x03\x04 this is not a zip file")
    assert result.tracks == [] and result.error and result.error.startswith("noise.kmz")


def test_a_chosen_event_is_found_again_in_a_new_table(scenario) -> None:
    """Kept by identity, not by row number: after an uncertainty change the row numbers mean
    other events, the identity still finds the same crossing (certain or possible)."""
    from layers.ui.session import event_identity, find_event

    strict = find_crossings(scenario.tracks, airspace_zone_set(), 0.0)
    loose = find_crossings(scenario.tracks, airspace_zone_set(), 10.0)
    t0 = events_table(strict.events, strict.intervals, scenario.tracks)
    t1 = events_table(loose.events, loose.intervals, scenario.tracks)
    chosen = t0[(t0["Track"] == "2019-07-23/A-50") & (t0["zone_id"] == "airspace-dokdo")].iloc[1]
    identity = event_identity(chosen)
    row = find_event(t1, identity)
    assert row is not None
    again = t1.iloc[row]
    assert (again["Track"], again["zone_id"]) == (chosen["Track"], chosen["zone_id"])
    assert "exit" in again["event_code"] and again["time"] == chosen["time"]
    assert find_event(t1, ("nobody", "airspace-dokdo", "entry", identity[3])) is None
