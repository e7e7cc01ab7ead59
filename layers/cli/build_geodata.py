"""``python -m layers build-geodata [--cache DIR] [--out DIR]``: rebuild geodata/ from the
pinned registry packages (fetched with ``npm pack`` into the cache when missing)."""

from __future__ import annotations

import argparse
from pathlib import Path

from layers.paths import GEODATA_DIR, PROJECT_DIR

DEFAULT_CACHE = PROJECT_DIR / ".cache" / "geodata"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``build-geodata`` subcommand."""
    parser = subparsers.add_parser(
        "build-geodata",
        help="rebuild geodata/*.geojson from the pinned npm packages",
        description=__doc__,
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"directory holding the input tarballs (default {DEFAULT_CACHE}); missing "
        "tarballs are fetched with npm pack and always checked against pinned sha256",
    )
    parser.add_argument(
        "--out", type=Path, default=GEODATA_DIR, help=f"output directory (default {GEODATA_DIR})"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the geodata; print a short report."""
    from layers.build.geodata.build import build, format_report

    report = build(args.out, args.cache)
    print(format_report(report))
    return 0
