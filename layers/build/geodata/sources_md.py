"""Keep the measured figures in geodata/SOURCES.md in step with the build.

Only the block between :data:`BEGIN` and :data:`END` is rewritten; the rest of the file
(hand-written provenance, the ADIZ section) is left as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from layers.build.geodata import coast_check
from layers.build.geodata.packages import PACKAGES
from layers.build.geodata.sea import CAPES

BEGIN = "<!-- BEGIN build-geodata measurements (generated; do not edit by hand) -->"
END = "<!-- END build-geodata measurements -->"


def measurements_markdown(report: dict[str, Any]) -> str:
    """The generated block (Markdown), deterministic."""
    d = report["dokdo_vs_osm"]
    lines = [
        "#### Inputs (sha256 verified at every build)",
        "",
        "| Package | Version | File used | sha256 of the npm tarball |",
        "|---|---|---|---|",
    ]
    lines += [f"| {p.name} | {p.version} | `{p.member}` | `{p.sha256}` |" for p in PACKAGES]
    lines += [
        "",
        "#### Dokdo / Takeshima: OSM circle vs the geodesic 12-nm zone",
        "",
        f"Distance from the islets' centre to each ring along {d['bearings']:.0f} bearings "
        "(1° apart), measured in the azimuthal-equidistant plane centred on the islets:",
        "",
        f"- OSM minus geodesic: median {d['osm_minus_geodesic_median_m']:+,.0f} m, "
        f"min {d['osm_minus_geodesic_min_m']:+,.0f} m, max {d['osm_minus_geodesic_max_m']:+,.0f} m "
        f"(|difference| median {d['abs_diff_median_m']:,.0f} m, max {d['abs_diff_max_m']:,.0f} m).",
        f"- OSM ring ({d['osm_vertices']:.0f} vertices) to the nearest NGII islet summit: "
        f"min {d['osm_ring_to_nearest_summit_min_m']:,.0f} m, median "
        f"{d['osm_ring_to_nearest_summit_median_m']:,.0f} m, max "
        f"{d['osm_ring_to_nearest_summit_max_m']:,.0f} m (12 nm = 22,224 m).",
        "",
        "#### OSM territorial-sea limit vs a geodesic buffer of the coast",
        "",
        coast_check.TABLE_HEADER,
    ]
    lines += [coast_check.format_row(row) for row in report["coast_check"]]
    lines += [
        "",
        "#### Sea of Japan (East Sea): located S-23 capes",
        "",
        "| Cape (S-23 wording; the S-23 coordinate is the one in brackets) | Lat | Lon |",
        "|---|---|---|",
    ]
    for key, (lon, lat) in report["capes"].items():
        lines.append(f"| {CAPES[key].name} | {lat:.4f} | {lon:.4f} |")
    lines += ["", f"Area of sea-japan (geodesic): {report['sea_area_km2']:,.0f} km².", ""]
    return "\n".join(lines)


def update_sources_md(path: Path, report: dict[str, Any]) -> bool:
    """Rewrite the generated block of ``path`` if the file and its markers exist."""
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return False
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n{measurements_markdown(report)}{END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return True
