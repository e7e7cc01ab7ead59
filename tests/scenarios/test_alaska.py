"""The 2024-07-24 (Bering Sea) patrol: a schematic loop, drawn far off every coast.

NORAD: the aircraft "remained in international airspace"; reports place them well off the
coasts, so no drawn fix or leg may come within :data:`MIN_LAND_NM` of land
(``geodata/land.geojson``, Natural Earth 1:10m): St Matthew Island, St Lawrence Island, the
Pribilofs, the Aleutians and the Chukotka (Koryak) and Alaska coasts. Distances are WGS84
geodesics (:class:`layers.engine.distance.BoundaryDistance`, about a metre).
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from layers.engine.distance import BoundaryDistance
from layers.paths import GEODATA_DIR
from layers.scenarios.model import load_scenario
from layers.units import NM_M

SCENARIO = "2024-07-24"
#: The stated distance (also in every waypoint's ``basis``).
MIN_LAND_NM = 130.0
#: Land of the states round the Bering Sea; every other land feature lies much farther.
NEAR_LAND = ("land-RU", "land-US")
#: Legs are sampled this often (metres).
SAMPLE_M = 2_000.0


@cache
def _land() -> dict[str, shapely.Geometry]:
    data = json.loads((GEODATA_DIR / "land.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: shape(f["geometry"]) for f in data["features"]}


@cache
def _distances() -> dict[str, BoundaryDistance]:
    return {key: BoundaryDistance(_land()[key]) for key in NEAR_LAND}


def land_distance_m(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Geodesic distance (m) from each point to the nearest coast of Russia or Alaska; 0 on land."""
    lon = (np.asarray(lon, float) + 180.0) % 360.0 - 180.0
    lat = np.asarray(lat, float)
    best = np.full(len(lon), np.inf)
    for key, distance in _distances().items():
        d, _, _ = distance.exact_many(lon, lat)
        d = np.where(shapely.contains_xy(_land()[key], lon, lat), 0.0, d)
        best = np.minimum(best, d)
    return best


def test_land_distance_sees_st_matthew_island() -> None:
    """The measure itself: the middle of St Matthew Island (60.40 N 172.75 W) is on land (0) and
    a point 40 nm west of it is 20-40 nm from its west coast (the island is ~15 nm wide there),
    not hundreds."""
    from layers.geo.geodesy import forward

    lon, lat = forward(-172.75, 60.40, 270.0, 40 * NM_M)
    near = land_distance_m(np.array([float(np.ravel(lon)[0]), -172.75]),
                           np.array([float(np.ravel(lat)[0]), 60.40]))
    assert near[1] == 0.0
    assert 20 * NM_M < near[0] < 40 * NM_M


def test_other_land_is_far_from_the_bering_sea() -> None:
    """Only Russia and Alaska need measuring: every other land feature is > 15° away."""
    box = shapely.box(165.0, 50.0, 180.0, 66.0)
    east = shapely.box(-180.0, 50.0, -160.0, 66.0)
    for key, geom in _land().items():
        if key not in NEAR_LAND:
            assert shapely.distance(geom, box) > 15 and shapely.distance(geom, east) > 15, key


@pytest.mark.parametrize("track_id", [f"{SCENARIO}/Tu-95MS", f"{SCENARIO}/H-6K"])
def test_every_fix_and_leg_stays_far_off_the_coasts(track_id: str) -> None:
    track = load_scenario(SCENARIO).track(track_id)
    fixes = land_distance_m(track.lon, track.lat)
    assert (fixes > MIN_LAND_NM * NM_M).all(), (fixes / NM_M).round(1)
    dense = track.densify(max_step_m=SAMPLE_M)
    legs = land_distance_m(dense.lon, dense.lat)
    assert len(dense.lon) > 500
    assert legs.min() > MIN_LAND_NM * NM_M, f"{legs.min() / NM_M:.1f} nm"


def test_bases_state_the_distance_and_the_schematic() -> None:
    scenario = load_scenario(SCENARIO)
    for track in scenario.tracks:
        assert track.meta["schematic"]
        for basis in track.data["basis"]:
            assert basis.startswith("schematic:")
            assert f"more than {MIN_LAND_NM:.0f} nm from land" in basis


def test_the_loop_reaches_east_of_180_and_the_aircraft_flew_together() -> None:
    """East of 180° (where NORAD reported them in the Alaska ADIZ); both pairs on one loop."""
    tracks = load_scenario(SCENARIO).tracks
    assert any((np.asarray(t.lon) < 0).any() for t in tracks)
    assert np.allclose(tracks[0].lon, tracks[1].lon) and np.allclose(tracks[0].lat, tracks[1].lat)


# ---------------------------------------------------------------------- region (page title)
def test_region_titles_the_scenario() -> None:
    from layers.tracks.naming import region_title

    alaska, sea_of_japan = load_scenario(SCENARIO), load_scenario("2019-07-23")
    assert alaska.region == "Bering Sea and North Pacific"
    assert alaska.page_title == "Patrol Map: Bering Sea and North Pacific"
    assert sea_of_japan.region == "Sea of Japan (East Sea)"  # no region key: the default
    assert sea_of_japan.page_title == region_title("Sea of Japan (East Sea)")


@pytest.mark.parametrize(("value", "words"), [(42, "expected str"), ("", "empty"),
                                             ("Bering Sea\nand more", "one line"), ("x" * 61, "longer")])
def test_bad_region_names_file_and_field(tmp_path, value: object, words: str) -> None:
    from layers.errors import InputError
    from layers.scenarios.model import SCENARIO_DIR, load_scenario_file

    doc = json.loads((SCENARIO_DIR / f"{SCENARIO}.json").read_text(encoding="utf-8"))
    doc["region"] = value
    path = tmp_path / f"{SCENARIO}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario_file(path)
    assert info.value.field == "region" and words in str(info.value)
    assert f"{SCENARIO}.json" in str(info.value)
