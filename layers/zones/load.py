"""Load the built-in geodata layers from ``geodata/`` as validated, cached GeoDataFrames.

Two resolutions: ``"analysis"`` (full resolution, for the crossing engine) and
``"display"`` (simplified, for the browser). Data flows one way: files -> these loaders ->
analysis -> maps and exports.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd

from layers.engine.zoneset import ZoneSet
from layers.paths import GEODATA_DIR
from layers.zones.schema import CRS, ZONE_COLUMNS, validate_zones

Resolution = Literal["analysis", "display"]

#: Polygon layer files, in drawing order (bottom first).
ZONE_FILES: tuple[str, ...] = ("land.geojson", "sea.geojson", "airspace.geojson", "adiz.geojson")


def _path(name: str, resolution: Resolution) -> Path:
    if resolution == "display":
        return GEODATA_DIR / "display" / name
    return GEODATA_DIR / name


@lru_cache(maxsize=8)
def _read_zones(resolution: Resolution) -> gpd.GeoDataFrame:
    frames = []
    for name in ZONE_FILES:
        path = _path(name, resolution)
        frame = gpd.read_file(path)
        if frame.crs is None:
            frame = frame.set_crs(CRS)
        validate_zones(frame, source=str(path.relative_to(GEODATA_DIR.parent)))
        frames.append(frame)
    zones = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=CRS)
    for column in ZONE_COLUMNS:
        if column != "id":
            zones[column] = zones[column].fillna("").astype(str)
    zones = zones.set_index("id", drop=False)
    zones.index.name = None
    return validate_zones(zones, source="geodata")


def load_zones(
    kinds: tuple[str, ...] | None = None, resolution: Resolution = "analysis"
) -> gpd.GeoDataFrame:
    """All built-in layers in the zone schema, indexed by ``id`` (a copy; safe to modify).

    ``kinds`` filters on the ``kind`` column, e.g. ``("adiz", "territorial-airspace")``.
    """
    zones = _read_zones(resolution)
    if kinds is not None:
        zones = zones[zones["kind"].isin(kinds)]
    return zones.copy()


def load_airspace_zones(resolution: Resolution = "analysis") -> gpd.GeoDataFrame:
    """The zones the crossing engine checks by default: territorial airspace and ADIZs."""
    return load_zones(("territorial-airspace", "adiz"), resolution)


@lru_cache(maxsize=1)
def _read_points() -> gpd.GeoDataFrame:
    return gpd.read_file(GEODATA_DIR / "points.geojson")


def load_points() -> gpd.GeoDataFrame:
    """Reference points (Dokdo/Takeshima islets, Ulleungdo, Oki, Ieodo, Tsushima, Jeju …)."""
    return _read_points().copy()


@lru_cache(maxsize=1)
def _read_boundaries() -> gpd.GeoDataFrame:
    return gpd.read_file(GEODATA_DIR / "boundaries.geojson")


def load_boundaries() -> gpd.GeoDataFrame:
    """ADIZ boundary segments as LineStrings with ``zone_id``, ``confidence`` and ``source``.

    Segments with ``approximate`` true are not backed by an official text: drawn dashed, and
    a crossing of one is reported as on an "approximate boundary".
    """
    return _read_boundaries().copy()


@lru_cache(maxsize=2)
def airspace_zone_set(resolution: Resolution = "analysis") -> ZoneSet:
    """The built-in territorial airspace and ADIZs with their edge segments (approximate parts
    and limits of drawn data), prepared once per process for the engine."""
    return ZoneSet(load_airspace_zones(resolution), load_boundaries())
