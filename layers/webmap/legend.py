"""The map legend as HTML: what each colour, line and marker means (built from layers.style)."""

from __future__ import annotations

from collections.abc import Iterable

from layers.markup import escape
from layers.style import (
    ADIZ_CAVEAT,
    DATA_LIMIT_COLOUR,
    DEFAULT_COLOUR,
    DISPUTED_COLOUR,
    EVENT_COLOURS,
    NOTIONAL_CAVEAT,
    POSSIBLE_OPACITY,
    REFERENCE_POINT_COLOUR,
    STATE_COLOURS,
    state_name,
)


def _row(symbol: str, text: str) -> str:
    return f'<div class="pm-row">{symbol}<span>{text}</span></div>'


def _swatch(colour: str, fill_opacity: float = 0.35, dashed: bool = False) -> str:
    style = f"border-color:{colour};background:{_rgba(colour, fill_opacity)}"
    if dashed:
        style += ";border-style:dashed"
    return f'<span class="pm-swatch" style="{style}"></span>'


def _line(colour: str, dashed: bool = False, dotted: bool = False) -> str:
    classes = "pm-line pm-dashed" if dashed else "pm-line pm-dotted" if dotted else "pm-line"
    return f'<span class="{classes}" style="border-top-color:{colour}"></span>'


def _dot(colour: str, opacity: float = 1.0, hollow: bool = False) -> str:
    fill = "transparent" if hollow else _rgba(colour, opacity)
    return f'<span class="pm-dot" style="background:{fill};border:2px solid {colour}"></span>'


def _rgba(colour: str, opacity: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{opacity:g})"


def _grid(items: list[str]) -> str:
    return '<div class="pm-grid">' + "".join(items) + "</div>"


def legend_html(
    airspace_states: Iterable[str],
    adiz_labels: Iterable[tuple[str, str]] = (),
    track_entries: Iterable[tuple[str, str]] = (),
    with_events: bool = False,
    disputed: Iterable[str] = (),
    notional: bool = False,
    heading: str | None = None,
    caveat: str | None = None,
    places_colour: str | None = None,
) -> str:
    """Legend HTML for the layers on the map (compact: two columns of short entries).

    ``airspace_states``: states with a territorial-airspace zone; ``adiz_labels``: (state,
    label) pairs such as ("KR", "KADIZ"); ``track_entries``: (swatch HTML, escaped name) of each track drawn;
    ``heading`` and ``caveat`` of the tracks (:func:`layers.tracks.naming.tracks_heading`,
    :func:`~layers.tracks.naming.caveat`; default: the NOTIONAL ones when ``notional``);
    ``places_colour``: the colour of the reported-event places, when the map draws them.
    """
    parts = ["<h4>Territorial airspace (12 nm)</h4>"]
    parts.append(_grid([
        _row(_swatch(STATE_COLOURS.get(code, DEFAULT_COLOUR)), escape(short_state_name(code)))
        for code in airspace_states
    ]))
    for text in disputed:  # each disputed zone in its own words (zones.disputed.disputed_text)
        parts.append(_row(_swatch(DISPUTED_COLOUR, dashed=True), escape(text)))
    adiz = list(adiz_labels)
    if adiz:
        parts.append("<h4>Air defence identification zones</h4>")
        items = [_row(_line(STATE_COLOURS.get(code, DEFAULT_COLOUR)), escape(label))
                 for code, label in adiz]
        items.append(_row(_line("#555555", dashed=True), "approximate"))
        items.append(_row(_line(DATA_LIMIT_COLOUR, dotted=True), "limit of drawn data (not a boundary)"))
        parts.append(_grid(items))
    tracks = list(track_entries)
    if tracks:
        heading = heading or ("Notional tracks" if notional else "Tracks")
        parts.append(f"<h4>{escape(heading)}</h4>")
        parts.append(_grid([_row(swatch, name) for swatch, name in tracks]))
    if with_events:
        parts.append("<h4>Boundary crossings</h4>")
        parts.append(_grid([
            _row(_dot(EVENT_COLOURS["entry"]), "entry"),
            _row(_dot(EVENT_COLOURS["exit"]), "exit"),
            _row(_dot("#555555", POSSIBLE_OPACITY, hollow=True), "possible"),
            _row(_dot(REFERENCE_POINT_COLOUR), "reference point"),
        ]))
    else:
        parts.append(_row(_dot(REFERENCE_POINT_COLOUR), "reference point"))
    if places_colour:
        parts.append(_row(_swatch(places_colour, fill_opacity=0.15), "reported event place (not a track)"))
    parts.append(f'<div class="pm-note">{escape(ADIZ_CAVEAT)}</div>')
    if tracks and notional:
        parts.append(f'<div class="pm-caveat">{escape(caveat or NOTIONAL_CAVEAT)}</div>')
    return "".join(parts)


def short_state_name(code: str) -> str:
    """State name without the parenthesised abbreviation, for tight legends."""
    return state_name(code).split(" (")[0]
