"""Command line: ``python -m layers SUBCOMMAND …``.

Each module in :mod:`layers.cli` defines ``add_parser(subparsers)`` that registers one
subcommand and sets ``func`` (``args -> exit code``) as its default.
Exit codes: 0 success, 2 bad input (one-line message on standard error).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from layers import cli
from layers.errors import InputError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand found in :mod:`layers.cli`."""
    parser = argparse.ArgumentParser(
        prog="patrol-map" if sys.argv[0].endswith("patrol-map") else "python -m layers",
        description="Patrol Map: airspace layers, notional tracks and boundary crossings.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(cli.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"layers.cli.{info.name}")
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
