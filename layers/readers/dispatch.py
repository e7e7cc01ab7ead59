"""Formats that share a suffix, told apart by content: CSV tables or OpenSky state vectors;
GeoJSON or readsb / ADS-B Exchange traces."""

from __future__ import annotations

from layers.readers import geojson, opensky, readsb, table
from layers.readers.source import Payload
from layers.readers.validate import ReadResult


def read_csv_like(payload: Payload, max_bytes: int) -> ReadResult:
    """OpenSky state vectors when the header has ``icao24``, else the track table."""
    header_line = payload.data[:65536].decode("utf-8-sig", errors="ignore").lstrip().splitlines()
    header = header_line[0].split(",") if header_line else []
    if opensky.looks_like_opensky(header):
        return opensky.read_opensky(payload)
    return table.read_csv(payload)


def read_json_like(payload: Payload, max_bytes: int) -> ReadResult:
    """A readsb trace when the object has ``trace`` and ``timestamp``, else GeoJSON."""
    document = geojson.load_json(payload)
    if readsb.looks_like_readsb(document):
        return readsb.read_readsb(payload, document)
    return geojson.read_geojson(payload, document)
