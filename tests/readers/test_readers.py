"""Track readers on real files, good and bad (tests/data/): CSV, Parquet (written at test
time), GeoJSON, inputs as paths, bytes and file objects, limits and warnings."""

from __future__ import annotations

import gzip
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from reader_checks import DATA, assert_track, read_error

from layers.errors import InputWarning
from layers.readers import read_tracks, read_tracks_with_warnings

# --------------------------------------------------------------------------- CSV


def test_csv_good_file_exact_parse() -> None:
    result = read_tracks_with_warnings(DATA / "tracks_good.csv")
    assert result.format == "csv"
    assert [t.track_id for t in result.tracks] == ["TU95-A", "H6K-B"]  # order of first appearance
    assert result.duplicates_dropped == 1
    assert result.warnings == []
    tu95, h6k = result.tracks
    assert_track(
        tu95,
        ["2019-07-23T00:00:00Z", "2019-07-23T00:20:00Z", "2019-07-23T00:40:00.250Z"],
        [36.0, 37.0, 37.5],
        [130.0, 131.0, 132.0],
        [9000.0, 9000.0, math.nan],
    )
    assert dict(tu95.meta) == {"aircraft": "Tu-95MS", "count": 2, "state": "RU", "notional": True}
    assert list(tu95.data["basis"][:2]) == ["sketch map (JCS release)"] * 2
    assert pd.isna(tu95.data["basis"].iloc[2])
    np.testing.assert_allclose(tu95.data["uncertainty_km"], [10.0, 10.0, math.nan], equal_nan=True)
    # naive times are UTC; rows given in reverse order are sorted; a quoted comma survives
    assert_track(h6k, ["2019-07-23T00:00:00Z", "2019-07-23T00:05:00Z"], [35.0, 35.5], [128.0, 128.5],
                 [8500.5, math.nan])
    assert list(h6k.data["basis"]) == ["sketch map (JCS release)", "interpolated, between sketch points"]
    assert dict(h6k.meta)["state"] == "CN"


def test_csv_extra_columns_become_meta_or_per_fix_columns() -> None:
    a, b = read_tracks(DATA / "extras.csv")
    assert dict(a.meta) == {"mission": "patrol-1"}  # constant within the track
    assert dict(b.meta) == {}  # empty cells are no metadata
    assert a.data["speed_kt"].tolist() == [400.0, 410.5]  # varies: kept per fix, as numbers
    assert b.data["speed_kt"].tolist() == [300.0, 300.0]


@pytest.mark.parametrize(
    ("name", "row", "field", "text"),
    [
        ("bad_time.csv", 3, "time", "cannot parse time 'yesterday'"),
        ("bad_lat.csv", 3, "lat", "lat 95.5 outside ±90"),
        ("bad_lon.csv", 3, "lon", "lon 181 outside ±180"),
        ("bad_swapped.csv", 2, "lat", "lat and lon look swapped"),
        ("bad_empty_lon.csv", 3, "lon", "empty value"),
        ("bad_nan_lat.csv", 3, "lat", "not a finite number: 'NaN'"),
        ("bad_conflict.csv", 4, "time",
         "two fixes at 2019-07-23T00:10:00+00:00 with different positions (row 3 and row 4)"),
        ("bad_single_fix.csv", 4, "track_id", "track 'B' has 1 fix; a track needs at least 2"),
        ("bad_missing_column.csv", 1, "lat", "missing required column(s) lat"),
        ("bad_field_count.csv", 3, None, "3 field(s), the header (line 1) has 4"),
        ("bad_notional.csv", 3, "notional", "expected true or false, found 'maybe'"),
        ("bad_meta_changes.csv", 3, "aircraft", "has aircraft 'Tu-95MS' and 'H-6K'"),
    ],
)
def test_csv_bad_file_names_file_row_and_field(name: str, row: int, field: str | None, text: str) -> None:
    error = read_error(DATA / name)
    message = str(error)
    assert name in message and f"row {row}" in message and text in message
    assert (error.row, error.field) == (row, field)
    if field:
        assert f"field '{field}'" in message
    assert "\n" not in message


def test_empty_and_header_only_files() -> None:
    assert "empty file" in str(read_error(DATA / "empty.csv"))
    assert "no data rows" in str(read_error(DATA / "header_only.csv"))


def test_size_limit_missing_file_and_directory(tmp_path: Path) -> None:
    error = read_error(DATA / "tracks_good.csv", max_bytes=100)
    assert "over the limit of 100 bytes" in str(error) and "tracks_good.csv" in str(error)
    assert "file not found" in str(read_error(tmp_path / "nope.csv"))
    assert "is a directory" in str(read_error(tmp_path))
    error = read_error(b"x" * 200, name="upload.csv", max_bytes=100)
    assert str(error) == "upload.csv: file is 200 bytes, over the limit of 100 bytes"
    error = read_error(gzip.compress(b"x" * 5000), name="upload.csv.gz", max_bytes=1000)
    assert "uncompressed content is over the limit of 1,000 bytes" in str(error)


def test_not_utf8_names_the_line() -> None:
    data = "track_id,time,lat,lon\nA,2019-07-23T00:00:00Z,37,131\nB\xe9,2019-07-23T00:00:00Z,37,131\n".encode("latin-1")
    error = read_error(data, name="latin.csv")
    assert "latin.csv" in str(error) and "not UTF-8" in str(error) and error.row == 3


def test_speed_warning_is_emitted_and_returned() -> None:
    with pytest.warns(InputWarning, match=r"implausible speed 1,484 m/s between rows 2 and 3"):
        result = read_tracks_with_warnings(DATA / "fast.csv")
    assert len(result.warnings) == 1 and "fast.csv" in str(result.warnings[0])
    assert len(result.tracks) == 1  # a warning, not an error


def test_times_running_backwards_along_a_line_are_warned_about() -> None:
    with pytest.warns(InputWarning, match="times run backwards along the line of track 'back'"):
        result = read_tracks_with_warnings(DATA / "backwards_times.geojson")
    assert len(result.warnings) == 1
    warning = str(result.warnings[0])
    assert "backwards_times.geojson, row 1" in warning and "coordinateProperties.times[2]" in warning
    (track,) = result.tracks  # nothing is lost: every fix kept, in time order
    assert list(track.lon) == [130.0, 132.0, 131.0]
    # rows of a CSV may come in any order: no warning there
    assert read_tracks_with_warnings(DATA / "tracks_good.csv").warnings == []


def test_duplicate_vertex_times_name_both_vertices() -> None:
    error = read_error(DATA / "bad_duplicate_vertex_time.geojson")
    assert "times[0]" in str(error) and "times[1]" in str(error) and error.row == 1


def test_swap_warning_for_track_that_fits_the_region_only_when_swapped() -> None:
    with pytest.warns(InputWarning, match="lat and lon may be swapped"):
        result = read_tracks_with_warnings(DATA / "swap_warning.csv", region=(0.0, 40.0, 20.0, 60.0))
    assert len(result.warnings) == 1
    # with the default region (East Asia) the same file is not suspicious
    assert read_tracks_with_warnings(DATA / "swap_warning.csv").warnings == []


def test_bytes_and_file_objects_and_sniffing() -> None:
    raw = (DATA / "tracks_good.csv").read_bytes()
    from_path = read_tracks(DATA / "tracks_good.csv")
    upload = io.BytesIO(raw)
    upload.name = "upload.csv"
    upload.read()  # an upload already read once (a Streamlit rerun) still reads whole
    for tracks in (read_tracks(raw, name="x.csv"), read_tracks(upload), read_tracks(raw)):
        assert [t.track_id for t in tracks] == [t.track_id for t in from_path]
        pd.testing.assert_frame_equal(tracks[0].data, from_path[0].data)
    # no suffix: the content decides
    assert [t.track_id for t in read_tracks((DATA / "tracks.gpx").read_bytes())] == ["TU95-A", "<upload>-2"]
    assert read_tracks((DATA / "trace_full_71be12.json").read_bytes())[0].track_id == "71be12"
    error = read_error(b"track_id,time,lat,lon\nA,2019-07-23T00:00:00Z,37,131\n", name="one.csv")
    assert "one.csv" in str(error) and "row 2" in str(error)


# --------------------------------------------------------------------------- Parquet


def _parquet_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "track_id": ["B", "A", "A", "B"],
            "time": ["2019-07-23T00:05:00Z", "2019-07-23T09:10:00+09:00",
                     "2019-07-23T00:00:00Z", "2019-07-23T00:00:00Z"],
            "lat": [35.5, 37.2, 37.0, 35.0],
            "lon": [128.5, 131.2, 131.0, 128.0],
            "alt_m": [None, 9000.0, 9000.0, None],
            "aircraft": ["H-6K", "Tu-95MS", "Tu-95MS", "H-6K"],
        }
    )


@pytest.mark.parametrize("time_kind", ["string", "timestamp-utc", "timestamp-naive"])
def test_parquet_good(tmp_path: Path, time_kind: str) -> None:
    frame = _parquet_frame()
    if time_kind != "string":
        frame["time"] = pd.to_datetime(frame["time"], utc=True)
        if time_kind == "timestamp-naive":
            frame["time"] = frame["time"].dt.tz_localize(None)  # naive = UTC
    path = tmp_path / "tracks.parquet"
    frame.to_parquet(path, index=False)
    result = read_tracks_with_warnings(path)
    assert result.format == "parquet"
    b, a = result.tracks
    assert_track(a, ["2019-07-23T00:00:00Z", "2019-07-23T00:10:00Z"], [37.0, 37.2], [131.0, 131.2], [9000.0, 9000.0])
    assert_track(b, ["2019-07-23T00:00:00Z", "2019-07-23T00:05:00Z"], [35.0, 35.5], [128.0, 128.5])
    assert dict(a.meta) == {"aircraft": "Tu-95MS"}


def test_parquet_bad_row_is_the_data_row(tmp_path: Path) -> None:
    frame = _parquet_frame()
    frame.loc[2, "lon"] = 200.0
    path = tmp_path / "bad.parquet"
    frame.to_parquet(path, index=False)
    error = read_error(path)
    assert (error.row, error.field) == (3, "lon") and "bad.parquet" in str(error)
    frame = _parquet_frame().drop(columns="lat")
    frame.to_parquet(path, index=False)
    assert "missing required column(s) lat" in str(read_error(path))
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 this is not parquet PAR1")
    assert "not a readable Parquet file" in str(read_error(tmp_path / "junk.parquet"))


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_togeojson_linestring_and_multilinestring() -> None:
    with pytest.warns(InputWarning, match=r"skipped 1 feature\(s\).*feature 3 \(Point without a time\)"):
        result = read_tracks_with_warnings(DATA / "tracks_togeojson.geojson")
    tu95, h6k = result.tracks
    assert_track(
        tu95,
        ["2019-07-23T00:00:00Z", "2019-07-23T00:20:00Z", "2019-07-23T00:40:00Z"],
        [36.0, 37.0, 37.5],
        [130.0, 131.0, 132.0],
        [9000.0, 9100.0, 9200.0],
    )
    assert tu95.meta["aircraft"] == "Tu-95MS" and tu95.meta["notional"] is True
    assert list(tu95.data["basis"]) == ["sketch map", "sketch map", "interpolated"]
    assert h6k.track_id == "H6K-B" and "basis" not in h6k.data
    assert_track(
        h6k,
        ["2019-07-23T00:00:00Z", "2019-07-23T00:05:00Z", "2019-07-23T00:30:00Z", "2019-07-23T00:35:00Z"],
        [35.0, 35.5, 36.0, 36.5],
        [128.0, 128.5, 129.0, 129.5],
    )


def test_geojson_folium_times_in_milliseconds() -> None:
    (track,) = read_tracks(DATA / "tracks_folium.geojson")
    assert track.track_id == "A-50"
    assert_track(track, ["2019-07-23T00:00:00Z", "2019-07-23T00:10:00Z", "2019-07-23T00:20:00Z"],
                 [37.0, 37.2, 37.4], [131.0, 131.5, 132.0])
    assert "style" not in track.meta and "popup" not in track.meta


def test_geojson_mapbox_togeojson_coord_times() -> None:
    data = (
        b'{"type": "Feature", "properties": {"name": "old", "coordTimes": ["2019-07-23T00:00:00Z",'
        b' "2019-07-23T00:10:00Z"]}, "geometry": {"type": "LineString", "coordinates": [[131, 37], [131.1, 37.1]]}}'
    )
    (track,) = read_tracks(data, name="mapbox.geojson")
    assert track.track_id == "old" and dict(track.meta) == {"name": "old"}
    assert_track(track, ["2019-07-23T00:00:00Z", "2019-07-23T00:10:00Z"], [37.0, 37.1], [131.0, 131.1])


def test_geojson_point_features_grouped_by_track_id() -> None:
    p1, p2 = read_tracks(DATA / "points.geojson")
    assert_track(p1, ["2019-07-23T00:00:00Z", "2019-07-23T00:10:00Z"], [37.0, 37.1], [131.0, 131.2], [8000.0, math.nan])
    assert_track(p2, ["2019-07-22T16:00:00Z", "2019-07-22T16:30:00Z"], [36.0, 36.5], [130.0, 130.5])


def test_geojson_multipoint_flat_multilinestring_times_and_feature_id() -> None:
    mp, ml, fid = read_tracks(DATA / "multi_flat.geojson")
    assert (mp.track_id, ml.track_id, fid.track_id) == ("MP", "ML", "feature-id")
    assert_track(mp, ["2019-07-23T00:00:00Z", "2019-07-23T00:10:00Z"], [37.0, 37.1], [131.0, 131.1])
    assert_track(ml, ["2019-07-23T00:00:00Z", "2019-07-23T00:10:00Z", "2019-07-23T00:20:00Z"],
                 [37.0, 37.1, 37.2], [131.0, 131.1, 131.2])
    assert list(ml.data["basis"]) == ["a", "b", "c"]  # a flat per-vertex array across the parts


@pytest.mark.parametrize(
    ("name", "row", "field", "text"),
    [
        ("bad_times_count.geojson", 2, "properties.coordinateProperties.times", "2 times for 3 vertices"),
        ("bad_vertex.geojson", 2, "geometry.coordinates[2][1]", "lat 97 outside ±90"),
        ("bad_no_times.geojson", 1, "properties.coordinateProperties.times", "no per-vertex times"),
        ("bad_syntax.geojson", 4, None, "invalid JSON"),
    ],
)
def test_geojson_bad_files(name: str, row: int, field: str | None, text: str) -> None:
    error = read_error(DATA / name)
    assert name in str(error) and text in str(error)
    assert (error.row, error.field) == (row, field)


def test_geojson_that_is_not_tracks() -> None:
    zones = b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "z"},' \
        b' "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}'
    error = read_error(zones, name="zones.geojson")
    assert "zones.geojson" in str(error) and "no tracks found" in str(error) and "feature 1 (Polygon)" in str(error)
    assert "expected a GeoJSON FeatureCollection" in str(read_error(b"[1, 2]", name="list.json"))
