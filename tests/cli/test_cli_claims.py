"""``python -m layers claims`` in-process (the ``cli`` fixture): the scenario's claims, a user
file, JSON, other tracks, bad input."""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

import pytest

from layers.claims.check import CLAIM_TABLE_COLUMNS
from layers.paths import PROJECT_DIR


@pytest.fixture
def run(cli):
    return functools.partial(cli, "claims", cwd=PROJECT_DIR)


def test_scenario_claims_as_csv(run) -> None:
    result = run("--scenario", "2019-07-23")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == CLAIM_TABLE_COLUMNS and len(rows) == 19
    by_id = {r["claim_id"]: r for r in rows}
    assert (by_id["h6k-entry-3"]["time_met"], by_id["h6k-entry-3"]["place_met"]) == ("true", "false")
    assert float(by_id["h6k-entry-3"]["distance_km"]) > 15


def test_user_file_json_out(run, tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text("id,aircraft,event,zone,time,place\n"
                      "mine,A-50,entry,airspace-dokdo,09:09,30 km north-east of Dokdo\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = run("--scenario", "2019-07-23", "--claims", claims, "--format", "json", "--out", out)
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [c["claim_id"] for c in document["claims"]] == ["mine"]
    mine = document["claims"][0]
    assert mine["track_id"] == "2019-07-23/A-50" and mine["time_met"] is True and mine["origin"].endswith("row 2")
    assert isinstance(mine["distance_km"], float)
    both = run("--scenario", "2019-07-23", "--claims", claims, "--with-reported")
    assert both.returncode == 0 and len(list(csv.DictReader(io.StringIO(both.stdout)))) == 20


def test_other_tracks(run, tmp_path: Path) -> None:
    tracks = tmp_path / "tracks.csv"
    tracks.write_text("track_id,time,lat,lon\nT1,2019-07-23T00:00:00Z,38.5,131.0\n"
                      "T1,2019-07-23T00:30:00Z,39.5,131.0\n", encoding="utf-8")
    claims = tmp_path / "claims.json"
    claims.write_text(json.dumps([{"id": "x", "track": "T1", "event": "exit", "zone": "adiz-KR",
                                   "time": "09:15", "place": "about 90 nm north of Ulleungdo"}]), encoding="utf-8")
    result = run("--scenario", "2019-07-23", "--claims", claims, "--tracks", tracks)
    assert result.returncode == 0, result.stderr
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["engine_event"] == "exit" and float(row["event_lat"]) == pytest.approx(39.0)
    assert row["met"] == "true" and abs(float(row["dt_s"])) < 60


@pytest.mark.parametrize("args, words", [
    (("--scenario", "1999-01-01"), "unknown scenario '1999-01-01'"),
    (("--scenario", "2019-07-23", "--format", "xlsx"), "--format must be csv or json"),
    (("--scenario", "2019-07-23", "--with-reported"), "--with-reported needs --claims"),
    (("--scenario", "2019-07-23", "--claims", "no-such-claims.csv"), "no-such-claims.csv"),
    (("--scenario", "2026-06-27"), "no drawn tracks"),
])
def test_bad_input_is_one_line_and_exit_2(run, args, words) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in result.stderr


def test_a_bad_row_names_file_row_and_field(run, tmp_path: Path) -> None:
    claims = tmp_path / "bad.csv"
    claims.write_text("id,aircraft,event,zone,time\nx,H-6K,entry,adiz-KR,25:99\n", encoding="utf-8")
    result = run("--scenario", "2019-07-23", "--claims", claims)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {claims}, row 2, field 'time': '25:99'"), lines
