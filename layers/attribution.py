"""Attribution for the map's attribution control, exports and the README.

The territorial-sea layer is derived from OpenStreetMap (ODbL 1.0: attribution and
share-alike, see geodata/LICENSE-ODbL.txt); land and coasts are Natural Earth (public
domain). The ADIZs are transcribed from government texts (see geodata/SOURCES.md).
"""

from __future__ import annotations

#: Plain-text attribution (exports, README, command line).
ATTRIBUTION_TEXT = (
    "Territorial sea and national boundaries: © OpenStreetMap contributors, available under "
    "the Open Database License (ODbL) 1.0, via the npm package @osm_borders/maritime_10m 1.1.0. "
    "Land and coastlines: Made with Natural Earth (public domain), via the npm package "
    "world-atlas 2.0.2. Sea of Japan (East Sea) limits after IHO S-23 (1953). "
    "ADIZs and the Dokdo/Takeshima zone: see geodata/SOURCES.md."
)

#: HTML attribution for the Leaflet/folium attribution control.
ATTRIBUTION_HTML = (
    'Territorial sea: © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
    'contributors (<a href="https://opendatacommons.org/licenses/odbl/1-0/">ODbL 1.0</a>), '
    "via @osm_borders/maritime_10m 1.1.0 · "
    'Land: Made with <a href="https://www.naturalearthdata.com/">Natural Earth</a> '
    "(public domain), via world-atlas 2.0.2 · "
    "Sea of Japan (East Sea) limits after IHO S-23 (1953) · ADIZs: government texts "
    "(see geodata/SOURCES.md)"
)

__all__ = ["ATTRIBUTION_HTML", "ATTRIBUTION_TEXT"]
