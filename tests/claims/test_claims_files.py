"""User claims files (CSV and JSON, docs/claims.md): good rows are read, bad ones give one
message naming the file, the row and the field."""

from __future__ import annotations

import json

import pytest

from layers.claims.check import claims_report
from layers.claims.parse import read_claims
from layers.errors import InputError
from layers.scenarios.model import load_scenario

SCENARIO = load_scenario("2019-07-23")
TRACKS = [t.track_id for t in SCENARIO.tracks]
AIRCRAFT = {t.track_id: str(t.meta["aircraft"]) for t in SCENARIO.tracks}
ZONES = ["adiz-KR", "adiz-JP", "airspace-dokdo"]
GOOD_CSV = (
    "id,aircraft,track,event,zone,time,time_precision,place,source,basis\n"
    "a,H-6K ×2,,entry,adiz-KR,07:49,,about 76 miles south of Ulleungdo,JCS via Pressian,official\n"
    "b,,2019-07-23/A-50,entry,airspace-dokdo,about 09:10,,,NHK,reported\n"
    "c,Tu-95MS,,exit,adiz-KR,13:38,about,,,\n"
    "\n"
    "d,H-6K,,sighting,,,,between Ulleungdo and Dokdo,,\n"
)


def read(text: str, name: str = "mine.csv"):
    return read_claims(text.encode("utf-8"), date=SCENARIO.date, local=SCENARIO.local_zone, track_ids=TRACKS,
                       track_aircraft=AIRCRAFT, zone_ids=ZONES, name=name)


def test_good_csv_rows() -> None:
    claims = {c.id: c for c in read(GOOD_CSV)}
    assert list(claims) == ["a", "b", "c", "d"]
    assert claims["a"].track_id == "2019-07-23/H-6K" and claims["a"].basis == "official"
    assert str(claims["a"].time) == "2019-07-22 22:49:00+00:00" and claims["a"].time_tolerance_s == 120
    assert claims["b"].time_precision == "about" and claims["b"].time_tolerance_s == 900
    assert claims["c"].track_id == "2019-07-23/Tu-95MS" and claims["c"].time_precision == "about"
    assert claims["c"].basis == "user" and claims["c"].where is None
    assert claims["d"].time is None and claims["d"].where is not None
    assert claims["a"].origin == "mine.csv row 2" and claims["d"].origin == "mine.csv row 6"  # file lines


def test_good_json_file_gives_the_same_claims() -> None:
    document = {"claims": [
        {"id": "a", "aircraft": "H-6K ×2", "event": "entry", "zone": "adiz-KR", "time": "07:49",
         "place": "about 76 miles south of Ulleungdo", "source": "JCS via Pressian", "basis": "official"},
        {"id": "b", "track": "2019-07-23/A-50", "event": "entry", "zone": "airspace-dokdo",
         "time": "about 09:10", "source": "NHK", "basis": "reported"},
    ]}
    from_json = read(json.dumps(document), "mine.json")
    from_csv = read(GOOD_CSV)[:2]
    assert [(c.id, c.track_id, c.time, c.time_precision, c.where) for c in from_json] == \
        [(c.id, c.track_id, c.time, c.time_precision, c.where) for c in from_csv]
    assert read(json.dumps(document["claims"]), "bare.json")[0].id == "a"  # a bare list


def test_a_checked_user_file() -> None:
    table = claims_report(SCENARIO, GOOD_CSV.encode(), name="mine.csv").table.set_index("claim_id")
    assert list(table.index) == ["a", "b", "c", "d"]  # the reported events are left out
    assert table.loc["a", "met"] is True and table.loc["b", "met"] is True and table.loc["d", "met"] is True
    both = claims_report(SCENARIO, GOOD_CSV.encode(), name="mine.csv", with_reported=True).table
    assert len(both) == 4 + 19


HEADER = "id,aircraft,track,event,zone,time,time_precision,place,source,basis\n"


@pytest.mark.parametrize(("row", "field", "words"), [
    ("x,H-6K,,landing,adiz-KR,07:49,,,,", "event", "'landing' is not one of entry, exit, sighting"),
    ("x,H-6K,,entry,,07:49,,,,", "zone", "needs a zone id"),
    ("x,H-6K,,entry,adiz-XX,07:49,,,,", "zone", "unknown zone 'adiz-XX'"),
    ("x,,2019-07-23/Il-20,entry,adiz-KR,07:49,,,,", "track", "unknown track"),
    ("x,,,entry,adiz-KR,07:49,,,,", "aircraft", "give the aircraft or the track"),
    ("x,H-6K,,entry,adiz-KR,7h49,,,,", "time", "'7h49'"),
    ("x,H-6K,,entry,adiz-KR,2019-07-23T07:49:00,,,,", "time", "ISO 8601 with Z or an offset"),
    ("x,H-6K,,entry,adiz-KR,07:49,hour,,,", "time_precision", "'hour' is not one of minute, about"),
    ("x,H-6K,,entry,adiz-KR,,about,140 km south of Ulleungdo,,", "time_precision", "given without a time"),
    ("x,H-6K,,entry,adiz-KR,07:49,,somewhere at sea,,", "place", "names no landmark"),
    ("x,H-6K,,entry,adiz-KR,07:49,,,,rumour", "basis", "'rumour' is not one of"),
    ("x,H-6K,,entry,adiz-KR,,,,,", "time", "needs a time or a place"),
])
def test_bad_rows_name_file_row_and_field(row: str, field: str, words: str) -> None:
    text = HEADER + "ok,H-6K,,entry,adiz-KR,07:49,,,,\n" + row + "\n"
    with pytest.raises(InputError) as error:
        read(text)
    message = str(error.value)
    assert message.startswith(f"mine.csv, row 3, field '{field}': "), message
    assert words in message and "\n" not in message


def test_bad_files() -> None:
    with pytest.raises(InputError, match=r"^mine.csv, row 1, field 'colour': unknown column"):
        read("id,event,colour\nx,entry,red\n")
    with pytest.raises(InputError, match=r"^mine.csv, row 3, field 'id': duplicate claim id 'a'"):
        read(HEADER + "a,H-6K,,entry,adiz-KR,07:49,,,,\na,H-6K,,exit,adiz-KR,08:20,,,,\n")
    with pytest.raises(InputError, match=r"^mine.json, row 2: a claim must be an object"):
        read('{"claims": [{"id": "a", "aircraft": "H-6K", "event": "entry", "zone": "adiz-KR", '
             '"time": "07:49"}, 3]}', "mine.json")
    with pytest.raises(InputError, match=r"^mine.json, row 1: invalid JSON"):
        read('{"claims": [', "mine.json")
    with pytest.raises(InputError, match="is also a reported event"):
        claims_report(SCENARIO, (HEADER + "h6k-entry-1,H-6K,,entry,adiz-KR,06:44,,,,\n").encode(),
                      name="mine.csv", with_reported=True)
