"""Reproducible build of the geodata layers in ``geodata/`` from pinned registry packages.

Run with ``python -m layers build-geodata [--cache DIR]``. Inputs are npm tarballs
(verified by sha256, fetched with ``npm pack`` when missing, read with :mod:`tarfile`);
outputs are written deterministically so that a rebuild is byte-identical.

Modules: :mod:`.packages` (inputs), :mod:`.geojson_io` (deterministic writing),
:mod:`.land`, :mod:`.airspace`, :mod:`.dokdo`, :mod:`.sea`, :mod:`.points`,
:mod:`.coast_check` (OSM limit vs a geodesic 12-nm buffer), :mod:`.display`,
:mod:`.build` (orchestrator). The ADIZs are built by :mod:`.adiz`.
"""

from __future__ import annotations

from layers.units import NM_M

#: The map region (lon_min, lat_min, lon_max, lat_max), degrees.
MAP_BOX: tuple[float, float, float, float] = (115.0, 20.0, 150.0, 50.0)
#: Clip box for land and airspace: larger than the map region so that the cut edge
#: never shows as a coastline inside the view.
CLIP_BOX: tuple[float, float, float, float] = (113.0, 18.0, 152.0, 52.0)
#: Extra land-only boxes: the Bering Sea either side of the antimeridian, for the July 2024
#: patrol near Alaska (land is a basemap there; no zone is built for that region).
LAND_EXTRA_BOXES: tuple[tuple[float, float, float, float], ...] = (
    (150.0, 48.0, 180.0, 72.0),
    (-180.0, 48.0, -150.0, 72.0),
)
#: 12 nautical miles and 3 nautical miles in metres (1 nm = 1852 m exactly).
TWELVE_NM_M = 12 * NM_M
THREE_NM_M = 3 * NM_M
