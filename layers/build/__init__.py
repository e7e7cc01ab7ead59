"""Builders of geodata/ (from pinned registry packages) and of static/bundle/."""
