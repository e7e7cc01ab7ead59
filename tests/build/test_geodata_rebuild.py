"""Rebuilding the geodata from the pinned packages gives byte-identical files.

Needs the npm tarballs: taken from $PATROL_MAP_GEODATA_CACHE, else from the build's default
cache (.cache/geodata); when they are missing the build fetches them with ``npm pack`` (CI).
The build takes about 10 s.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from layers.build.geodata.build import build
from layers.cli.build_geodata import DEFAULT_CACHE
from layers.paths import GEODATA_DIR


@pytest.mark.slow
def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    cache = Path(os.environ.get("PATROL_MAP_GEODATA_CACHE", DEFAULT_CACHE))
    out = tmp_path / "geodata"
    out.mkdir()
    shutil.copy(GEODATA_DIR / "SOURCES.md", out / "SOURCES.md")  # its generated block is rebuilt
    report = build(out, cache, log=lambda message: None)
    assert report["sizes"]
    rebuilt = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    expected = {
        Path(name)
        for name in ("land.geojson", "sea.geojson", "airspace.geojson", "points.geojson",
                     "display/land.geojson", "display/sea.geojson", "display/airspace.geojson",
                     "SOURCES.md")
    }
    assert expected <= set(rebuilt)
    differing = [str(p) for p in rebuilt if (out / p).read_bytes() != (GEODATA_DIR / p).read_bytes()]
    assert not differing, f"rebuild differs from the committed files: {differing}"
