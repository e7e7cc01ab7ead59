"""The place and time parser of the claim checker: units, "about", directions, landmarks."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.claims.model import DIRECTION_ONLY_MAX_KM, NEAR_KM
from layers.claims.parse import compass_bearing, landmarks, parse_place, parse_time
from layers.geo import geodesy
from layers.timefmt import LocalZone

ANCHORS = landmarks()
KST = LocalZone("Asia/Seoul")


def place(text: str):
    spec, note = parse_place(text, ANCHORS)
    assert spec is not None, note
    return spec


@pytest.mark.parametrize(("text", "km"), [
    ("76 miles south of Ulleungdo", 76 * 1.852),      # JCS "miles" are nautical miles
    ("76 nm south of Ulleungdo", 76 * 1.852),
    ("76 nautical miles south of Ulleungdo", 76 * 1.852),
    ("140 km south of Ulleungdo", 140.0),
    ("140 kilometres south of Ulleungdo", 140.0),
    ("10 statute miles south of Ulleungdo", 16.09344),
])
def test_units(text: str, km: float) -> None:
    assert place(text).nominal_km == pytest.approx(km, abs=1e-9)


def test_about_widens_the_distance_tolerance_and_small_distances_keep_a_floor() -> None:
    assert place("140 km south of Ulleungdo").range_km == pytest.approx((133.0, 147.0))        # ±5 %
    assert place("about 140 km south of Ulleungdo").range_km == pytest.approx((126.0, 154.0))  # ±10 %
    assert place("~140 km south of Ulleungdo").range_km == pytest.approx((126.0, 154.0))
    assert place("some 20 km east of Ieodo").range_km == pytest.approx((15.0, 25.0))          # at least ±5 km
    assert place("20 km east of Ieodo").range_km == pytest.approx((18.0, 22.0))               # at least ±2 km


def test_parentheses_are_ignored_so_the_first_figure_counts() -> None:
    spec = place("about 76 miles (140 km) south of Ulleungdo")
    assert spec.nominal_km == pytest.approx(140.752)
    assert spec.bearing_deg == (157.5, 202.5) and spec.anchor == "ulleungdo"
    assert place("north-west of Ieodo (이어도 북서방)").bearing_deg == (292.5, 337.5)


@pytest.mark.parametrize(("word", "bearing", "half"), [
    ("north", 0.0, 22.5), ("south", 180.0, 22.5), ("east", 90.0, 22.5), ("north-east", 45.0, 22.5),
    ("northeast", 45.0, 22.5), ("north east", 45.0, 22.5), ("SW", 225.0, 22.5),
    ("north-north-east", 22.5, 11.25), ("NNE", 22.5, 11.25), ("west-south-west", 247.5, 11.25),
])
def test_compass_points(word: str, bearing: float, half: float) -> None:
    assert compass_bearing(word) == (bearing, half)


def test_not_a_compass_point() -> None:
    assert compass_bearing("sideways") is None
    assert compass_bearing("north-south") is None


def test_north_wraps_past_360_and_a_direction_alone_reaches_the_stated_limit() -> None:
    spec = place("north of Ulleungdo")
    assert spec.bearing_deg == (337.5, 382.5)
    assert spec.range_km == (0.0, DIRECTION_ONLY_MAX_KM) and spec.nominal_km is None


@pytest.mark.parametrize(("text", "anchor"), [
    ("30 km east of Dokdo/Takeshima", "dokdo-dongdo"), ("30 km east of Takeshima", "dokdo-dongdo"),
    ("30 km east of the Liancourt Rocks", "dokdo-dongdo"), ("30 km south of Socotra Rock", "ieodo"),
    ("30 km north of Dōgo", "oki-dogo"), ("30 km north of the Oki Islands", "oki-dogo"),
    ("30 km west of Jeju Island", "jeju"), ("30 km west of ieodo", "ieodo"),
])
def test_landmarks_by_their_names(text: str, anchor: str) -> None:
    spec = place(text)
    assert spec.anchor == anchor and spec.centre == ANCHORS[anchor]


def test_a_strait_is_not_its_island_and_unknown_places_say_why() -> None:
    spec, note = parse_place("over the Tsushima Strait", ANCHORS)
    assert spec is None and "no landmark" in note
    spec, note = parse_place("toward the Northern Limit Line", ANCHORS)
    assert spec is None and "no landmark" in note
    spec, note = parse_place("Ulleungdo", ANCHORS)
    assert spec is None and "no distance or direction" in note


def test_near_distance_only_and_between() -> None:
    near = place("near Oki")
    assert near.range_km == (0.0, NEAR_KM) and near.bearing_deg is None
    ring = place("12 nm from Ulleungdo")
    assert ring.bearing_deg is None and ring.range_km == pytest.approx((22.224 - 2.0, 22.224 + 2.0))
    between = place("between Ulleungdo and Dokdo/Takeshima")
    (lon1, lat1), (lon2, lat2) = ANCHORS["ulleungdo"], ANCHORS["dokdo-dongdo"]
    whole = geodesy.distance_m(lon1, lat1, lon2, lat2)[0] / 1000
    assert between.range_km[1] == pytest.approx(whole / 2)
    to_ends = geodesy.distance_m(*between.centre, lon1, lat1)[0] / 1000, \
        geodesy.distance_m(*between.centre, lon2, lat2)[0] / 1000
    assert to_ends == pytest.approx((whole / 2, whole / 2), abs=0.01)


@pytest.mark.parametrize(("text", "utc", "precision"), [
    ("09:09", "2019-07-23T00:09:00Z", "minute"),
    ("09:09 KST", "2019-07-23T00:09:00Z", "minute"),
    ("about 08:00", "2019-07-22T23:00:00Z", "about"),
    ("around 8:00", "2019-07-22T23:00:00Z", "about"),
    ("00:09 UTC", "2019-07-23T00:09:00Z", "minute"),
    ("2019-07-23T00:09:00Z", "2019-07-23T00:09:00Z", "minute"),
    ("2019-07-23T09:09:00+09:00", "2019-07-23T00:09:00Z", "minute"),
])
def test_times(text: str, utc: str, precision: str) -> None:
    assert parse_time(text, "2019-07-23", KST) == (pd.Timestamp(utc), precision)


@pytest.mark.parametrize("text", ["9h09", "2019-07-23T00:09:00", "09:09 PST", "noon"])
def test_unreadable_times(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text, "2019-07-23", KST)
