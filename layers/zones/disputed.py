"""Disputed zones, the one rule: a zone is disputed when its data says so (``disputed`` true,
or more than one state in ``claimants``); what is said about it comes from its own
properties (``name``, ``note``), never from text written for one zone.
"""

from __future__ import annotations

from typing import Any

from layers.markup import truthy


def _get(zone: Any, key: str) -> Any:
    value = zone.get(key) if hasattr(zone, "get") else None
    return None if value is None or (isinstance(value, float) and value != value) else value


def claimants(zone: Any) -> list[str]:
    """The states claiming the zone (ISO2 codes, from ``claimants`` "KR,JP")."""
    return [c.strip() for c in str(_get(zone, "claimants") or "").split(",") if c.strip()]


def is_disputed(zone: Any) -> bool:
    """True for a zone marked ``disputed`` in its data, or with more than one claimant."""
    return truthy(_get(zone, "disputed")) or len(claimants(zone)) > 1


def disputed_text(zone: Any) -> str:
    """``"Dokdo / Takeshima (Liancourt Rocks): disputed (administered by the Republic of Korea;
    claimed by Japan)"``: the zone's name and its own note."""
    name = str(_get(zone, "name") or _get(zone, "id") or "zone")
    note = _get(zone, "note")
    return f"{name}: disputed ({note})" if note else f"{name}: disputed"


def short_name(zone: Any) -> str:
    """A compact name for tables: the name before its first parenthesis (``"Dokdo /
    Takeshima"``)."""
    return str(_get(zone, "name") or _get(zone, "id") or "").split(" (")[0]


def disputed_layer_name(zones: Any) -> str:
    """The map's toggle for the disputed zones: the zone's name when there is one, else
    ``"Disputed zones"``."""
    names = [short_name(z) for z in zones]
    return f"{names[0]} (disputed)" if len(names) == 1 else "Disputed zones"


__all__ = ["claimants", "disputed_layer_name", "disputed_text", "is_disputed", "short_name"]
