"""The real command line, as a subprocess: the module, the console script, an error exit.

Everything else about the command line is tested in-process (the ``cli`` fixture); these
check what that cannot: the installed package imports from anywhere, the ``patrol-map``
entry point exists, and a real process exits 2 with the one-line message the fixture reports.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data"
TIMEOUT_S = 120


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_S)


@pytest.mark.slow
def test_module_help_from_outside_the_repository(tmp_path: Path) -> None:
    """``python -m layers --help`` from a directory without layers/: the editable install."""
    result = _run([sys.executable, "-m", "layers", "--help"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "usage: python -m layers" in result.stdout and "COMMAND" in result.stdout
    for command in ("crossings", "export", "scenarios", "build-geodata", "build-static"):
        assert command in result.stdout


@pytest.mark.slow
def test_console_script_prints_help(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "patrol-map"
    assert script.is_file(), f"{script} missing: `pip install -e .` installs the patrol-map script"
    result = _run([str(script), "--help"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "COMMAND" in result.stdout and "crossings" in result.stdout


@pytest.mark.slow
def test_crossings_missing_file_exits_2_with_one_line_like_in_process(cli, tmp_path: Path) -> None:
    missing = DATA / "does_not_exist.csv"
    result = _run([sys.executable, "-m", "layers", "crossings", str(missing)], cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and message.startswith("error: ")
    assert "does_not_exist.csv: file not found" in message and result.stdout == ""
    # The in-process fixture the other command-line tests use reports the very same.
    same = cli("crossings", missing, cwd=tmp_path)
    assert (same.returncode, same.stdout, same.stderr) == (result.returncode, result.stdout, result.stderr)
