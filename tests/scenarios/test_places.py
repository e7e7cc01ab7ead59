"""Reported-event places (layers/scenarios/places.py) and the per-patrol confidence sentence."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
import shapely

from layers.errors import InputError
from layers.geo import geodesy
from layers.scenarios.confidence import track_confidence
from layers.scenarios.model import SCENARIO_DIR, load_scenario, load_scenario_file
from layers.scenarios.places import event_place, scenario_places

DOKDO = (131.8696, 37.2408)  # dokdo-dongdo in geodata/points.geojson
ANCHORS = {"dokdo-dongdo": DOKDO}


def _sector(b0: float, b1: float, r0: float = 20.0, r1: float = 80.0) -> dict:
    return {"kind": "sector", "anchor": "dokdo-dongdo", "bearing_deg": (b0, b1),
            "range_km": (r0, r1), "basis": "reported: north-east of Dokdo / Takeshima"}


def _bearing_range(lon: float, lat: float) -> tuple[float, float]:
    az, _, dist = geodesy.inverse(DOKDO[0], DOKDO[1], lon, lat)
    return float(az[0]) % 360.0, float(dist[0])


@pytest.mark.parametrize(("b0", "b1"), [(0.0, 90.0), (300.0, 420.0)])
def test_sector_corners_are_at_the_stated_bearings_and_ranges(b0: float, b1: float) -> None:
    place = event_place(_sector(b0, b1), anchors=ANCHORS)
    assert place is not None and place.kind == "sector" and place.area.is_valid
    ring = np.asarray(place.area.exterior.coords)
    for bearing in (b0 % 360, b1 % 360):
        for range_m in (20_000.0, 80_000.0):
            # a vertex of the ring is at this corner (pyproj inverse from the anchor)
            found = [abs(((_bearing_range(x, y)[0] - bearing + 180) % 360) - 180) < 1e-6
                     and abs(_bearing_range(x, y)[1] - range_m) < 1.0 for x, y in ring]
            assert any(found), (bearing, range_m)
    # every vertex lies within the ranges and the clockwise bearing span
    for x, y in ring:
        az, dist = _bearing_range(x, y)
        assert 20_000.0 - 1 <= dist <= 80_000.0 + 1
        assert ((az - b0 + 1e-6) % 360.0) <= (b1 - b0) + 2e-6
    span = b1 - b0
    outside = ((b0 + span + (360 - span) / 2) % 360)  # the middle of the excluded bearings
    probe = geodesy.forward(*DOKDO, outside, 50_000.0)
    assert not place.area.contains(shapely.Point(probe[0][0], probe[1][0]))
    middle = geodesy.forward(*DOKDO, (b0 + span / 2) % 360, 50_000.0)
    assert place.area.contains(shapely.Point(middle[0][0], middle[1][0]))


def test_sector_edges_are_densified_geodesics() -> None:
    place = event_place(_sector(0.0, 90.0), anchors=ANCHORS)
    assert place is not None
    ring = np.asarray(place.area.exterior.coords)
    az = np.array([_bearing_range(x, y)[0] for x, y in ring])
    # the first radial (bearing 0) has intermediate points, every one on the geodesic
    on_first = np.sum(np.abs(((az + 180) % 360) - 180) < 1e-6)
    assert on_first >= 5


def test_point_uncertainty_circle_is_geodesic() -> None:
    where = {"kind": "point", "lat": 33.0, "lon": 124.0, "uncertainty_km": 30.0,
             "basis": "derived: 126 km north-west of Ieodo"}
    place = event_place(where, anchors=ANCHORS)
    assert place is not None and place.point is not None
    assert place.point.x == 124.0 and place.point.y == 33.0
    ring = np.asarray(place.area.exterior.coords)
    n = len(ring)
    dist = geodesy.distance_m(np.full(n, 124.0), np.full(n, 33.0), ring[:, 0], ring[:, 1])
    assert np.allclose(dist, 30_000.0, atol=1.0)


def test_bad_anchor_is_a_one_line_input_error_naming_file_and_event() -> None:
    bad = _sector(0, 90) | {"anchor": "atlantis"}
    with pytest.raises(InputError) as info:
        event_place(bad, source="geodata/scenarios/x.json", event_id="ev-3")
    message = str(info.value)
    assert "\n" not in message
    assert "geodata/scenarios/x.json" in message and "ev-3" in message and "atlantis" in message


def _no_track_copy(tmp_path: Path, where: list[dict | None]) -> Path:
    data = json.loads((SCENARIO_DIR / "2026-06-27.json").read_text(encoding="utf-8"))
    event = data["events_reported"][0]
    events = []
    for i, place in enumerate(where):
        ev = copy.deepcopy(event) | {"id": f"ev-{i}", "time": f"2026-06-27T0{i}:30:00Z",
                                     "time_local": f"2026-06-27T{i + 9:02d}:30:00+09:00",
                                     "time_basis": "reported"}
        if place is not None:
            ev["where"] = place
        events.append(ev)
    data["events_reported"] = events
    path = tmp_path / "2026-06-27.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_scenario_places_and_bad_anchor_in_a_file(tmp_path: Path) -> None:
    good = _sector(0, 90) | {"range_km": [20, 80], "bearing_deg": [0, 90]}
    scenario = load_scenario_file(_no_track_copy(tmp_path, [good, None]))
    places = scenario_places(scenario)
    assert [row["id"] for row, _ in places] == ["ev-0"]
    bad = good | {"anchor": "atlantis"}
    other = tmp_path / "b"
    other.mkdir()
    with pytest.raises(InputError, match=r"2026-06-27\.json.*ev-0"):
        scenario_places(load_scenario_file(_no_track_copy(other, [bad])))


def test_confidence_sentence(tmp_path: Path) -> None:
    c2019 = track_confidence(load_scenario("2019-07-23"))
    scenario = load_scenario("2019-07-23")
    pinned = {t for tr in scenario.tracks for t, b in zip(tr.data.index, tr.data["time_basis"])
              if b in ("official", "reported", "derived")}
    assert c2019.kind == "notional" and c2019.pinned == len(pinned) > 0
    assert f"{len(pinned)} published times pinned" in c2019.text
    typical = np.median(np.concatenate([tr.data["uncertainty_km"].to_numpy() for tr in scenario.tracks]))
    assert c2019.typical_km == pytest.approx(typical)
    bare = track_confidence(load_scenario_file(_no_track_copy(tmp_path, [None])))
    assert bare.kind == "none" and bare.text.startswith("no tracks: reported events only")
    other = tmp_path / "p"
    other.mkdir()
    placed = track_confidence(load_scenario_file(_no_track_copy(other, [_sector(0, 90) | {
        "bearing_deg": [0, 90], "range_km": [20, 80]}])))
    assert placed.n_places == 1 and placed.text.startswith("no tracks: reported places only")
