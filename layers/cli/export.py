"""``python -m layers export``: a briefing file (PNG, HTML, GeoJSON, KML, CSV or PPTX)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from layers.errors import InputError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``export`` subcommand (its formats come from the export registry)."""
    from layers.export import FORMATS
    from layers.readers.registry import formats_caption

    parser = subparsers.add_parser(
        "export",
        help="write a briefing file: " + ", ".join(FORMATS),
        description=(
            "Export a scenario (or your own tracks) as a briefing PNG, a standalone offline HTML "
            "map, GeoJSON, KML for Google Earth, the events CSV (the crossings command's "
            "output) or a 16:9 PPTX slide. A scenario's tracks are notional reconstructions and "
            "every export says so; a recorded track file is not labelled notional."
        ),
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--scenario", help="scenario id, e.g. 2019-07-23 (see: scenarios)")
    source.add_argument("--tracks", help="a track file: " + formats_caption())
    parser.add_argument("--format", choices=tuple(FORMATS),
                        help="output format (default: from the --out suffix)")
    parser.add_argument("--out", required=True, help="output file ('-' for standard output)")
    parser.add_argument("--size", default="1920x1080",
                        help="PNG size: WIDTHxHEIGHT pixels (default 1920x1080) or a4 "
                             "(A4 landscape at 300 dpi, 3508x2480)")
    parser.add_argument("--bounds", help="view W,S,E,N in degrees (default: fit the tracks)")
    parser.add_argument("--start", help="time window start, ISO 8601 (naive = UTC)")
    parser.add_argument("--end", help="time window end, ISO 8601 (naive = UTC)")
    parser.add_argument("--banner", help="handling banner text, shown top and bottom")
    parser.add_argument("--title", help="title (default: the scenario's)")
    parser.add_argument("--uncertainty-nm", type=float, default=0.0,
                        help="track position uncertainty in nautical miles (default 0)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the briefing, write the file; exit code 0, or 2 on bad input."""
    from layers.export import FORMATS, build_briefing, export, format_for_path, scenario_briefing
    from layers.export.png.page import parse_size
    from layers.export.png.projection import parse_bounds

    fmt = args.format or format_for_path(args.out)
    if args.format and args.out != "-":
        try:
            implied = format_for_path(args.out)
        except InputError:
            implied = fmt  # an unknown suffix: --format decides
        if implied != fmt:
            raise InputError(
                f"--format {fmt} does not match the file name (a .{implied} name)",
                source=args.out,
                field="format",
            )
    if fmt == "png":
        parse_size(args.size)  # fail early on a bad size
    options = {
        "start": args.start,
        "end": args.end,
        "bounds": parse_bounds(args.bounds) if args.bounds else None,
        "banner": args.banner,
        "uncertainty_nm": args.uncertainty_nm,
    }
    if args.scenario:
        try:
            briefing = scenario_briefing(args.scenario, title=args.title, **options)
        except KeyError:
            raise InputError(f"unknown scenario {args.scenario!r}", field="scenario") from None
    else:
        from layers.readers import read_tracks

        path = Path(args.tracks)
        if not path.is_file():
            raise InputError("no such file", source=str(path))
        briefing = build_briefing(read_tracks(path), title=args.title or path.stem, **options)
    data = export(briefing, fmt, size=args.size)
    if args.out == "-":
        sys.stdout.buffer.write(data)
    else:
        try:
            Path(args.out).write_bytes(data)
        except OSError as error:
            raise InputError(f"cannot write the file ({error.strerror})", source=args.out, field="out") from None
        print(f"wrote {args.out} ({FORMATS[fmt].mime}, {len(data):,} bytes)", file=sys.stderr)
    return 0
