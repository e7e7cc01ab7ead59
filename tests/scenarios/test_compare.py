"""Comparing patrols: alignment moments and figures on synthetic scenarios whose answers are known
from independent geometry (meridian legs: the geodesic is the meridian, so a crossing's time
follows from geodesic distances alone), and on the 2019 patrol against its published times."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod

from layers.scenarios.compare import (
    DOKDO_ISLETS,
    STRAITS,
    aligned_label,
    compare,
    display_table,
    strait_passages,
)
from layers.scenarios.model import SCENARIO_DIR, load_scenario, load_scenario_file
from layers.units import NM_M
from layers.zones.load import airspace_zone_set

GEOD = Geod(ellps="WGS84")
T0 = pd.Timestamp("2030-07-01T00:00:00Z")


def meridian_time(lon: float, lat0: float, lat1: float, minutes: float, lat: float) -> pd.Timestamp:
    """When a constant-speed flight along a meridian from lat0 to lat1 in ``minutes`` passes lat."""
    _, _, part = GEOD.inv(lon, lat0, lon, lat)
    _, _, whole = GEOD.inv(lon, lat0, lon, lat1)
    return T0 + pd.Timedelta(seconds=minutes * 60 * part / whole)


def meridian_track(track_id: str, lon: float, lat0: float, lat1: float, minutes: float,
                   state: str = "RU") -> dict[str, Any]:
    """A two-fix scenario track flying the meridian ``lon`` from lat0 to lat1."""
    def fix(number: int, lat: float, time: pd.Timestamp) -> dict[str, Any]:
        return {"id": f"F-{number}", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ"), "time_basis": "reconstructed",
                "lat": lat, "lon": lon, "basis": "reconstructed: synthetic test track", "uncertainty_km": 1}

    return {"id": track_id, "aircraft": "Tu-95MS", "count": 2, "state": state, "group": "test",
            "notional": True, "label": "synthetic",
            "waypoints": [fix(0, lat0, T0), fix(1, lat1, T0 + pd.Timedelta(minutes=minutes))]}


def write_scenario(tmp_path: Path, scenario_id: str, tracks: list[dict[str, Any]],
                   events: list[dict[str, Any]] | None = None) -> Any:
    """A scenario file in the format of geodata/scenarios/2019-07-23.json with these tracks and
    reported events (the story, sources and aircraft list are the 2019 ones)."""
    doc = copy.deepcopy(json.loads((SCENARIO_DIR / "2019-07-23.json").read_text(encoding="utf-8")))
    doc.update({"id": scenario_id, "date": scenario_id, "tracks": tracks, "events_reported": events or [],
                "conflicts": []})
    path = tmp_path / f"{scenario_id}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return load_scenario_file(path)


@pytest.fixture(scope="module")
def zones():
    return airspace_zone_set()


def boundary_lats(zone_id: str, lon: float, lat0: float, lat1: float) -> list[float]:
    """Latitudes where the meridian ``lon`` meets the zone's boundary between lat0 and lat1
    (zone edges are straight in lon/lat, the leg is the meridian)."""
    zone = airspace_zone_set().zones.loc[zone_id].geometry
    hits = zone.boundary.intersection(shapely.LineString([(lon, lat0), (lon, lat1)]))
    return sorted({round(p.y, 9) for p in getattr(hits, "geoms", [hits]) if not p.is_empty})


# A meridian south through the Sea of Japan (East Sea) east of Ulleungdo, over KADIZ's north edge.
LON, LAT0, LAT1, MINUTES = 131.2, 40.5, 37.8, 180.0


def test_first_kadiz_entry_is_where_the_meridian_meets_the_boundary(tmp_path: Path, zones) -> None:
    lats = boundary_lats("adiz-KR", LON, LAT0, LAT1)
    assert lats, "the test meridian must cross KADIZ"
    expected = meridian_time(LON, LAT0, LAT1, MINUTES, max(lats))  # flying south: the northernmost first
    track = meridian_track("2030-07-01/Tu-95MS-A", LON, LAT0, LAT1, MINUTES)
    comparison = compare([write_scenario(tmp_path, "2030-07-01", [track])], "first-kadiz-entry", zones)
    moment = comparison.moment("2030-07-01")
    assert moment is not None and abs((moment - expected).total_seconds()) < 1.0
    row = comparison.table.iloc[0]
    inside = (T0 + pd.Timedelta(minutes=MINUTES) - expected).total_seconds() if len(lats) == 1 else None
    if inside is not None:  # enters and stays to the end of the track
        assert row["kadiz_s"] == pytest.approx(inside, abs=1.0)
    assert row["kadiz_entries"] == 1
    assert row["duration_s"] == MINUTES * 60
    assert row["status"] == "notional"


def test_overlapping_tracks_count_once_in_time_inside_and_twice_in_the_sum(tmp_path: Path, zones) -> None:
    one = write_scenario(tmp_path, "2030-07-01", [meridian_track("2030-07-01/Tu-95MS-A", LON, LAT0, LAT1, MINUTES)])
    two = write_scenario(tmp_path, "2030-07-02", [meridian_track("2030-07-02/Tu-95MS-A", LON, LAT0, LAT1, MINUTES),
                                                  meridian_track("2030-07-02/Tu-95MS-B", LON, LAT0, LAT1, MINUTES)])
    table = compare([one, two], "absolute", zones).table.set_index("scenario_id")
    single = table.loc["2030-07-01", "kadiz_s"]
    assert single > 0
    assert table.loc["2030-07-02", "kadiz_s"] == pytest.approx(single)
    assert table.loc["2030-07-02", "kadiz_track_s"] == pytest.approx(2 * single)
    assert table.loc["2030-07-02", "crossings"] == 2 * table.loc["2030-07-01", "crossings"]
    assert table["moment"].isna().all()  # absolute: nothing shifted


def test_rendezvous_is_the_first_reported_one_or_reported_missing(tmp_path: Path, zones) -> None:
    track = [meridian_track("2030-07-01/Tu-95MS-A", LON, LAT0, LAT1, MINUTES)]
    events = [{"id": f"r{n}", "date": "2030-07-01", "time": time, "time_basis": "official", "aircraft": "x",
               "time_local": pd.Timestamp(time).tz_convert("Asia/Seoul").isoformat(),
               "event": "rendezvous", "place": "somewhere", "description": "meet", "sources": ["pressian"]}
              for n, time in enumerate(["2030-07-01T01:30:00Z", "2030-07-01T00:45:00Z"])]
    met = write_scenario(tmp_path, "2030-07-01", track, events)
    alone = write_scenario(tmp_path, "2030-07-02", [meridian_track("2030-07-02/Tu-95MS-A", LON, LAT0, LAT1, MINUTES)])
    comparison = compare([met, alone], "rendezvous", zones)
    assert comparison.moment("2030-07-01") == pd.Timestamp("2030-07-01T00:45:00Z")
    assert comparison.moment("2030-07-02") is None
    assert "no reported rendezvous" in comparison.table.iloc[1]["moment_note"]
    shown = display_table(comparison)
    assert shown.iloc[1]["Aligned on"].startswith("— no reported rendezvous")
    assert "09:45 KST" in shown.iloc[0]["Aligned on"] and "00:45 UTC" in shown.iloc[0]["Aligned on"]


def test_strait_passage_is_the_closest_approach_to_the_gap_centre(tmp_path: Path, zones) -> None:
    tsushima = next(s for s in STRAITS if s.id == "tsushima")
    lat0, lat1, minutes = tsushima.lat - 1.0, tsushima.lat + 1.0, 60.0
    scenario = write_scenario(tmp_path, "2030-07-01",
                              [meridian_track("2030-07-01/Tu-95MS-A", tsushima.lon, lat0, lat1, minutes)])
    expected = meridian_time(tsushima.lon, lat0, lat1, minutes, tsushima.lat)
    passages = strait_passages(scenario.tracks)
    assert list(passages["strait"]) == ["tsushima"]
    assert abs((passages.iloc[0]["time"] - expected).total_seconds()) < 40  # sampled every 2 km
    comparison = compare([scenario], "strait", zones)
    assert comparison.table.iloc[0]["strait"] == "Tsushima Strait"
    moment = comparison.moment("2030-07-01")
    assert moment is not None and abs((moment - expected).total_seconds()) < 40
    # a track that stays far from both gaps has no strait moment: not aligned at 0
    far = write_scenario(tmp_path, "2030-07-02", [meridian_track("2030-07-02/Tu-95MS-A", LON, LAT0, LAT1, MINUTES)])
    row = compare([far], "strait", zones).table.iloc[0]
    assert pd.isna(row["moment"]) and row["moment_note"] == "no strait passage" and row["strait"] == "none found"


def test_closest_approach_to_dokdo_takeshima_and_foreign_airspace(tmp_path: Path, zones) -> None:
    islet_lon, islet_lat = DOKDO_ISLETS["dokdo-seodo"]
    lon = 132.3  # a meridian east of the islets, outside their 12-nm airspace
    ru = write_scenario(tmp_path, "2030-07-01", [meridian_track("2030-07-01/Tu-95MS-A", lon, 38.0, 36.5, 60)])
    row = compare([ru], "absolute", zones).table.iloc[0]
    expected = min(GEOD.inv(x, y, lon, y)[2] for x, y in DOKDO_ISLETS.values())
    assert row["dokdo_islets_m"] == pytest.approx(expected, abs=200)
    assert row["dokdo_islets_nm"] == pytest.approx(row["dokdo_islets_m"] / NM_M)
    assert row["dokdo_airspace_m"] == pytest.approx(expected - 12 * NM_M, abs=2_000)  # 12-nm airspace
    assert row["foreign_airspace_m"] <= row["dokdo_airspace_m"]
    # over the islets: inside (0) — foreign airspace for a Russian aircraft, not for a Korean one
    over = write_scenario(tmp_path, "2030-07-02", [meridian_track("2030-07-02/Tu-95MS-A", islet_lon, 38.0, 36.5, 60)])
    kr = write_scenario(tmp_path, "2030-07-03",
                        [meridian_track("2030-07-03/Tu-95MS-A", islet_lon, 38.0, 36.5, 60, state="KR")])
    table = compare([over, kr], "absolute", zones).table.set_index("scenario_id")
    assert table.loc["2030-07-02", "dokdo_airspace_m"] == 0
    assert (table.loc["2030-07-02", "foreign_airspace_m"], table.loc["2030-07-02", "foreign_airspace_zone"]) \
        == (0, "airspace-dokdo")
    assert table.loc["2030-07-03", "dokdo_airspace_m"] == 0
    assert table.loc["2030-07-03", "foreign_airspace_zone"] != "airspace-dokdo"
    assert table.loc["2030-07-03", "foreign_airspace_m"] > 0


def test_a_patrol_without_tracks_is_a_no_tracks_row(zones) -> None:
    no_tracks = next(s for s in (load_scenario(p.stem) for p in sorted(SCENARIO_DIR.glob("*.json")))
                     if not s.tracks)
    comparison = compare(["2019-07-23", no_tracks.id], "first-kadiz-entry", zones)
    row = comparison.table.set_index("scenario_id").loc[no_tracks.id]
    assert row["status"] == "no tracks" and row["moment_note"] == "no tracks" and pd.isna(row["moment"])
    assert np.isnan(row["duration_s"]) and np.isnan(row["kadiz_s"]) and row["crossings"] == 0
    assert display_table(comparison).set_index("Patrol").loc[no_tracks.id, "Duration"] == "no tracks"
    assert comparison.to_csv().count("\n") == 3  # header and two rows


def test_the_2019_patrol_against_its_published_times(zones) -> None:
    """facts.md §1: first KADIZ entry 06:44 KST (21:44 UTC), rendezvous 08:33 KST; KADIZ stretches
    06:44–07:14, 07:49–08:20, 08:40–09:04 (bombers), A-50 09:01–09:15 and 09:28–09:56, Tu-95
    13:11–13:38 KST: 151 minutes when overlaps count once; Tsushima and Okinawa–Miyako passages."""
    kadiz = compare(["2019-07-23"], "first-kadiz-entry", zones)
    moment = kadiz.moment("2019-07-23")
    assert moment is not None and abs((moment - pd.Timestamp("2019-07-22T21:44:00Z")).total_seconds()) < 60
    row = kadiz.table.iloc[0]
    assert row["kadiz_s"] == pytest.approx(151 * 60, abs=180)
    assert row["kadiz_track_s"] > row["kadiz_s"]  # the bombers flew together 08:40–09:04
    assert row["dokdo_airspace_m"] == 0 and row["foreign_airspace_zone"] == "airspace-dokdo"
    assert row["strait"] == "Tsushima Strait, Okinawa–Miyako gap"
    assert compare(["2019-07-23"], "rendezvous", zones).moment("2019-07-23") == pd.Timestamp("2019-07-22T23:33Z")


def test_aligned_labels() -> None:
    moment = pd.Timestamp("2019-07-22T21:44:00Z")
    assert aligned_label(pd.Timestamp("2019-07-22T22:49:00Z"), moment) == "T+01:05"
    assert aligned_label(pd.Timestamp("2019-07-22T21:24:00Z"), moment) == "T−00:20"
    assert aligned_label(moment, None) == ""
    with pytest.raises(ValueError, match="alignment"):
        compare(["2019-07-23"], "sideways")
