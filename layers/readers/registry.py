"""The track formats, one line each: name, file suffixes, what the app's uploader says, and
the reader. A new format is one reader module, one line here and one test; the uploader's
accepted types, its caption and :func:`layers.readers.read_tracks` all come from here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from layers.readers.source import PARQUET_MAGIC, ZIP_MAGIC, Payload
from layers.readers.validate import ReadResult

Reader = Callable[[Payload, int], ReadResult]


@dataclass(frozen=True)
class TrackFormat:
    """A track file format: ``reader`` is ``"module:function"``, called with the payload and
    the byte limit."""

    name: str
    suffixes: tuple[str, ...]
    label: str
    reader: str

    def read(self, payload: Payload, max_bytes: int) -> ReadResult:
        module, function = self.reader.split(":")
        read: Reader = getattr(importlib.import_module(module), function)
        return read(payload, max_bytes)


FORMATS: dict[str, TrackFormat] = {f.name: f for f in (
    TrackFormat("csv", (".csv",), "CSV, OpenSky state vectors (CSV)", "layers.readers.dispatch:read_csv_like"),
    TrackFormat("geojson", (".geojson", ".json"), "GeoJSON, ADS-B Exchange trace (JSON)",
                "layers.readers.dispatch:read_json_like"),
    TrackFormat("parquet", (".parquet", ".pq"), "Parquet", "layers.readers.table:read_parquet"),
    TrackFormat("gpx", (".gpx",), "GPX", "layers.readers.gpx:read_gpx"),
    TrackFormat("kml", (".kml",), "KML", "layers.readers.kml:read_kml"),
    TrackFormat("kmz", (".kmz",), "KMZ", "layers.readers.kml:read_kmz"),
)}
#: Compression any format may come in (the suffix is stripped first).
COMPRESSED_SUFFIXES: tuple[str, ...] = (".gz",)
#: Every suffix :func:`layers.readers.read_tracks` accepts (e.g. for an upload widget), without the dot.
ACCEPTED_SUFFIXES: tuple[str, ...] = tuple(
    s[1:] for f in FORMATS.values() for s in f.suffixes) + tuple(s[1:] for s in COMPRESSED_SUFFIXES)


def formats_caption() -> str:
    """``"CSV, OpenSky state vectors (CSV), GeoJSON, …; gzip-compressed too"``."""
    return ", ".join(f.label for f in FORMATS.values()) + "; any of them gzip-compressed (.gz)"


def sniff(payload: Payload) -> str:
    """The format of content with an unknown suffix."""
    head = payload.data[:4096]
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    if head.startswith(ZIP_MAGIC):
        return "kmz"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<"):
        return "gpx" if b"<gpx" in text else "kml"
    if text.startswith((b"{", b"[")):
        return "geojson"
    return "csv"


def format_of(payload: Payload) -> TrackFormat:
    """The format by the payload's suffix, else by its content."""
    by_suffix = next((f for f in FORMATS.values() if payload.suffix in f.suffixes), None)
    return by_suffix or FORMATS[sniff(payload)]


__all__ = ["ACCEPTED_SUFFIXES", "FORMATS", "TrackFormat", "format_of", "formats_caption", "sniff"]
