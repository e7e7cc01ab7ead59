"""``python -m layers scenarios``: list the built-in scenarios (or re-fit one to the geodata)."""

from __future__ import annotations

import argparse
import sys

import geopandas as gpd

from layers.errors import InputError
from layers.scenarios.model import list_scenarios, load_scenario


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scenarios",
        help="list the built-in patrol scenarios",
        description="List the built-in scenarios (id, date, title, number of tracks). "
        "Tracks are notional reconstructions.",
    )
    parser.add_argument(
        "--refit",
        metavar="ID",
        help="maintainers: move the scenario's boundary waypoints onto the zone boundaries "
        "and recompute interpolated times, rewriting geodata/scenarios/ID.json",
    )
    parser.add_argument(
        "--zones", metavar="ZONES.geojson", help="zones for --refit (default: built-in zones)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.refit:
        return _refit(args.refit, args.zones)
    rows = list_scenarios()
    width = max((len(r["id"]) for r in rows), default=2)
    print(f"{'id':<{width}}  {'date':<10}  tracks  title")
    for row in rows:
        print(f"{row['id']:<{width}}  {row['date']:<10}  {row['n_tracks']:>6}  {row['title']}")
    return 0


def _refit(scenario_id: str, zones_path: str | None) -> int:
    from layers.scenarios.refit import refit_file

    load_scenario(scenario_id)  # validates before touching the file
    if zones_path:
        try:
            zones = gpd.read_file(zones_path)
        except Exception as exc:  # pyogrio raises several types for unreadable files
            raise InputError(f"cannot read zones: {exc}", source=zones_path) from exc
        if "id" not in zones.columns:
            raise InputError("zones need a string property 'id'", source=zones_path, field="id")
    else:
        from layers.zones.load import load_airspace_zones

        zones = load_airspace_zones()
    changes = refit_file(scenario_id, zones)
    for line in changes:
        print(line)
    print(f"{scenario_id}: {len(changes)} change(s)", file=sys.stderr)
    return 0
