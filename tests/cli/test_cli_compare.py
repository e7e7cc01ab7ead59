"""``python -m layers compare`` in-process (the ``cli`` fixture): table, JSON, chart, bad input."""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

import pytest

from layers.paths import PROJECT_DIR


@pytest.fixture
def run(cli):
    return functools.partial(cli, "compare", cwd=PROJECT_DIR)


def test_csv_has_one_row_per_patrol_with_units_in_the_header(run) -> None:
    result = run("2019-07-23", "2024-07-24", "2026-06-27", "--align", "first-kadiz-entry")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["scenario_id"] for r in rows] == ["2019-07-23", "2024-07-24", "2026-06-27"]
    by_id = {r["scenario_id"]: r for r in rows}
    assert by_id["2019-07-23"]["moment"].startswith("2019-07-22T21:4")
    assert by_id["2024-07-24"]["moment"] == "" and by_id["2024-07-24"]["moment_note"] == "no KADIZ entry"
    assert by_id["2026-06-27"]["status"] == "no tracks"
    assert {"duration_s", "kadiz_s", "jadiz_s", "dokdo_airspace_m", "dokdo_airspace_nm", "strait",
            "crossings"} <= set(rows[0])


def test_json_and_file_output(run, tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    result = run("2019-07-23", "2026-06-27", "2019-07-23", "--align", "strait", "--format", "json", "--out", out)
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))  # strict JSON: no NaN
    assert document["align"] == "strait"
    assert [p["scenario_id"] for p in document["patrols"]] == ["2019-07-23", "2026-06-27"]  # each once
    assert document["patrols"][0]["moment_note"].startswith("Tsushima Strait")
    empty = document["patrols"][1]
    assert (empty["status"], empty["moment"], empty["duration_s"]) == ("no tracks", None, None)
    assert {s["id"] for s in document["straits"]} == {"tsushima", "miyako"}


def test_png_chart(run, tmp_path: Path) -> None:
    out = tmp_path / "c.png"
    result = run("2019-07-23", "2024-07-24", "2021-11-19", "--format", "png", "--out", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert run("2019-07-23", "--format", "png").returncode == 2  # needs --out


@pytest.mark.parametrize("args, words", [
    (("2019-07-23", "1999-01-01"), "unknown scenario '1999-01-01'"),
    (("2019-07-23", "--align", "sideways"), "--align must be one of"),
    (("2019-07-23", "--format", "xlsx"), "--format must be"),
])
def test_bad_input_is_one_line_and_exit_2(run, args, words) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in result.stderr
