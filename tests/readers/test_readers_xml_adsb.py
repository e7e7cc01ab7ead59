"""Track readers on real files, good and bad (tests/data/): GPX, KML/KMZ, OpenSky state
vectors, readsb / ADS-B Exchange traces."""

from __future__ import annotations

import gzip
import math
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from reader_checks import DATA, assert_track, read_error

from layers.errors import InputWarning
from layers.readers import read_tracks, read_tracks_with_warnings
from layers.tracks.track import Track

# --------------------------------------------------------------------------- GPX


def test_gpx_tracks_segments_joined() -> None:
    tu95, second = read_tracks(DATA / "tracks.gpx")
    assert tu95.track_id == "TU95-A" and second.track_id == "tracks-2"
    assert_track(
        tu95,
        ["2019-07-23T00:00:00Z", "2019-07-23T00:20:00Z", "2019-07-23T00:40:00Z"],
        [36.0, 37.0, 37.5],
        [130.0, 131.0, 132.0],
        [9000.0, 9100.5, math.nan],
    )
    assert tu95.meta["desc"] == "notional reconstruction"
    assert_track(second, ["2019-07-23T00:00:00Z", "2019-07-23T00:05:00Z"], [35.0, 35.5], [128.0, 128.5])


@pytest.mark.parametrize(
    ("name", "row", "field", "text"),
    [("bad_no_time.gpx", 7, "time", "track point has no <time>"), ("bad_lat.gpx", 7, "lat", "lat -91 outside ±90")],
)
def test_gpx_bad_files_name_the_line(name: str, row: int, field: str, text: str) -> None:
    error = read_error(DATA / name)
    assert name in str(error) and text in str(error) and (error.row, error.field) == (row, field)


def test_gpx_external_entities_are_not_resolved() -> None:
    (track,) = read_tracks(DATA / "xxe.gpx")
    assert track.track_id == "xxe-1"  # the entity is dropped, nothing read from the disk


# --------------------------------------------------------------------------- KML / KMZ


def _check_kml_tracks(tracks: list[Track]) -> None:
    tu95, h6k = tracks
    assert (tu95.track_id, h6k.track_id) == ("TU95-A", "H6K-B")
    assert_track(
        tu95,
        ["2019-07-23T00:00:00Z", "2019-07-23T00:20:00Z", "2019-07-23T00:40:00Z"],
        [36.0, 37.0, 37.5],
        [130.0, 131.0, 132.0],
        [9000.0, 9100.0, 9200.0],
    )
    assert_track(
        h6k,
        ["2019-07-23T00:00:00Z", "2019-07-23T00:05:00Z", "2019-07-23T00:30:00Z", "2019-07-23T00:35:00Z"],
        [35.0, 35.5, 36.0, 36.5],
        [128.0, 128.5, 129.0, 129.5],
    )


def test_kml_gx_track_and_multitrack() -> None:
    with pytest.warns(InputWarning, match=r"Sketch line \(no times\)"):
        result = read_tracks_with_warnings(DATA / "tracks.kml")
    _check_kml_tracks(result.tracks)


def test_kmz_reads_doc_kml() -> None:
    with pytest.warns(InputWarning):
        result = read_tracks_with_warnings(DATA / "tracks.kmz")
    assert result.format == "kmz"
    _check_kml_tracks(result.tracks)


def test_kml_timed_points_grouped_by_folder() -> None:
    a50, h6k = read_tracks(DATA / "points.kml")
    assert (a50.track_id, h6k.track_id) == ("A-50", "H6K-C")
    assert_track(a50, ["2019-07-23T00:00:00Z", "2019-07-23T00:10:00Z"], [37.0, 37.2], [131.0, 131.5], [8000.0, 8000.0])


def test_kml_bad_files() -> None:
    error = read_error(DATA / "bad_coord.kml")
    assert (error.row, error.field) == (9, "gx:coord") and "lat 137 outside ±90" in str(error)
    error = read_error(DATA / "bad_linestring_only.kml")
    assert "no timed tracks found" in str(error) and "LineString" in str(error)


def test_kmz_without_kml_and_over_the_limit(tmp_path: Path) -> None:
    empty = tmp_path / "empty.kmz"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "no kml here")
    assert "holds no .kml file" in str(read_error(empty))
    big = tmp_path / "big.kmz"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", "<kml>" + " " * 200_000 + "</kml>")
    assert big.stat().st_size < 10_000
    assert "over the" in str(read_error(big, max_bytes=100_000))


# --------------------------------------------------------------------------- OpenSky, readsb


def test_opensky_state_vectors() -> None:
    result = read_tracks_with_warnings(DATA / "opensky_states.csv")
    assert result.format == "opensky"
    assert result.dropped == {"no position": 1, "stale position": 1, "aircraft with fewer than 2 positions": 1}
    assert result.duplicates_dropped == 1  # the repeated vector of an unchanged position
    kal, ces = result.tracks
    assert (kal.track_id, ces.track_id) == ("71be12", "780a3b")
    # a fix is timed at lastposupdate; altitude is geoaltitude, else baroaltitude
    assert_track(
        kal,
        ["2019-07-22T23:59:59.500Z", "2019-07-23T00:00:09.800Z", "2019-07-23T00:00:49.900Z"],
        [37.1, 37.115, 37.18],
        [129.5, 129.52, 129.6],
        [10287.0, 10287.0, 10058.4],
    )
    assert dict(kal.meta) == {"source": "OpenSky Network state vectors", "notional": False,
                              "icao24": "71be12", "callsign": "KAL851"}
    assert_track(ces, ["2019-07-22T23:59:58Z", "2019-07-23T00:00:08Z", "2019-07-23T00:00:19Z"],
                 [35.2] * 3, [127.2, 127.25, 127.3])


def test_opensky_bad_time() -> None:
    error = read_error(DATA / "bad_opensky.csv")
    assert (error.row, error.field) == (3, "time") and "expected seconds since 1970" in str(error)


def test_readsb_trace(tmp_path: Path) -> None:
    result = read_tracks_with_warnings(DATA / "trace_full_71be12.json")
    assert result.format == "readsb" and result.dropped == {"stale position": 1}
    (track,) = result.tracks
    assert_track(
        track,
        ["2019-07-23T00:00:00Z", "2019-07-23T00:00:12.500Z", "2019-07-23T00:00:45.250Z", "2019-07-23T00:01:00Z"],
        [37.1, 37.115, 37.18, 37.19],
        [129.5, 129.52, 129.6, 129.61],
        [33000 * 0.3048, 33025 * 0.3048, math.nan, math.nan],  # feet to metres; "ground"/null unknown
    )
    assert track.meta["callsign"] == "KAL851" and track.meta["registration"] == "HL8011"
    assert track.meta["aircraft"] == "B77W" and track.meta["notional"] is False
    # readsb writes gzip-compressed .json files; and a .json.gz
    raw = gzip.compress((DATA / "trace_full_71be12.json").read_bytes())
    gz_as_json = tmp_path / "trace_full_71be12.json"
    gz_as_json.write_bytes(raw)
    shutil.copy(gz_as_json, tmp_path / "trace.json.gz")
    for path in (gz_as_json, tmp_path / "trace.json.gz"):
        pd.testing.assert_frame_equal(read_tracks(path)[0].data, track.data)


def test_readsb_bad_altitude() -> None:
    error = read_error(DATA / "bad_trace.json")
    assert (error.row, error.field) == (2, "trace[1][3]") and "bad_trace.json" in str(error)
