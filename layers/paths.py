"""Where the package, the project, its geodata and its static assets live (absolute paths)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
GEODATA_DIR = PROJECT_DIR / "geodata"
STATIC_DIR = PROJECT_DIR / "static"

__all__ = ["GEODATA_DIR", "PACKAGE_DIR", "PROJECT_DIR", "STATIC_DIR"]
