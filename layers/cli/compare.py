"""``python -m layers compare ID [ID ...] [--align absolute|first-kadiz-entry|rendezvous|strait]
[--format csv|json|png] [--out FILE]``: several patrols side by side.

- CSV (default) / JSON: one row per patrol (:mod:`layers.scenarios.compare`: durations in
  seconds, distances in metres and nautical miles, the alignment moment in ISO 8601 UTC).
- PNG: the chart of those figures across the years (needs ``--out``), with the notional
  caveat and the sources.
- Exit 0 on success; 2 with a one-line message on an unknown id or bad option.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from layers.errors import InputError

FORMATS = ("csv", "json", "png")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``compare`` subcommand."""
    from layers.scenarios.compare import ALIGNMENTS

    parser = subparsers.add_parser(
        "compare",
        help="compare several patrol scenarios (table or chart)",
        description="Compare built-in patrol scenarios: aircraft, duration, time inside KADIZ and "
        "JADIZ, closest approaches, strait used, crossings, and the moment each is aligned on. "
        "Tracks are notional reconstructions.",
    )
    parser.add_argument("ids", nargs="+", metavar="ID", help="scenario ids (see `python -m layers scenarios`)")
    parser.add_argument("--align", default="absolute", metavar="|".join(ALIGNMENTS),
                        help="moment to align the patrols on (default absolute)")
    parser.add_argument("--format", default="csv", metavar="csv|json|png", help="output format (default csv)")
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Compare and write; return the exit code."""
    from layers.cli.crossings import write_output
    from layers.scenarios.compare import ALIGNMENTS, compare
    from layers.scenarios.model import load_scenario

    output_format = str(args.format).strip().lower()
    if output_format not in FORMATS:
        raise InputError(f"--format must be csv, json or png, got {args.format!r}")
    align = str(args.align).strip().lower()
    if align not in ALIGNMENTS:
        raise InputError(f"--align must be one of {', '.join(ALIGNMENTS)}, got {args.align!r}")
    ids = list(dict.fromkeys(args.ids))
    scenarios = [load_scenario(scenario_id) for scenario_id in ids]  # InputError on a bad id
    comparison = compare(scenarios, align)
    if output_format == "png":
        from layers.export.compare_chart import comparison_png

        if not args.out:
            raise InputError("--format png needs --out FILE")
        try:
            Path(args.out).write_bytes(comparison_png(comparison.table))
        except OSError as exc:
            raise InputError(f"cannot write --out file ({exc.strerror or exc})", source=args.out) from None
        print(f"wrote {args.out}", file=sys.stderr)
        return 0
    write_output(comparison.to_csv() if output_format == "csv" else comparison.to_json(), args.out)
    return 0
