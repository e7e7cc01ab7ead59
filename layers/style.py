"""One style registry shared by the web map (folium) and the static exports (matplotlib).

Colours are hex strings; widths in CSS pixels (web) and points (print) alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The caveats are said once, in layers.tracks.naming (re-exported here for the exports).
from layers.tracks.naming import NOTIONAL_CAVEAT as NOTIONAL_CAVEAT
from layers.tracks.naming import SCHEMATIC_CAVEAT as SCHEMATIC_CAVEAT

SEA_COLOUR = "#d6e6f2"
LAND_FILL = "#f1ede3"
LAND_EDGE = "#9a948a"
GRATICULE = "#9fb4c7"

#: Colour per state (ISO 3166-1 alpha-2): tracks by the operating state, zones by the
#: declaring/administering state.
STATE_COLOURS: dict[str, str] = {
    "CN": "#d62728",  # red
    "RU": "#1f4e9c",  # dark blue
    "KR": "#2ca02c",  # green
    "JP": "#9467bd",  # purple
    "KP": "#8c564b",  # brown
    "TW": "#17becf",  # teal
    "US": "#7f7f7f",
}
DEFAULT_COLOUR = "#555555"
DISPUTED_COLOUR = "#e377c2"  # Dokdo / Takeshima: hatched/dashed, its own colour


@dataclass(frozen=True)
class ZoneStyle:
    """How a zone is drawn: outline colour, fill colour/opacity, line width, dash pattern."""

    colour: str
    fill: str
    fill_opacity: float
    weight: float
    dash: str | None = None  # SVG dash array, e.g. "6 4"; None for solid


def zone_style(kind: str, state: str, disputed: bool = False) -> ZoneStyle:
    """Style of a zone by kind and state; disputed zones get the disputed colour and a dash."""
    colour = STATE_COLOURS.get(state, DEFAULT_COLOUR)
    if disputed:
        return ZoneStyle(DISPUTED_COLOUR, DISPUTED_COLOUR, 0.25, 2.0, "4 3")
    if kind == "adiz":
        return ZoneStyle(colour, colour, 0.04, 2.2)
    if kind == "territorial-airspace":
        return ZoneStyle(colour, colour, 0.18, 1.0)
    if kind == "sea":
        return ZoneStyle("#5b8db8", SEA_COLOUR, 0.0, 0.0)
    return ZoneStyle(LAND_EDGE, LAND_FILL, 1.0, 0.6)


#: Dash pattern for ADIZ segments that no official text backs ("approximate boundary").
APPROXIMATE_DASH = "8 6"
#: Lines that only close the drawn part of a zone known in part (JADIZ beyond points (1)-(7)):
#: not a boundary. Drawn dotted grey.
DATA_LIMIT_DASH = "2 6"
DATA_LIMIT_COLOUR = "#8a8a8a"

#: Crossing markers: (fill colour, radius px) by event kind and certainty.
EVENT_COLOURS: dict[str, str] = {"entry": "#b00020", "exit": "#00695c"}
POSSIBLE_OPACITY = 0.45


def track_colour(state: str) -> str:
    """Colour of a track flown by aircraft of ``state`` (ISO alpha-2)."""
    return STATE_COLOURS.get(state, DEFAULT_COLOUR)


#: Dash patterns (in line widths: dash, gap, …) of the 1st, 2nd, 3rd … track of one state:
#: solid, long dashes, dots, dash-dot. Tracks of one state share a colour and differ by these,
#: on the map, in its legend and on the PNG.
TRACK_DASHES: tuple[tuple[float, ...], ...] = ((), (7, 2), (2, 1.5), (7, 2, 2, 2))


def track_dashes(tracks: Any) -> list[tuple[float, ...]]:
    """Per track (in order), its dash pattern: the n-th track of a state gets the n-th pattern."""
    seen: dict[str, int] = {}
    out = []
    for track in tracks:
        state = str(track.meta.get("state", ""))
        out.append(TRACK_DASHES[seen.get(state, 0) % len(TRACK_DASHES)])
        seen[state] = seen.get(state, 0) + 1
    return out


def dash_array(dash: tuple[float, ...], width: float) -> str | None:
    """A Leaflet / SVG ``dashArray`` for ``dash`` at a line ``width`` (pixels); None if solid."""
    return " ".join(f"{v * width:g}" for v in dash) if dash else None


#: Neutral display names of the states (ISO 3166-1 alpha-2), for legends and tooltips.
STATE_NAMES: dict[str, str] = {
    "CN": "China (PRC)",
    "JP": "Japan",
    "KP": "North Korea (DPRK)",
    "KR": "South Korea (ROK)",
    "RU": "Russia",
    "TW": "Taiwan",
    "US": "United States",
}

#: Short ADIZ labels by declaring state.
ADIZ_LABELS: dict[str, str] = {"KR": "KADIZ", "JP": "JADIZ", "CN": "CADIZ"}

GRATICULE_LABEL = "#4f6a84"
LABEL_COLOUR = "#33475b"
REFERENCE_POINT_COLOUR = "#222222"


def state_name(code: str) -> str:
    """Display name of a state code; the code itself when unknown."""
    return STATE_NAMES.get(code, code)

#: The one sentence every surface carries about ADIZs (the map legend, the PNG, KML, the app).
ADIZ_CAVEAT = "An ADIZ is not territorial airspace: entering one is not a violation."
