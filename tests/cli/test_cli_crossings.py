"""``python -m layers crossings`` on real files, good and bad (run in-process by the ``cli``
fixture; tests/cli/test_smoke.py starts the real process)."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from pyproj import Geod

from layers.paths import PROJECT_DIR

DATA = Path(__file__).parents[1] / "data"
TRACKS = DATA / "cli_tracks.csv"
ZONES = DATA / "zones_test.geojson"
TIME_FORMAT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
FIRST_COLUMNS = ["track_id", "zone_id", "event", "time", "lat", "lon"]
GEOD = Geod(ellps="WGS84")
T0 = pd.Timestamp("2019-07-23T00:00:00Z")


@pytest.fixture
def run(cli):
    """``run(*args, cwd=PROJECT_DIR)``: ``python -m layers crossings *args``."""
    return functools.partial(cli, "crossings", cwd=PROJECT_DIR)


def meridian_time(lon: float, lat0: float, lat1: float, minutes: float, lat: float) -> pd.Timestamp:
    """When a constant-speed flight along a meridian from lat0 to lat1 passes lat (exact on
    the ellipsoid: the geodesic is the meridian)."""
    _, _, part = GEOD.inv(lon, lat0, lon, lat)
    _, _, whole = GEOD.inv(lon, lat0, lon, lat1)
    return T0 + pd.Timedelta(seconds=minutes * 60 * part / whole)


# Expected crossings of the two tracks in cli_tracks.csv through zones_test.geojson.
EXPECTED = [
    ("A-north", "donut-b", "entry", meridian_time(128.0, 33.5, 36.5, 30, 34.0), 34.0),
    ("A-north", "donut-b", "exit", meridian_time(128.0, 33.5, 36.5, 30, 34.5), 34.5),  # into the hole
    ("A-north", "donut-b", "entry", meridian_time(128.0, 33.5, 36.5, 30, 35.2), 35.2),
    ("A-north", "donut-b", "exit", meridian_time(128.0, 33.5, 36.5, 30, 36.0), 36.0),
    ("B-north", "box-a", "entry", meridian_time(131.0, 36.0, 38.0, 20, 36.5), 36.5),
    ("B-north", "box-a", "exit", meridian_time(131.0, 36.0, 38.0, 20, 37.5), 37.5),
]


def check_csv(text: str) -> list[dict[str, str]]:
    header = text.splitlines()[0].split(",")
    assert header[:6] == FIRST_COLUMNS
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows, "no events"
    for row in rows:
        assert TIME_FORMAT.match(row["time"]), row["time"]
    keys = [(r["track_id"], r["time"]) for r in rows]
    assert keys == sorted(keys)  # by track_id, then time (the format sorts as text)
    return rows


def test_csv_to_stdout_with_user_zones(run) -> None:
    result = run(TRACKS, "--zones", ZONES)
    assert result.returncode == 0, result.stderr
    rows = check_csv(result.stdout)
    crossings = [r for r in rows if r["event"] in ("entry", "exit")]
    assert [(r["track_id"], r["zone_id"], r["event"]) for r in crossings] == [e[:3] for e in EXPECTED]
    for row, (_, _, _, time, lat) in zip(crossings, EXPECTED, strict=True):
        assert abs((pd.Timestamp(row["time"]) - time).total_seconds()) <= 1.0
        assert abs(float(row["lat"]) - lat) < 0.0005  # 50 m
    assert all(float(r["lon"]) in (128.0, 131.0) for r in crossings)


def test_out_file_and_json(run, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = run(TRACKS, "--zones", ZONES, "--out", out)
    assert result.returncode == 0 and result.stdout == ""
    assert out.read_text() == run(TRACKS, "--zones", ZONES).stdout
    result = run(TRACKS, "--zones", ZONES, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert {"events", "intervals", "approaches"} <= set(document)
    events = [e for e in document["events"] if e["event"] in ("entry", "exit")]
    assert [(e["track_id"], e["zone_id"], e["event"]) for e in events] == [e[:3] for e in EXPECTED]
    assert all(TIME_FORMAT.match(e["time"]) for e in document["events"])
    intervals = {(i["track_id"], i["zone_id"]): i for i in document["intervals"]}
    box = intervals[("B-north", "box-a")]
    assert TIME_FORMAT.match(box["start"]) and TIME_FORMAT.match(box["end"])
    expected_s = (EXPECTED[5][3] - EXPECTED[4][3]).total_seconds()
    assert abs(box["duration_s"] - expected_s) <= 1.0


def test_uncertainty_adds_only_certain_or_possible_rows(run) -> None:
    result = run(TRACKS, "--zones", ZONES, "--uncertainty-nm", "2.5")
    assert result.returncode == 0, result.stderr
    rows = check_csv(result.stdout)
    assert {r["certainty"] for r in rows} <= {"certain", "possible"}


def test_default_builtin_zones_or_a_clear_message(run) -> None:
    from layers.paths import GEODATA_DIR
    from layers.zones.load import ZONE_FILES

    result = run(TRACKS)
    if all((GEODATA_DIR / name).exists() for name in ZONE_FILES):
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[0].split(",")[:6] == FIRST_COLUMNS
    else:  # the built-in geodata is not built in this checkout: a one-line message, exit 2
        assert result.returncode == 2 and "built-in zones unavailable" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_other_formats_work_through_the_cli(run) -> None:
    result = run(DATA / "tracks.gpx", "--zones", ZONES)
    assert result.returncode == 0, result.stderr
    rows = check_csv(result.stdout)
    # TU95-A (36N 130E -> 37N 131E -> 37.5N 132E) crosses box-a; tracks-2 starts in the
    # donut's hole (35N 128E) and enters the donut as it leaves the hole at 35.2N
    assert [(r["track_id"], r["zone_id"], r["event"]) for r in rows] == [
        ("TU95-A", "box-a", "entry"), ("TU95-A", "box-a", "exit"), ("tracks-2", "donut-b", "entry"),
    ]
    assert abs(float(rows[2]["lat"]) - 35.2) < 0.0005


def test_reader_warnings_go_to_stderr(run) -> None:
    result = run(DATA / "fast.csv", "--zones", ZONES)
    assert result.returncode == 0
    assert result.stderr.startswith("warning: ") and "implausible speed" in result.stderr
    assert "warning" not in result.stdout


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((DATA / "bad_time.csv", "--zones", ZONES), "bad_time.csv, row 3, field 'time': cannot parse time"),
        ((DATA / "bad_swapped.csv", "--zones", ZONES), "lat and lon look swapped"),
        ((DATA / "empty.csv", "--zones", ZONES), "empty.csv: empty file"),
        ((DATA / "does_not_exist.csv",), "does_not_exist.csv: file not found"),
        ((DATA,), "is a directory"),
        ((TRACKS, "--zones", DATA / "bad_zones_bowtie.geojson"),
         "row 2, field 'geometry.coordinates': zone 'bowtie': invalid polygon"),
        ((TRACKS, "--zones", DATA / "bad_zones_no_id.geojson"), "row 2, field 'properties.id': missing zone id"),
        ((TRACKS, "--zones", DATA / "missing_zones.geojson"), "missing_zones.geojson: file not found"),
        ((TRACKS, "--zones", ZONES, "--uncertainty-nm", "abc"), "--uncertainty-nm must be a number"),
        ((TRACKS, "--zones", ZONES, "--uncertainty-nm", "-1"), "--uncertainty-nm must be a number"),
        ((TRACKS, "--zones", ZONES, "--uncertainty-nm", "nan"), "--uncertainty-nm must be a number"),
        ((TRACKS, "--zones", ZONES, "--format", "xml"), "--format must be csv or json"),
        ((TRACKS, "--zones", ZONES, "--out", DATA / "no_such_dir" / "x.csv"), "cannot write --out file"),
        ((), "no TRACKS file given"),
    ],
)
def test_bad_input_exits_2_with_one_line(run, args: tuple, text: str) -> None:
    result = run(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and message.startswith("error: ")
    assert text in message
    assert "Traceback" not in result.stderr and result.stdout == ""
