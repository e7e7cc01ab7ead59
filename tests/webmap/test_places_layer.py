"""The "Reported event places" layer of the web map."""

from __future__ import annotations

import folium
import pandas as pd

from layers.scenarios.places import event_place
from layers.webmap.places import PLACES_LAYER, add_event_places


def test_places_layer_draws_sector_and_point_with_tooltips() -> None:
    sector = event_place({"kind": "sector", "anchor": "dokdo-dongdo", "bearing_deg": (0, 90),
                          "range_km": (20, 80), "basis": "reported: north-east of Dokdo"})
    point = event_place({"kind": "point", "lat": 33.0, "lon": 124.0, "uncertainty_km": 30,
                         "basis": "derived: <computed>"})
    assert sector is not None and point is not None
    event = {"time": pd.Timestamp("2026-06-27T01:30Z"), "aircraft": "H-6K ×2", "event": "entry",
             "place": "north-east of Dokdo / Takeshima (Liancourt Rocks)"}
    fmap = folium.Map()
    assert add_event_places(fmap, [(event, sector), (event, point)])
    html = fmap.get_root().render()
    groups = [c for c in fmap._children.values() if isinstance(c, folium.FeatureGroup)]
    assert [g.layer_name for g in groups] == [PLACES_LAYER]
    assert "pm-place-point" in html
    assert "10:30 KST" in html and "01:30 UTC" in html  # local time with UTC
    assert "Reported place" in html and "not a track" in html
    assert "&lt;computed&gt;" in html  # escaped basis
    assert not add_event_places(folium.Map(), [])


def test_build_map_draws_places_without_tracks() -> None:
    from layers.webmap.build import build_map
    from layers.zones.load import load_points, load_zones

    sector = event_place({"kind": "sector", "anchor": "dokdo-dongdo", "bearing_deg": (0, 90),
                          "range_km": (20, 80), "basis": "reported: north-east of Dokdo"})
    event = {"time": pd.Timestamp("2026-06-27T01:30Z"), "aircraft": "H-6K ×2", "event": "entry"}
    html = build_map(load_zones(resolution="display"), load_points(),
                     places=[(event, sector)]).get_root().render()
    assert PLACES_LAYER in html and "Reported place" in html
    assert "reported event place (not a track)" in html  # the legend explains it
    bare = build_map(load_zones(resolution="display")).get_root().render()
    assert PLACES_LAYER not in bare and "reported event place" not in bare
