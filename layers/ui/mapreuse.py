"""Reuse one built folium map across many page reruns (streamlit-folium turns it into a script
on every call, and mutates it while doing so).

:func:`freeze_render` renders the map once and makes later ``render()`` calls no-ops;
:func:`restoring` undoes what a call did to the map: element ids renamed to stable ones,
layers added (the aircraft layer), and elements added to the figure's header, html and script.
With both, every call sees the same map and produces the same script (so the browser keeps
its map and only swaps the added layer), in a few hundredths of a second instead of about a
second. Use one lock per map: a map is not safe to use from two threads at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import folium

from layers.geo.bounds import Bounds
from layers.webmap.features import render_html
from layers.webmap.offline import walk

_PARTS = ("header", "html", "script")


def freeze_render(fmap: folium.Map, view: Bounds | None = None) -> folium.Map:
    """Render ``fmap`` (with its figure) once now and make later ``render()`` calls no-ops. Its
    bounds (what streamlit-folium reports before the browser does) are ``view``, the view the
    map opens on, if given; else computed once (a walk over every coordinate)."""
    render_html(fmap)
    fmap.render = lambda **_kwargs: None  # type: ignore[method-assign]
    bounds = view.leaflet() if view is not None else fmap.get_bounds()
    fmap.get_bounds = lambda: [list(corner) for corner in bounds]  # type: ignore[method-assign]
    return fmap


@contextmanager
def restoring(fmap: folium.Map) -> Iterator[folium.Map]:
    """Within the block, ``fmap`` may be changed; afterwards its elements' ids, its children
    and its figure's header/html/script children are as before."""
    ids = [(element, element._id) for element in walk(fmap)]
    children = dict(fmap._children)
    root = fmap.get_root()
    parts = {part: dict(getattr(root, part)._children) for part in _PARTS}
    try:
        yield fmap
    finally:
        for element, element_id in ids:
            element._id = element_id
        fmap._children.clear()
        fmap._children.update(children)
        for part, before in parts.items():
            current = getattr(root, part)._children
            current.clear()
            current.update(before)
