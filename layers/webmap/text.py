"""Text for the map from zone and point data: tooltips, names, flags. Every value is escaped."""

from __future__ import annotations

from typing import Any

from layers.markup import escape, shorten
from layers.style import state_name
from layers.zones.disputed import claimants, is_disputed


def zone_tooltip(zone: Any) -> str:
    """Tooltip HTML for a zone row (escaped): name, kind, state, claimants, confidence, source."""
    kind = {"adiz": "Air defence identification zone", "territorial-airspace": "Territorial airspace"}
    lines = [f"<b>{escape(zone['name'])}</b>", escape(kind.get(zone["kind"], zone["kind"]))]
    if is_disputed(zone):
        administering = zone.get("administered_by") or zone["state"]
        lines.append(f"<b>Disputed</b>: administered by {escape(state_name(str(administering)))}")
        lines.append("Claimants: " + escape(", ".join(state_name(c) for c in claimants(zone))))
        other_names = zone_names(zone)
        if other_names:
            lines.append("Names: " + escape(other_names))
    elif zone["state"]:
        declared = "Declared by" if zone["kind"] == "adiz" else "State"
        lines.append(f"{declared}: {escape(state_name(zone['state']))}")
    lines.append(f"Confidence: {escape(zone['confidence'])}")
    if zone.get("valid_from"):
        lines.append(f"Valid from: {escape(zone['valid_from'])}")
    lines.append(f"Source: {escape(shorten(zone['source']))}")
    return "<br>".join(lines)


def zone_names(zone: Any) -> str:
    """The zone's alternative names (``names`` or ``name_*`` properties), joined by " / "."""
    values: list[str] = []
    for key in ("names", "name_ko", "name_ja", "name_en"):
        value = zone.get(key)
        if isinstance(value, (list, tuple)):
            values += [str(v) for v in value]
        elif isinstance(value, str) and value.strip():
            values.append(value.strip())
    return " / ".join(dict.fromkeys(values))


def short_label(name: str, max_chars: int = 22) -> str:
    """``name`` cut to whole words within ``max_chars``, never leaving a parenthesis open."""
    words = name.split()
    kept: list[str] = []
    for word in words:
        if kept and len(" ".join([*kept, word])) > max_chars:
            break
        kept.append(word)
    text = " ".join(kept)
    if text.count("(") > text.count(")"):
        text = text[: text.rindex("(")].strip()
    return text
