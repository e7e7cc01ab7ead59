"""What a track is called and what it is, the one place every surface asks.

* :func:`display_name` — ``"H-6K ×2"``: the name the table, the map, the PNG, KML, GeoJSON,
  the slide and the HTML export all show for a track.
* :func:`is_notional` — a track is notional (a reconstruction, not an observed path) only when
  its data says so (``meta["notional"]`` true: the built-in scenarios and routes drawn in the
  app). A recorded track — an uploaded CSV, GPX, KML, ADS-B file — is not notional unless the
  file itself marks it.
* :func:`caveat_word` — ``"SCHEMATIC"`` for a schematic route (only areas were published),
  ``"NOTIONAL"`` for another notional track, ``""`` for a recorded one: the word every surface
  (map banner, tooltips, legend, PNG, PPTX, HTML, KML, GeoJSON, CSV) prints for the track;
  :func:`caveat` is the sentence that goes with it.
* :func:`region_title` — ``"Patrol Map: Bering Sea and North Pacific"``, the page, map and
  export title of a scenario's region.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

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


#: What the word means, said once (banners, captions, exports).
NOTIONAL_CAVEAT = (
    "NOTIONAL: tracks are reconstructions from published times and descriptions, not recorded data."
)
SCHEMATIC_CAVEAT = (
    "SCHEMATIC: only the areas flown were published, not a route; the drawn loop only illustrates "
    "them (positions loose, times illustrative)."
)
#: The page title's prefix; the region follows it.
TITLE_PREFIX = "Patrol Map"


def caveat_word(track: Any) -> str:
    """``"SCHEMATIC"`` (a schematic route: notional, and not even a route), ``"NOTIONAL"`` (a
    reconstruction) or ``""`` (recorded data)."""
    if is_schematic(track):
        return "SCHEMATIC"
    return "NOTIONAL" if is_notional(track) else ""


def caveat_words(tracks: Iterable[Any]) -> list[str]:
    """The distinct words of ``tracks`` (:func:`caveat_word`), SCHEMATIC before NOTIONAL."""
    found = {caveat_word(t) for t in tracks} - {""}
    return [w for w in ("SCHEMATIC", "NOTIONAL") if w in found]


def caveat(tracks: Iterable[Any]) -> str:
    """The caveat sentence(s) for ``tracks``: the SCHEMATIC one when any is schematic, the
    NOTIONAL one when any other is notional; ``""`` for recorded tracks only."""
    texts = {"SCHEMATIC": SCHEMATIC_CAVEAT, "NOTIONAL": NOTIONAL_CAVEAT}
    return " ".join(texts[w] for w in caveat_words(tracks))


def marked_name(track: Any) -> str:
    """:func:`display_name` followed by its word, e.g. ``"H-6K ×2 (SCHEMATIC)"``."""
    word = caveat_word(track)
    return f"{display_name(track)} ({word})" if word else display_name(track)


def tracks_heading(tracks: Iterable[Any]) -> str:
    """A heading for a list of tracks: ``"Schematic tracks"``, ``"Notional tracks"``,
    ``"Schematic and notional tracks"`` or ``"Tracks"`` (recorded)."""
    words = caveat_words(tracks)
    return (" and ".join(w.lower() for w in words) + " tracks").capitalize() if words else "Tracks"


def coincident_groups(tracks: Sequence[Any]) -> list[list[int]]:
    """Indices of schematic tracks drawn on the very same fixes (same times and positions):
    aircraft that flew together on one schematic loop, which every surface draws so that each
    shows and names the others; every other track is a group of one."""
    groups: list[list[int]] = []
    keys: list[tuple[Any, ...] | None] = []
    for i, track in enumerate(tracks):
        key = None
        if is_schematic(track):
            key = (tuple(track.data.index.asi8), tuple(np.round(np.asarray(track.lat, float), 6)),
                   tuple(np.round(np.asarray(track.lon, float), 6)))
        for group, other in zip(groups, keys, strict=True):
            if key is not None and other == key:
                group.append(i)
                break
        else:
            groups.append([i])
            keys.append(key)
    return groups


def region_title(region: str) -> str:
    """``"Patrol Map: <region>"``."""
    return f"{TITLE_PREFIX}: {region}"


__all__ = [
    "NOTIONAL_CAVEAT", "SCHEMATIC_CAVEAT", "TITLE_PREFIX", "any_notional", "caveat", "caveat_word", "caveat_words",
    "coincident_groups", "description", "display_name", "is_notional", "is_schematic", "marked_name", "region_title",
    "tracks_heading",
]
