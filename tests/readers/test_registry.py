"""The registries: every track format the readers know is what the uploader offers; every
export format is what the command line and the download buttons offer."""

from __future__ import annotations

import io

import pandas as pd

from layers.cli.export import add_parser
from layers.export import FORMATS as EXPORTS
from layers.readers.registry import ACCEPTED_SUFFIXES, FORMATS
from layers.ui.downloads import DOWNLOADS
from layers.ui.uploads import UPLOAD_LABEL, UPLOAD_TYPES, read_upload


def test_the_uploader_offers_every_reader_suffix() -> None:
    assert list(ACCEPTED_SUFFIXES) == UPLOAD_TYPES
    assert {"csv", "geojson", "json", "parquet", "pq", "gpx", "kml", "kmz", "gz"} <= set(UPLOAD_TYPES)
    for fmt in FORMATS.values():
        assert fmt.label.split(",")[0] in UPLOAD_LABEL


def test_a_pq_upload_is_read() -> None:
    frame = pd.DataFrame({"track_id": ["P", "P"], "time": ["2019-07-23T00:00Z", "2019-07-23T00:10Z"],
                          "lat": [37.0, 37.1], "lon": [131.0, 131.2]})
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    result = read_upload("flight.pq", buffer.getvalue())
    assert result.error is None and [t.track_id for t in result.tracks] == ["upload/P"]


def test_cli_formats_and_download_buttons_come_from_the_export_registry() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    export = parser._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
    choices = next(a.choices for a in export._actions if a.dest == "format")
    assert tuple(choices) == tuple(EXPORTS)
    assert {fmt for fmt, _ in DOWNLOADS.values()} == set(EXPORTS)


def test_the_same_file_uploaded_twice_is_analysed_once() -> None:
    from layers.ui.uploads import digest, without_duplicates

    data = b"track_id,time,lat,lon\nA,2019-07-23T00:00Z,37,131\nA,2019-07-23T00:10Z,37.2,131.2\n"
    first, again, other = (read_upload(n, d) for n, d in (("a.csv", data), ("b.csv", data), ("c.csv", data + b"\n")))
    assert first.digest == again.digest == digest(data) != other.digest
    kept, notes = without_duplicates([first, again, other])
    assert [u.name for u in kept] == ["a.csv", "c.csv"]
    assert notes == ["b.csv is the same file as a.csv: analysed once"]
