"""Benchmark: what the app's map script is made of, in bytes per layer.

Builds the map the app shows for a scenario (display zones, points, ADIZ edges, tracks,
crossing flags, tools), turns it into the script streamlit-folium sends over the websocket,
and prints its size with a breakdown by layer (each element's own script, summed under its
top-level layer) and the JS/CSS files the map loads.

    .venv/bin/python bench/map_payload.py [--scenario 2019-07-23]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streamlit_folium import generate_leaflet_string

from layers.engine.crossings import find_crossings
from layers.scenarios.model import load_scenario
from layers.tracks.playback import tracks_view
from layers.webmap.build import DEFAULT_VIEW, build_map
from layers.webmap.offline import walk
from layers.zones.load import airspace_zone_set, load_boundaries, load_points, load_zones


def _own_script(element) -> int:
    try:
        return len(element._template.module.script(element))
    except Exception:  # elements without a script macro
        return 0


def _layer_name(element) -> str:
    name = getattr(element, "layer_name", None) or type(element).__name__
    return name.split("</span> ")[-1][:48]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="2019-07-23")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    tracks = list(scenario.tracks)
    events = find_crossings(tracks, airspace_zone_set()).events
    fmap = build_map(load_zones(resolution="display"), load_points(), load_boundaries(), tracks,
                     events, collapsed_layers=True, view=tracks_view(tracks) or DEFAULT_VIEW,
                     tools=True, draw=True)
    fmap.get_root().render()
    by_layer: Counter[str] = Counter()
    for child in fmap._children.values():
        by_layer[_layer_name(child)] += sum(_own_script(e) for e in walk(child))
    by_layer["Map itself"] += _own_script(fmap)
    script = generate_leaflet_string(fmap)
    print(f"scenario {args.scenario}: map script {len(script) / 1e3:.1f} kB "
          f"(elements' own scripts sum to {sum(by_layer.values()) / 1e3:.1f} kB)")
    for name, size in by_layer.most_common():
        print(f"  {size / 1e3:8.1f} kB  {name}")
    header = fmap.get_root().header.render()
    print(f"  header (CSS/JS links, styles) {len(header) / 1e3:.1f} kB; "
          f"linked files: {header.count('<script src=')} JS, {header.count('stylesheet')} CSS")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
