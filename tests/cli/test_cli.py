"""The command line lists its subcommands."""

from __future__ import annotations

from layers.paths import PROJECT_DIR


def test_help_lists_subcommands(cli) -> None:
    result = cli("--help", cwd=PROJECT_DIR)
    assert result.returncode == 0, result.stderr
    assert "usage: python -m layers" in result.stdout
    assert "COMMAND" in result.stdout
