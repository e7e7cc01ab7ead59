"""``python -m layers build-static``: rebuild the map's JS/CSS bundle in static/bundle/ from the
vendored Leaflet and plugin files (see :mod:`layers.build.static`)."""

from __future__ import annotations

import argparse

from layers.paths import PROJECT_DIR


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``build-static`` subcommand."""
    parser = subparsers.add_parser(
        "build-static",
        help="rebuild static/bundle/ (Leaflet and its plugins as one script and one stylesheet)",
        description=__doc__,
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the bundle; print the files and their sizes."""
    from layers.build.static import write_bundle

    for path in write_bundle():
        print(f"wrote {path.relative_to(PROJECT_DIR)} ({path.stat().st_size / 1e3:.1f} kB)")
    return 0
