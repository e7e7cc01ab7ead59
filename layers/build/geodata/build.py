"""Orchestrator of ``python -m layers build-geodata``: inputs -> geodata/*.geojson.

Order matters: airspace.geojson is written before the ADIZ build runs, because the CADIZ
closes along the PRC territorial-sea line.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from layers.build.geodata import adiz, airspace, coast_check, dokdo, land, points, sea
from layers.build.geodata.display import simplify_zones
from layers.build.geodata.geojson_io import write_features, write_zones
from layers.build.geodata.packages import OSM_MARITIME, WORLD_ATLAS, extract_member
from layers.build.geodata.sources_md import update_sources_md
from layers.zones.schema import CRS

ANALYSIS_DECIMALS = 6  # about 0.1 m
DISPLAY_DECIMALS = 4  # about 11 m (lat), well under the display tolerances below
#: Display simplification tolerance (metres) and smallest land part kept (m²).
DISPLAY_TOLERANCE_M = {"land": 400.0, "sea": 1_000.0, "airspace": 200.0}
DISPLAY_MIN_LAND_PART_M2 = 2_000_000.0


def write_points(path: Path, table: gpd.GeoDataFrame) -> int:
    """Write the reference points (properties sorted, 6 decimals)."""
    features = []
    for _, row in table.iterrows():
        props = {k: v for k, v in row.items() if k != "geometry"}
        features.append((props, row.geometry))
    return write_features(path, features, ANALYSIS_DECIMALS)


def write_layer(
    out_dir: Path, name: str, zones: gpd.GeoDataFrame, tolerance_m: float, min_part_m2: float = 0.0
) -> dict[str, int]:
    """Write ``name``.geojson (analysis) and display/``name``.geojson; return their sizes."""
    sizes = {name: write_zones(out_dir / f"{name}.geojson", zones, ANALYSIS_DECIMALS)}
    display = simplify_zones(zones, tolerance_m, min_part_m2)
    sizes[f"display/{name}"] = write_zones(
        out_dir / "display" / f"{name}.geojson", display, DISPLAY_DECIMALS
    )
    return sizes


def build(out_dir: Path, cache_dir: Path, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Build every non-ADIZ layer into ``out_dir``, then the ADIZs; return a report dict."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        topojson = extract_member(WORLD_ATLAS, cache_dir, work)
        borders_path = extract_member(OSM_MARITIME, cache_dir, work)
        log(f"inputs verified (sha256): {WORLD_ATLAS.spec}, {OSM_MARITIME.spec}")
        land_zones = land.build_land(topojson)
        borders = airspace.read_osm_borders(borders_path)

    sizes = report["sizes"]
    sizes.update(
        write_layer(
            out_dir, "land", land_zones, DISPLAY_TOLERANCE_M["land"], DISPLAY_MIN_LAND_PART_M2
        )
    )
    log(f"land: {', '.join(land_zones['id'])}")

    dokdo_zone = dokdo.build_dokdo_zone()
    osm_zones, osm_dokdo = airspace.build_osm_airspace(borders, dokdo_zone.geometry.iloc[0])
    airspace_zones = gpd.GeoDataFrame(
        pd.concat([osm_zones, dokdo_zone], ignore_index=True), geometry="geometry", crs=CRS
    ).sort_values("id", ignore_index=True)
    sizes.update(write_layer(out_dir, "airspace", airspace_zones, DISPLAY_TOLERANCE_M["airspace"]))
    log(f"airspace: {', '.join(airspace_zones['id'])}")

    sea_zones, capes = sea.build_sea(land_zones)
    sizes.update(write_layer(out_dir, "sea", sea_zones, DISPLAY_TOLERANCE_M["sea"]))
    log("sea: sea-japan")

    sizes["points"] = write_points(out_dir / "points.geojson", points.build_points(land_zones))
    log("points: reference points")

    report["dokdo_vs_osm"] = dokdo.compare_with_osm(osm_dokdo, dokdo_zone.geometry.iloc[0])
    report["coast_check"] = coast_check.check_sites(land_zones, airspace_zones)
    report["capes"] = capes
    report["sea_area_km2"] = sea.area_km2(sea_zones.geometry.iloc[0])
    if update_sources_md(out_dir / "SOURCES.md", report):
        log("SOURCES.md: measurements section updated")

    # The ADIZs last: the CADIZ (and the drawn JADIZ) close along airspace.geojson.
    adiz.build(out_dir)
    log("adiz: adiz.geojson, display/adiz.geojson, boundaries.geojson")
    return report


def format_report(report: dict[str, Any]) -> str:
    """Human-readable build summary (sizes in bytes, distances in metres)."""
    lines = ["geodata build report", "file sizes:"]
    for name, size in sorted(report["sizes"].items()):
        lines.append(f"  {name}.geojson: {size:,} bytes")
    display_total = sum(v for k, v in report["sizes"].items() if k.startswith("display/"))
    lines.append(f"  display layers together (without ADIZ): {display_total:,} bytes")
    d = report["dokdo_vs_osm"]
    lines.append(
        "Dokdo/Takeshima: OSM circle minus geodesic 12-nm zone along "
        f"{d['bearings']:.0f} bearings: median {d['osm_minus_geodesic_median_m']:+.0f} m, "
        f"min {d['osm_minus_geodesic_min_m']:+.0f} m, max {d['osm_minus_geodesic_max_m']:+.0f} m"
    )
    lines.append(
        "OSM territorial-sea limit vs a geodesic buffer of the Natural Earth coast "
        "(median offset, m; see SOURCES.md):"
    )
    for row in report["coast_check"]:
        if row["samples"]:
            lines.append(
                f"  {row['site']}: {row['offset_median_m']:+,.0f} m ({row['baseline']})"
            )
    lines.append(f"Sea of Japan (East Sea) area: {report['sea_area_km2']:,.0f} km²")
    return "\n".join(lines)
