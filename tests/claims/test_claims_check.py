"""The claim checker against the 2019 scenario: the issue's "done when", residual signs,
contradictions (the 07:14/07:49 speed case and the 76-mile boundary case), CSV and JSON."""

from __future__ import annotations

import csv
import functools
import io
import json

import pandas as pd
import pytest

from layers.claims.check import CLAIM_TABLE_COLUMNS, claims_report
from layers.claims.parse import landmarks
from layers.geo import geodesy
from layers.scenarios.model import load_scenario
from layers.tracks.speeds import FAST_LEG_KMH, MAX_LEG_KMH

SCENARIO = "2019-07-23"
ULLEUNGDO = landmarks()["ulleungdo"]
NM76_KM = 76 * 1.852


@functools.cache
def report():
    return claims_report(load_scenario(SCENARIO))


def rows() -> pd.DataFrame:
    return report().table.set_index("claim_id")


def user_report(text: str, name: str = "claims.csv"):
    return claims_report(load_scenario(SCENARIO), text.encode("utf-8"), name=name)


def test_every_official_time_is_met_within_2_minutes() -> None:
    events = load_scenario(SCENARIO).events_reported
    official = events[(events["time_basis"] == "official") & events["event"].isin(["entry", "exit"])
                      & events["time"].notna() & (events["track_id"] != "")]
    assert len(official) == 17
    table = rows().loc[official["id"]]
    assert (table["time_tolerance_s"] == 120).all()
    assert table["time_met"].tolist() == [True] * len(table)
    assert (table["dt_s"].abs() <= 120).all()
    assert table["engine_event"].isin(["entry", "exit"]).all()


def test_the_76_mile_place_is_not_met_with_its_residual() -> None:
    """The engine's entry lies on the 39°N edge; the claimed region (140.8 km ±10 %, north ±22.5°
    of Ulleungdo) ends 154.8 km out, so the residual is the event's distance beyond it."""
    for claim_id in ("h6k-entry-3", "tu95-entry-1"):
        row = rows().loc[claim_id]
        assert (row["time_met"], row["place_met"], row["met"]) == (True, False, False)
        _, _, to_event = geodesy.inverse(*ULLEUNGDO, row["event_lon"], row["event_lat"])
        az, _, _ = geodesy.inverse(*ULLEUNGDO, row["event_lon"], row["event_lat"])
        assert abs(az[0]) < 22.5  # within the bearing: only the range is exceeded
        assert row["distance_km"] == pytest.approx(to_event[0] / 1000 - NM76_KM * 1.1, abs=0.1)
        assert 15 < row["distance_km"] < 20


def test_places_that_fit_are_met_and_unread_places_are_said() -> None:
    table = rows()
    for claim_id in ("h6k-entry-1", "h6k-entry-2", "h6k-exit-3", "tu95-exit-1", "h6k-north"):
        assert (table.loc[claim_id, "place_met"], table.loc[claim_id, "distance_km"]) == (True, 0.0), claim_id
    # "east of Ieodo": the reconstruction puts the exit north-east of Jeju (a recorded conflict)
    assert table.loc["h6k-exit-1", "place_met"] is False and table.loc["h6k-exit-1", "distance_km"] > 50
    assert "no landmark" in table.loc["a50-entry-1", "note"]  # "from the east"
    assert table.loc["a50-entry-1", "met"] is True and pd.isna(table.loc["a50-entry-1", "place_met"])


def test_residual_signs() -> None:
    """dt_s = event time − claimed time: a claim four minutes early gives +240 s."""
    result = user_report(
        "id,aircraft,event,zone,time,place\n"
        "early,H-6K,entry,adiz-KR,06:40,\n"
        "late,H-6K,entry,adiz-KR,06:48,\n"
        "about,H-6K,entry,adiz-KR,about 06:40,\n"
        "east,H-6K,entry,adiz-KR,06:44,50 km east of Ieodo\n").table.set_index("claim_id")
    event = pd.Timestamp(result.loc["early", "event_time"])
    assert event == pd.Timestamp(rows().loc["h6k-entry-1", "event_time"])
    assert result.loc["early", "dt_s"] == pytest.approx((event - pd.Timestamp("2019-07-22T21:40Z")).total_seconds(),
                                                        abs=0.1)
    assert 230 < result.loc["early", "dt_s"] < 240 and -250 < result.loc["late", "dt_s"] < -240
    assert result.loc["early", "time_met"] is False and result.loc["about", "time_met"] is True  # ±15 min
    # the entry at 124°E is about 120 km west of Ieodo: far outside a region east of it
    assert result.loc["east", "distance_km"] > 100 and result.loc["east", "place_met"] is False


def test_sighting_uses_the_position_at_the_claimed_time() -> None:
    result = user_report(
        "id,aircraft,event,time,place\n"
        "south,H-6K,sighting,07:49,about 76 miles south of Ulleungdo\n"
        "north,H-6K,sighting,07:49,about 76 miles north of Ulleungdo\n").table.set_index("claim_id")
    assert result.loc["south", "met"] is True and result.loc["south", "engine_event"] == "position"
    assert result.loc["north", "met"] is False and result.loc["north", "distance_km"] > 200


def test_the_0714_0749_pair_needs_over_1000_kmh_as_stated() -> None:
    """Due east of Ieodo (the KADIZ edge near 32.1°N 126.6°E) to 140 km south of Ulleungdo in 35
    minutes: over 1,000 km/h as stated, beyond any bomber cruise; at the edges of both claims'
    precisions it needs less than the H-6's top speed, so it is implausible, not impossible."""
    found = report().contradictions.set_index("id").loc["speed:h6k-exit-1/h6k-entry-2"]
    assert found["verdict"] == "implausible" and found["time_s"] == 35 * 60
    assert found["nominal_speed_kmh"] > 1000 and found["nominal_speed_kmh"] > FAST_LEG_KMH
    assert found["min_speed_kmh"] < MAX_LEG_KMH["H-6"] == found["top_speed_kmh"]
    assert found["nominal_speed_kmh"] == pytest.approx(found["nominal_distance_km"] / (35 / 60), abs=1)
    assert found["min_speed_kmh"] == pytest.approx(found["distance_km"] / (39 / 60), abs=1)  # 35 + 2 + 2 min
    assert "speed:h6k-exit-1/h6k-entry-2" in rows().loc["h6k-entry-2", "contradiction"]


def test_a_pair_too_far_apart_even_at_the_edges_is_impossible() -> None:
    result = user_report(
        "id,aircraft,event,zone,time,place\n"
        "out,H-6K,exit,adiz-KR,07:14,east of Ieodo\n"
        "in,H-6K,entry,adiz-KR,07:24,about 140 km south of Ulleungdo\n")
    found = result.contradictions.set_index("id").loc["speed:out/in"]
    assert found["verdict"] == "impossible" and found["min_speed_kmh"] > MAX_LEG_KMH["H-6"]


def test_the_76_mile_reentry_contradicts_the_39n_edge() -> None:
    """76 nm north of Ulleungdo is about 38.77°N, about 25 km inside a KADIZ whose north edge is
    39°N; even the far end of the claim's region (154.8 km) stays about 11.6 km inside."""
    table = report().contradictions.set_index("id")
    found = table.loc["boundary:h6k-entry-3"]
    assert (found["kind"], found["verdict"], found["zone_id"]) == ("boundary", "impossible", "adiz-KR")
    lon, lat = (float(v[0]) for v in geodesy.forward(*ULLEUNGDO, 0.0, NM76_KM * 1000))
    assert lat == pytest.approx(38.77, abs=0.01)
    stated = geodesy.distance_m(lon, lat, lon, 39.0)[0] / 1000
    assert found["nominal_distance_km"] == pytest.approx(stated, abs=0.05) and 25 < stated < 26
    lon, far = (float(v[0]) for v in geodesy.forward(*ULLEUNGDO, 0.0, NM76_KM * 1.1 * 1000))
    assert found["distance_km"] == pytest.approx(geodesy.distance_m(lon, far, lon, 39.0)[0] / 1000, abs=0.1)
    assert "inside" in found["text"]
    assert "boundary:tu95-entry-1" in table.index
    assert not any(i.startswith("boundary:h6k-entry-2") for i in table.index)  # the 07:49 one fits


def test_csv_output() -> None:
    text = report().to_csv()
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert list(parsed[0]) == CLAIM_TABLE_COLUMNS
    assert len(parsed) == len(report().results) == 19
    assert {r["met"] for r in parsed} <= {"true", "false", ""}
    by_id = {r["claim_id"]: r for r in parsed}
    assert by_id["h6k-entry-3"]["met"] == "false" and by_id["h6k-entry-3"]["claimed_time"] == "2019-07-22T23:40:00Z"
    assert by_id["h6k-entry-3"]["contradiction"] == "boundary:h6k-entry-3"


def test_json_output_is_strict_and_carries_regions() -> None:
    def no_nan(value: str) -> None:
        raise AssertionError(f"non-standard JSON constant {value}")

    document = json.loads(report().to_json(), parse_constant=no_nan)
    assert document["scenario"] == SCENARIO and "notional" in document["notional"]
    assert any("nautical miles" in rule for rule in document["rules"])
    claims = {c["claim_id"]: c for c in document["claims"]}
    assert claims["h6k-entry-3"]["met"] is False and claims["h6k-exit-2"]["distance_km"] is None
    assert {c["id"] for c in document["contradictions"]} >= {"boundary:h6k-entry-3", "speed:h6k-exit-1/h6k-entry-2"}
    features = document["regions"]["features"]
    parts = {(f["properties"]["claim_id"], f["properties"]["part"]) for f in features}
    assert ("h6k-entry-2", "region") in parts and ("h6k-entry-2", "boundary") in parts
    assert ("h6k-entry-3", "boundary") not in parts  # the region never meets the boundary
    region = next(f for f in features if f["properties"]["claim_id"] == "h6k-entry-2")
    assert region["geometry"]["type"] == "Polygon"
