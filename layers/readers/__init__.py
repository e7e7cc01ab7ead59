"""Track files in, :class:`layers.tracks.track.Track` objects out.

:func:`read_tracks` takes a path, bytes or a file object (e.g. an upload) and picks the
reader by suffix, else by content:

======================  ==============================================================
``.csv``                ``track_id,time,lat,lon[,alt_m,…]`` (:mod:`.table`), or OpenSky
                        state vectors when the header has ``icao24`` (:mod:`.opensky`)
``.geojson``, ``.json``  GeoJSON (:mod:`.geojson`), or a readsb / ADS-B Exchange trace
                        when the object has ``trace`` and ``timestamp`` (:mod:`.readsb`)
``.parquet``, ``.pq``   the CSV columns as Parquet (:mod:`.table`)
``.gpx``                GPX tracks (:mod:`.gpx`)
``.kml``, ``.kmz``      gx:Track or timed Point placemarks (:mod:`.kml`)
``.gz``                 any of the above, gzip-compressed
======================  ==============================================================

Bad input raises :class:`layers.errors.InputError` naming file, row and field (see
:mod:`.validate` for the rules); suspicious input gives :class:`layers.errors.InputWarning`
warnings, also returned by :func:`read_tracks_with_warnings` for the app to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from layers.errors import InputError
from layers.readers import plausibility
from layers.readers.plausibility import REGION_OF_INTEREST
from layers.readers.source import (
    DEFAULT_MAX_BYTES,
    PARQUET_MAGIC,
    ZIP_MAGIC,
    Payload,
    Source,
    load_payload,
)
from layers.readers.validate import ReadResult

if TYPE_CHECKING:
    from layers.tracks.track import Track

__all__ = [
    "ACCEPTED_SUFFIXES",
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "ReadResult",
    "read_tracks",
    "read_tracks_with_warnings",
]

#: Suffixes recognised, by format name.
FORMATS: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "geojson": (".geojson", ".json"),
    "parquet": (".parquet", ".pq"),
    "gpx": (".gpx",),
    "kml": (".kml",),
    "kmz": (".kmz",),
}
#: Every suffix :func:`read_tracks` accepts (e.g. for an upload widget), without the dot.
ACCEPTED_SUFFIXES: tuple[str, ...] = tuple(s[1:] for suffixes in FORMATS.values() for s in suffixes) + ("gz",)


def _sniff(payload: Payload) -> str:
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


def _read(payload: Payload, max_bytes: int) -> ReadResult:
    from layers.readers import geojson, gpx, kml, opensky, readsb, table

    suffix = payload.suffix
    fmt = next((f for f, suffixes in FORMATS.items() if suffix in suffixes), None) or _sniff(payload)
    if fmt == "csv":
        header_line = payload.data[:65536].decode("utf-8-sig", errors="ignore").lstrip().splitlines()
        header = header_line[0].split(",") if header_line else []
        if opensky.looks_like_opensky(header):
            return opensky.read_opensky(payload)
        return table.read_csv(payload)
    if fmt == "geojson":
        document = geojson.load_json(payload)
        if readsb.looks_like_readsb(document):
            return readsb.read_readsb(payload, document)
        return geojson.read_geojson(payload, document)
    if fmt == "parquet":
        return table.read_parquet(payload)
    if fmt == "gpx":
        return gpx.read_gpx(payload)
    if fmt == "kml":
        return kml.read_kml(payload)
    return kml.read_kmz(payload, max_bytes)


def read_tracks_with_warnings(
    source: Source,
    name: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    region: tuple[float, float, float, float] = REGION_OF_INTEREST,
) -> ReadResult:
    """Read every track in ``source``; also return the warnings and what was dropped.

    ``name`` names the input in messages (default: the path, or the file object's name).
    ``max_bytes`` limits the file size (and its decompressed size). ``region`` (lon_min,
    lat_min, lon_max, lat_max) is the area used by the lat/lon-swap warning.
    """
    payload = load_payload(source, name, max_bytes)
    token = plausibility.REGION.set(region)
    try:
        return _read_checked(payload, max_bytes)
    finally:
        plausibility.REGION.reset(token)


def _read_checked(payload: Payload, max_bytes: int) -> ReadResult:
    try:
        return _read(payload, max_bytes)
    except InputError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError) as exc:
        # A malformed file that slipped past a reader's own checks: still a one-line message.
        raise InputError(f"cannot read the file ({type(exc).__name__}: {exc})", source=payload.name) from None


def read_tracks(
    source: Source,
    name: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Track]:
    """Every track in ``source`` (a path, bytes or a file object) as :class:`Track` objects,
    in order of first appearance. Raises :class:`InputError` on bad input."""
    return read_tracks_with_warnings(source, name, max_bytes=max_bytes).tracks
