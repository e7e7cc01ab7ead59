"""The command line lists its subcommands."""

from __future__ import annotations

import subprocess
import sys

from layers.paths import PROJECT_DIR


def test_help_lists_subcommands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "layers", "--help"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "usage: python -m layers" in result.stdout
    assert "COMMAND" in result.stdout
