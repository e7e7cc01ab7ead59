"""One disputed-zone rule, read from each zone's own properties."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from layers.webmap.build import build_map
from layers.webmap.features import render_html
from layers.zones.disputed import disputed_text, is_disputed
from layers.zones.load import load_zones


def test_built_in_dokdo_is_disputed_by_its_data() -> None:
    zones = load_zones(resolution="display")
    disputed = [z for z, row in zones.iterrows() if is_disputed(row)]
    assert disputed == ["airspace-dokdo"]
    assert disputed_text(zones.loc["airspace-dokdo"]) == (
        "Dokdo / Takeshima (Liancourt Rocks): disputed (administered by the Republic of Korea; claimed by Japan)")


def test_a_second_disputed_zone_speaks_for_itself() -> None:
    zones = load_zones(resolution="display")
    extra = gpd.GeoDataFrame([{
        "id": "airspace-test", "kind": "territorial-airspace", "state": "JP", "name": "Test Islets (example)",
        "claimants": "JP,CN", "note": "claimed by two states in this test", "confidence": "derived",
        "source": "test", "geometry": shapely.Point(125.0, 30.0).buffer(0.2),
    }], crs=zones.crs).set_index("id", drop=False)
    both = pd.concat([zones, extra])
    assert is_disputed(extra.iloc[0]) and not is_disputed(pd.Series({"claimants": "KR"}))
    html = render_html(build_map(both))
    assert "Test Islets (example): disputed (claimed by two states in this test)" in html
    assert "Disputed zones" in html  # the map's toggle names no single zone when there are two
