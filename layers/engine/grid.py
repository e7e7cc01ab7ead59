"""A lon/lat cell index over up to 64 zones: the fast path of the crossing engine.

One regular grid covers the union of the zones' bounding boxes. Every cell is classified per
zone: *boundary* when any edge of the zone passes through or touches it (edges rasterised
conservatively: each edge is cut into pieces shorter than half a cell and every cell of each
piece's bounding box is marked), otherwise *inside* or *outside* as a whole (decided for one
cell per row run by an exact point-in-polygon test). A cell stores a class id; per class two
64-bit masks (inside zones, boundary zones). A summed-area table of "boundary for any zone"
cells answers "does this box touch a boundary cell?" in O(1); per-cell CSR lists give the
candidate edges. Zone edges are straight in lon/lat (RFC 7946).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

#: Padding (in cells) that makes rasterisation and box tests robust to rounding.
EPS_CELLS = 1e-7
MAX_ZONES = 64


def zone_edges(geom: shapely.Geometry) -> NDArray[np.float64]:
    """All ring edges of a (Multi)Polygon as an (n, 4) array x0, y0, x1, y1 (lon/lat)."""
    rings = shapely.get_rings(shapely.get_parts(geom))
    out = []
    for ring in rings:
        xy = shapely.get_coordinates(ring)
        out.append(np.column_stack([xy[:-1], xy[1:]]))
    return np.concatenate(out) if out else np.empty((0, 4))


@dataclass
class ZoneGrid:
    """Cell index of up to 64 zones. Cell (ix, iy) spans x0+ix*dx .. x0+(ix+1)*dx (lon)."""

    geoms: list[shapely.Geometry]
    x0: float
    y0: float
    dx: float
    dy: float
    nx: int
    ny: int
    cell_class: NDArray[np.integer]  # (ny*nx,) class id per cell; class 0 = outside everything
    class_inside: NDArray[np.uint64]  # zones the whole cell lies inside (bit z = zone z)
    class_boundary: NDArray[np.uint64]  # zones with an edge through the cell
    boundary_sat: NDArray[np.int32]  # (ny+1, nx+1) summed-area table of any-boundary cells
    edges: NDArray[np.float64]  # (m, 4) x0, y0, x1, y1
    edge_zone: NDArray[np.int16]  # zone number of each edge
    cell_edge_ptr: NDArray[np.int64]  # CSR: edges of cell c are cell_edges[ptr[c]:ptr[c+1]]
    cell_edges: NDArray[np.int32]

    # ---------------------------------------------------------------- building
    @classmethod
    def build(cls, geoms: list[shapely.Geometry], cell_km: float = 2.0, max_cells: int = 3_000_000) -> ZoneGrid:
        """Rasterise ``geoms`` ((Multi)Polygons in lon/lat) onto a grid of ~``cell_km`` cells."""
        if not 0 < len(geoms) <= MAX_ZONES:
            raise ValueError(f"a ZoneGrid holds 1..{MAX_ZONES} zones, got {len(geoms)}")
        bounds = np.array([g.bounds for g in geoms])
        minx, miny = bounds[:, 0].min(), bounds[:, 1].min()
        maxx, maxy = bounds[:, 2].max(), bounds[:, 3].max()
        mid_lat = np.radians((miny + maxy) / 2)
        dy = cell_km / 111.0
        dx = dy / max(np.cos(mid_lat), 0.1)
        scale = max(1.0, np.sqrt(((maxx - minx) / dx + 4) * ((maxy - miny) / dy + 4) / max_cells))
        dx, dy = dx * scale, dy * scale
        x0, y0 = minx - 2 * dx, miny - 2 * dy
        nx = int(np.ceil((maxx - x0) / dx)) + 2
        ny = int(np.ceil((maxy - y0) / dy)) + 2
        ncell = nx * ny

        edge_list, zone_list = [], []
        for z, geom in enumerate(geoms):
            e = zone_edges(geom)
            edge_list.append(e)
            zone_list.append(np.full(len(e), z, np.int16))
        edges = np.concatenate(edge_list)
        edge_zone = np.concatenate(zone_list)

        # Conservative rasterisation: (cell, edge) pairs.
        gx0 = (edges[:, 0] - x0) / dx
        gy0 = (edges[:, 1] - y0) / dy
        gx1 = (edges[:, 2] - x0) / dx
        gy1 = (edges[:, 3] - y0) / dy
        npieces = np.maximum(1, np.ceil(np.maximum(abs(gx1 - gx0), abs(gy1 - gy0)) / 0.5)).astype(np.int64)
        eid = np.repeat(np.arange(len(edges)), npieces)
        k = np.arange(len(eid)) - np.repeat(np.cumsum(npieces) - npieces, npieces)
        a = k / npieces[eid]
        b = (k + 1) / npieces[eid]
        px0 = gx0[eid] + (gx1 - gx0)[eid] * a
        px1 = gx0[eid] + (gx1 - gx0)[eid] * b
        py0 = gy0[eid] + (gy1 - gy0)[eid] * a
        py1 = gy0[eid] + (gy1 - gy0)[eid] * b
        ix_lo = np.floor(np.minimum(px0, px1) - EPS_CELLS).astype(np.int64)
        ix_hi = np.floor(np.maximum(px0, px1) + EPS_CELLS).astype(np.int64)
        iy_lo = np.floor(np.minimum(py0, py1) - EPS_CELLS).astype(np.int64)
        iy_hi = np.floor(np.maximum(py0, py1) + EPS_CELLS).astype(np.int64)
        cells, owners = [], []
        for ix in (ix_lo, ix_hi):
            for iy in (iy_lo, iy_hi):
                cells.append(np.clip(iy, 0, ny - 1) * nx + np.clip(ix, 0, nx - 1))
                owners.append(eid)
        pair = np.unique(np.concatenate(cells) * len(edges) + np.concatenate(owners))
        pair_cell = pair // len(edges)
        pair_edge = (pair % len(edges)).astype(np.int32)
        ptr = np.zeros(ncell + 1, np.int64)
        np.cumsum(np.bincount(pair_cell, minlength=ncell), out=ptr[1:])

        # Per-zone boundary / inside classification.
        inside_bits = np.zeros(ncell, np.uint64)
        boundary_bits = np.zeros(ncell, np.uint64)
        for z, geom in enumerate(geoms):
            bit = np.uint64(1) << np.uint64(z)
            zcells = np.unique(pair_cell[edge_zone[pair_edge] == z])
            boundary_bits[zcells] |= bit
            (iy0, iy1, ix0, ix1), window = cls._inside_cells(geom, zcells, bounds[z], x0, y0, dx, dy, nx, ny)
            view = inside_bits.reshape(ny, nx)[iy0:iy1, ix0:ix1]
            view[window] |= bit

        # np.unique(..., return_inverse=True) sorts millions of cells; few distinct values
        # exist, so hash-unique then searchsorted is much faster.
        inside_values = np.sort(np.unique(inside_bits))
        boundary_values = np.sort(np.unique(boundary_bits))
        key = np.searchsorted(inside_values, inside_bits).astype(np.int64) * len(boundary_values)
        key += np.searchsorted(boundary_values, boundary_bits)
        uniq = np.sort(np.unique(key))
        cell_class = np.searchsorted(uniq, key)
        # The grid has a 2-cell margin outside every zone, so key 0 ("outside everything, no
        # boundary") exists and becomes class 0, which points off the grid also get.
        assert uniq[0] == 0 and inside_values[0] == 0 and boundary_values[0] == 0
        table = np.column_stack(
            [inside_values[uniq // len(boundary_values)], boundary_values[uniq % len(boundary_values)]]
        )
        cell_class = cell_class.astype(np.uint16 if len(table) < 65536 else np.uint32)
        any_boundary = (boundary_bits != 0).reshape(ny, nx).astype(np.int32)
        sat = np.zeros((ny + 1, nx + 1), np.int32)
        sat[1:, 1:] = any_boundary.cumsum(0).cumsum(1)
        return cls(
            geoms=list(geoms),
            x0=float(x0),
            y0=float(y0),
            dx=float(dx),
            dy=float(dy),
            nx=nx,
            ny=ny,
            cell_class=cell_class,
            class_inside=table[:, 0].copy(),
            class_boundary=table[:, 1].copy(),
            boundary_sat=sat,
            edges=edges,
            edge_zone=edge_zone,
            cell_edge_ptr=ptr,
            cell_edges=pair_edge,
        )

    @staticmethod
    def _inside_cells(
        geom: shapely.Geometry,
        boundary_cells: NDArray[np.int64],
        bounds: NDArray[np.float64],
        x0: float,
        y0: float,
        dx: float,
        dy: float,
        nx: int,
        ny: int,
    ) -> tuple[tuple[int, int, int, int], NDArray[np.bool_]]:
        """Window (iy0, iy1, ix0, ix1) around the zone's bbox and, within it, True for the
        non-boundary cells wholly inside ``geom``."""
        ix0 = max(0, int(np.floor((bounds[0] - x0) / dx)) - 1)
        ix1 = min(nx, int(np.floor((bounds[2] - x0) / dx)) + 2)
        iy0 = max(0, int(np.floor((bounds[1] - y0) / dy)) - 1)
        iy1 = min(ny, int(np.floor((bounds[3] - y0) / dy)) + 2)
        wx, wy = ix1 - ix0, iy1 - iy0
        is_b = np.zeros((wy, wx), bool)
        bi, bj = np.divmod(boundary_cells, nx)
        is_b[bi - iy0, bj - ix0] = True
        free = ~is_b
        # A run of free cells in a row has one state; test the first cell of each run.
        start = free.copy()
        start[:, 1:] &= is_b[:, :-1]
        flat_start = start.ravel()
        idx = np.nonzero(flat_start)[0]
        ry, rx = np.divmod(idx, wx)
        cx = x0 + (rx + ix0 + 0.5) * dx
        cy = y0 + (ry + iy0 + 0.5) * dy
        shapely.prepare(geom)
        state = np.zeros(wx * wy, bool)
        state[idx] = shapely.contains_xy(geom, cx, cy)
        last_start = np.maximum.accumulate(np.where(flat_start, np.arange(wx * wy), 0))
        window = (state[last_start] & free.ravel()).reshape(wy, wx)
        return (iy0, iy1, ix0, ix1), window

    # ---------------------------------------------------------------- queries
    def cell_of(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.int64]:
        """Flat cell index of each point, -1 outside the grid."""
        gx = np.floor((lon - self.x0) / self.dx)
        gy = np.floor((lat - self.y0) / self.dy)
        ok = (gx >= 0) & (gx < self.nx) & (gy >= 0) & (gy < self.ny)
        return np.where(ok, gy * self.nx + gx, -1).astype(np.int64)

    def classes_of(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.integer]:
        """Class id of each point's cell (0 outside the grid)."""
        cell = self.cell_of(lon, lat)
        cls_ = self.cell_class[np.maximum(cell, 0)]
        return np.where(cell >= 0, cls_, 0)

    def box_cells(
        self, xmin: NDArray[np.float64], ymin: NDArray[np.float64], xmax: NDArray[np.float64], ymax: NDArray[np.float64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """Inclusive cell ranges (ix0, iy0, ix1, iy1) of boxes, padded, clipped to the grid.

        A box entirely outside the grid gets ix1 < ix0.
        """
        ix0 = np.floor((xmin - self.x0) / self.dx - EPS_CELLS)
        ix1 = np.floor((xmax - self.x0) / self.dx + EPS_CELLS)
        iy0 = np.floor((ymin - self.y0) / self.dy - EPS_CELLS)
        iy1 = np.floor((ymax - self.y0) / self.dy + EPS_CELLS)
        out = (ix1 < 0) | (ix0 >= self.nx) | (iy1 < 0) | (iy0 >= self.ny)
        ix0 = np.clip(ix0, 0, self.nx - 1).astype(np.int64)
        ix1 = np.clip(ix1, 0, self.nx - 1).astype(np.int64)
        iy0 = np.clip(iy0, 0, self.ny - 1).astype(np.int64)
        iy1 = np.clip(iy1, 0, self.ny - 1).astype(np.int64)
        ix1 = np.where(out, ix0 - 1, ix1)
        return ix0, iy0, ix1, iy1

    def boxes_touch_boundary(
        self, ix0: NDArray[np.int64], iy0: NDArray[np.int64], ix1: NDArray[np.int64], iy1: NDArray[np.int64]
    ) -> NDArray[np.bool_]:
        """True where a cell range contains at least one boundary cell (any zone)."""
        s = self.boundary_sat
        valid = ix1 >= ix0
        a, b = np.maximum(ix1, ix0) + 1, iy1 + 1
        count = s[b, a] - s[iy0, a] - s[b, ix0] + s[iy0, ix0]
        return valid & (count > 0)
