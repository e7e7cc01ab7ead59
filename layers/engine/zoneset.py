"""A zone set prepared for the engine: the zone table, its cell grids and boundary distances
(built lazily, cached on the object) and the flagged boundary segments.

Build one with :class:`ZoneSet` and reuse it: the grid of the built-in zones takes ~0.3-0.5 s
to build (:func:`layers.zones.load.airspace_zone_set` keeps one for the process). The engine
never reads geodata itself: the ADIZ edge segments marked approximate, and the lines where
drawn data ends, come in as ``boundaries``.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.engine.distance import BoundaryDistance
from layers.engine.grid import MAX_ZONES, ZoneGrid
from layers.errors import InputError
from layers.zones.schema import check_polygon


def zone_table(zones: gpd.GeoDataFrame) -> pd.DataFrame:
    """``zone_id``, ``zone_name``, ``zone_kind``, ``zone_state`` and ``geometry`` (EPSG:4326)
    of ``zones``, each polygon checked (:func:`layers.zones.schema.check_polygon`)."""
    if zones.crs is not None and not zones.crs.equals("EPSG:4326"):
        zones = zones.to_crs("EPSG:4326")
    ids = zones["id"] if "id" in zones.columns else pd.Series(zones.index, index=zones.index)
    table = pd.DataFrame(
        {
            "zone_id": ids.astype(str).to_numpy(),
            "zone_name": zones["name"].astype(str).to_numpy() if "name" in zones else ids.astype(str).to_numpy(),
            "zone_kind": zones["kind"].astype(str).to_numpy() if "kind" in zones else "",
            "zone_state": zones["state"].fillna("").astype(str).to_numpy() if "state" in zones else "",
        }
    )
    geoms = list(zones.geometry)
    for row, (zone_id, geom) in enumerate(zip(table["zone_id"], geoms, strict=True), start=1):
        check_polygon(geom, zone_id, source="zones", row=row)
    if table["zone_id"].duplicated().any():
        dup = table.loc[table["zone_id"].duplicated(), "zone_id"].iloc[0]
        raise InputError(f"duplicate zone id {dup}", source="zones", field="id")
    table["geometry"] = geoms
    return table


class ZoneSet:
    """Zones for :func:`layers.engine.crossings.find_crossings`; see the module docstring.

    ``zones``: a GeoDataFrame in the zone schema (at least ``id`` and (Multi)Polygon geometry).
    ``boundaries``: edge segments with ``zone_id``, ``approximate`` and ``kind`` columns
    (geodata/boundaries.geojson), or ``None``.
    """

    def __init__(self, zones: gpd.GeoDataFrame, boundaries: gpd.GeoDataFrame | None = None) -> None:
        self.zones = zones
        self.boundaries = boundaries
        self.table = zone_table(zones)
        self._distances: dict[bytes, BoundaryDistance] = {}

    def __len__(self) -> int:
        return len(self.table)

    @property
    def ids(self) -> list[str]:
        return list(self.table["zone_id"])

    @property
    def geometries(self) -> list[Any]:
        return list(self.table["geometry"])

    @cached_property
    def grids(self) -> list[tuple[int, ZoneGrid]]:
        """(first zone number, grid) for each block of up to :data:`MAX_ZONES` zones."""
        geoms = self.geometries
        return [(c0, ZoneGrid.build(geoms[c0 : c0 + MAX_ZONES])) for c0 in range(0, len(geoms), MAX_ZONES)]

    def distance(self, geom: shapely.Geometry) -> BoundaryDistance:
        """The boundary-distance helper of one of the set's zones (built once)."""
        key = shapely.to_wkb(geom)
        if key not in self._distances:
            self._distances[key] = BoundaryDistance(geom)
        return self._distances[key]

    @cached_property
    def flagged(self) -> dict[str, dict[str, BoundaryDistance]]:
        """Distance helpers per zone id over its ``approximate`` segments and its
        ``data-limit`` lines (kind ``truncation*``: where drawn data ends, not a boundary)."""
        return {"approximate": self._segments(truncation_only=False),
                "data-limit": self._segments(truncation_only=True)}

    def _segments(self, truncation_only: bool) -> dict[str, BoundaryDistance]:
        boundaries = self.boundaries
        if boundaries is None or len(boundaries) == 0 or "approximate" not in boundaries:
            return {}
        ids = set(self.ids)
        approx = boundaries[boundaries["approximate"].fillna(False).astype(bool)]
        if truncation_only:
            kinds = approx["kind"] if "kind" in approx else pd.Series("", index=approx.index)
            approx = approx[kinds.fillna("").astype(str).str.startswith("truncation")]
        out = {}
        for zone_id, group in approx.groupby("zone_id"):
            if zone_id in ids:
                edges = []
                for geom in group.geometry:
                    for line in shapely.get_parts(geom):
                        xy = shapely.get_coordinates(line)
                        edges.append(np.column_stack([xy[:-1], xy[1:]]))
                if edges:
                    out[str(zone_id)] = BoundaryDistance(edges=np.concatenate(edges))
        return out


def as_zone_set(zones: ZoneSet | gpd.GeoDataFrame, boundaries: gpd.GeoDataFrame | None = None) -> ZoneSet:
    """``zones`` itself when it is a :class:`ZoneSet`, else a new one (with ``boundaries``)."""
    if isinstance(zones, ZoneSet):
        if boundaries is not None:
            raise ValueError("pass boundaries when building the ZoneSet, not with it")
        return zones
    return ZoneSet(zones, boundaries)


__all__ = ["ZoneSet", "as_zone_set", "zone_table"]
