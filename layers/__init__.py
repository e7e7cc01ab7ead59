"""Patrol Map library: geodata layers, tracks, the crossing engine, scenarios, maps and exports.

This package knows nothing of Streamlit; ``app.py`` is a thin page on top of it and
``python -m layers`` is its command line.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
GEODATA_DIR = PROJECT_DIR / "geodata"
STATIC_DIR = PROJECT_DIR / "static"

__all__ = ["GEODATA_DIR", "PACKAGE_DIR", "PROJECT_DIR", "STATIC_DIR"]
