"""What a track is called and what it is, the one place every surface asks.

* :func:`display_name` — ``"H-6K ×2"``: the name the table, the map, the PNG, KML, GeoJSON,
  the slide and the HTML export all show for a track.
* :func:`is_notional` — a track is notional (a reconstruction, not an observed path) only when
  its data says so (``meta["notional"]`` true: the built-in scenarios and routes drawn in the
  app). A recorded track — an uploaded CSV, GPX, KML, ADS-B file — is not notional unless the
  file itself marks it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from layers.markup import truthy


def display_name(track: Any) -> str:
    """``"H-6K ×2"`` from the track's ``aircraft`` and ``count``; else its ``label``; else its id."""
    meta = track.meta
    aircraft = meta.get("aircraft")
    if aircraft:
        try:
            count = int(meta.get("count") or 1)
        except (TypeError, ValueError):
            count = 1
        return f"{aircraft} ×{count}" if count > 1 else str(aircraft)
    return str(meta.get("label") or track.track_id)


def description(track: Any) -> str:
    """The track's longer label (``"H-6K ×2 (PLAAF) — notional reconstruction"``) when it has
    one that says more than :func:`display_name`; else the empty string."""
    label = str(track.meta.get("label") or "")
    return label if label and label != display_name(track) else ""


def is_notional(track: Any) -> bool:
    """True only when the track's data marks it notional (``meta["notional"]``)."""
    return truthy(track.meta.get("notional"), default=False)


def any_notional(tracks: Iterable[Any]) -> bool:
    """True when any of ``tracks`` is notional."""
    return any(is_notional(track) for track in tracks)


def is_schematic(track: Any) -> bool:
    """True when the data marks the track as a schematic loop (only areas were published)."""
    return truthy(track.meta.get("schematic"), default=False)


__all__ = ["any_notional", "description", "display_name", "is_notional", "is_schematic"]
