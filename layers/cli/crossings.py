"""``python -m layers crossings TRACKS [--zones ZONES.geojson] [--uncertainty-nm R]
[--format csv|json] [--out FILE]``: every airspace-boundary crossing of the tracks.

A contract other tools rely on:

- TRACKS: any file :func:`layers.readers.read_tracks` reads (CSV, GeoJSON, Parquet, GPX,
  KML/KMZ, OpenSky state vectors CSV, readsb trace JSON).
- ZONES: a GeoJSON FeatureCollection of Polygon/MultiPolygon features with a string ``id``
  (:func:`layers.zones.userfile.read_zones`); default: the built-in territorial airspace
  and ADIZs (:func:`layers.zones.load.load_airspace_zones`).
- CSV (default) to standard output or ``--out``: header, then ``track_id,zone_id,event,time,
  lat,lon`` and any other columns; ``event`` is ``entry``/``exit`` for crossings (possible
  crossings use other names); times ISO 8601 UTC with milliseconds and ``Z``; rows sorted by
  track_id, then time.
- JSON: ``{"events": [...], "intervals": [...], "approaches": [...]}``, same time format.
- Exit 0 on success; 2 with a one-line message on bad input (every problem raises
  :class:`InputError`). Reader warnings go to standard error as ``warning: …`` lines.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any

from layers.errors import InputError, InputWarning

FORMATS = ("csv", "json")
#: Largest accepted position uncertainty (nautical miles): beyond it "possible" means nothing.
MAX_UNCERTAINTY_NM = 500.0


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``crossings`` subcommand."""
    parser = subparsers.add_parser(
        "crossings",
        help="list every airspace-boundary crossing of a track file",
        description=(
            "List every crossing of a zone boundary (entry/exit, UTC time, position) by the "
            "tracks in TRACKS, with possible crossings under a position uncertainty."
        ),
    )
    parser.add_argument(
        "tracks",
        nargs="?",
        metavar="TRACKS",
        help="track file: CSV, GeoJSON, Parquet, GPX, KML/KMZ, OpenSky CSV or readsb JSON",
    )
    parser.add_argument(
        "--zones",
        metavar="ZONES.geojson",
        help="GeoJSON FeatureCollection of (Multi)Polygons with a string 'id' (default: built-in zones)",
    )
    parser.add_argument(
        "--uncertainty-nm",
        metavar="R",
        default="0",
        help="position uncertainty in nautical miles (default 0)",
    )
    parser.add_argument(
        "--scenario",
        metavar="ID",
        help="analyse the notional tracks of a built-in scenario instead of TRACKS "
        "(see `python -m layers scenarios`)",
    )
    parser.add_argument("--format", default="csv", metavar="csv|json", help="output format (default csv)")
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    parser.set_defaults(func=run)
    return parser


def parse_uncertainty_nm(text: str) -> float:
    """A finite, non-negative number of nautical miles (at most :data:`MAX_UNCERTAINTY_NM`)."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value < 0 or value > MAX_UNCERTAINTY_NM:
        raise InputError(
            f"--uncertainty-nm must be a number of nautical miles from 0 to {MAX_UNCERTAINTY_NM:g}, got {text!r}"
        )
    return value


def load_tracks(args: argparse.Namespace) -> list[Any]:
    """The tracks to analyse: from TRACKS (another subcommand option may supply them instead;
    exactly one source is allowed). Reader warnings are printed to standard error."""
    from layers.readers import read_tracks_with_warnings

    scenario = getattr(args, "scenario", None)
    if args.tracks and scenario:
        raise InputError("give either TRACKS or --scenario, not both")
    if scenario:
        from layers.scenarios.model import load_scenario

        tracks = load_scenario(scenario).tracks
        if not tracks:
            raise InputError(f"scenario {scenario} has no drawn tracks (only reported events)",
                             field="scenario")
        return tracks
    if not args.tracks:
        raise InputError("no TRACKS file given (or use --scenario ID)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        result = read_tracks_with_warnings(args.tracks)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return result.tracks


def load_zones(path: str | None) -> Any:
    """User zones from ``path``, else the built-in territorial airspace and ADIZs."""
    if path:
        from layers.engine.zoneset import ZoneSet
        from layers.zones.load import load_boundaries
        from layers.zones.userfile import read_zones

        # The built-in edge segments (approximate parts, limits of drawn data) apply to any
        # user zone with a built-in id, as they always have; other ids get none.
        return ZoneSet(read_zones(path), load_boundaries())
    from layers.zones.load import airspace_zone_set

    try:
        return airspace_zone_set()
    except (OSError, RuntimeError) as exc:  # a missing geodata file (pyogrio DataSourceError)
        raise InputError(
            f"built-in zones unavailable ({exc}); run `python -m layers build-geodata` or pass --zones"
        ) from None


def _null_nan(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _null_nan(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_null_nan(item) for item in value]
    return value


def to_json(report: Any) -> str:
    """The engine's JSON document (``{"events", "intervals", "approaches", …}``, times like
    the CSV) as strict JSON: NaN and infinities become null."""
    document = json.loads(report.to_json())
    return json.dumps(_null_nan(document), ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def write_output(text: str, out: str | None) -> None:
    """Write ``text`` to ``out`` (or standard output); a write failure is an InputError."""
    if not out:
        sys.stdout.write(text)
        return
    try:
        Path(out).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot write --out file ({exc.strerror or exc})", source=out) from None


def run(args: argparse.Namespace) -> int:
    """Read, analyse, write; return the exit code."""
    from layers.engine.crossings import find_crossings

    output_format = str(args.format).strip().lower()
    if output_format not in FORMATS:
        raise InputError(f"--format must be csv or json, got {args.format!r}")
    uncertainty_nm = parse_uncertainty_nm(args.uncertainty_nm)
    tracks = load_tracks(args)
    zones = load_zones(args.zones)
    report = find_crossings(tracks, zones, uncertainty_nm=uncertainty_nm)
    text = report.to_csv() if output_format == "csv" else to_json(report)
    write_output(text, args.out)
    return 0
