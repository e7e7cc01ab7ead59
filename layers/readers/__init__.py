"""Track files in, :class:`layers.tracks.track.Track` objects out. The formats are listed once,
in :mod:`.registry`.

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
from layers.readers.registry import ACCEPTED_SUFFIXES, FORMATS, format_of
from layers.readers.source import DEFAULT_MAX_BYTES, Payload, Source, load_payload
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

def _read(payload: Payload, max_bytes: int) -> ReadResult:
    return format_of(payload).read(payload, max_bytes)


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
