"""``python -m layers claims --scenario ID [--claims FILE] [--tracks FILE] [--format csv|json]
[--out FILE]``: check published or user claims against tracks.

- Claims: the scenario's reported entries, exits and sightings, or (``--claims``) a CSV or JSON
  claims file (``docs/claims.md``; add ``--with-reported`` to check both).
- Tracks: the scenario's notional tracks, or (``--tracks``) any track file
  :func:`layers.readers.read_tracks` reads.
- CSV (default): one row per claim (:data:`layers.claims.check.CLAIM_TABLE_COLUMNS`): the
  best-fitting event, ``dt_s`` (event time − claimed time, seconds), ``distance_km`` (claimed
  region to event, geodesic, 0 inside), ``time_met``, ``place_met``, ``met`` and the ids of the
  contradictions it is part of. JSON: also the contradictions, the rules and the regions
  (GeoJSON).
- Exit 0 on success; 2 with a one-line message naming file, row and field on bad input.
"""

from __future__ import annotations

import argparse

from layers.errors import InputError

FORMATS = ("csv", "json")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``claims`` subcommand."""
    parser = subparsers.add_parser(
        "claims",
        help="check published or user claims (time, place, zone) against tracks",
        description="Check claims (aircraft, entry/exit/sighting, zone, time with its precision, place "
        "relative to a landmark) against the tracks: the best-fitting event, its residuals, whether "
        "the claim is met within its own precision, and contradictions between claims or with a "
        "sourced boundary. Scenario tracks are notional reconstructions.",
    )
    parser.add_argument("--scenario", metavar="ID", required=True,
                        help="built-in scenario (its date and local time read clock times; see `scenarios`)")
    parser.add_argument("--claims", metavar="FILE", help="a CSV or JSON claims file (docs/claims.md)")
    parser.add_argument("--with-reported", action="store_true",
                        help="with --claims: check the scenario's reported events too")
    parser.add_argument("--tracks", metavar="FILE", help="check against this track file instead of the scenario's")
    parser.add_argument("--format", default="csv", metavar="csv|json", help="output format (default csv)")
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Check and write; return the exit code."""
    from layers.claims.check import claims_report
    from layers.cli.crossings import load_tracks, write_output
    from layers.scenarios.model import load_scenario

    output_format = str(args.format).strip().lower()
    if output_format not in FORMATS:
        raise InputError(f"--format must be csv or json, got {args.format!r}")
    if args.with_reported and not args.claims:
        raise InputError("--with-reported needs --claims FILE")
    scenario = load_scenario(args.scenario)
    tracks = None
    if args.tracks:
        tracks = load_tracks(argparse.Namespace(tracks=args.tracks, scenario=None))
    elif not scenario.tracks:
        raise InputError(f"scenario {scenario.id} has no drawn tracks (only reported events): "
                         "give --tracks FILE", field="scenario")
    try:
        report = claims_report(scenario, args.claims, tracks=tracks, name=args.claims,
                               with_reported=True if args.with_reported else None)
    except FileNotFoundError:
        raise InputError("no such file", source=args.claims) from None
    write_output(report.to_csv() if output_format == "csv" else report.to_json(), args.out)
    return 0
