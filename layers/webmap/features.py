"""GeoJSON feature helpers shared by the folium map builders (tooltips are escaped HTML)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import branca.element
import folium

Style = dict[str, Any]


def feature(feature_id: str, geometry: Any, tip: str | None = None) -> dict[str, Any]:
    properties = {"tip": tip} if tip is not None else {}
    return {"type": "Feature", "id": feature_id, "properties": properties, "geometry": geometry}


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def constant_style(style: Style) -> Callable[[dict[str, Any]], Style]:
    """A style function giving ``style`` to every feature (``style`` is bound now, so a loop
    can build one per layer; a typed stand-in for ``lambda _f, s=style: s``)."""
    return lambda _f: style


def geojson_layer(
    features: list[dict[str, Any]],
    style: Callable[[dict[str, Any]], Style],
    **options: Any,
) -> folium.GeoJson:
    """A GeoJson layer; features with a ``tip`` property (escaped HTML) get it as tooltip."""
    has_tips = any("tip" in f["properties"] for f in features)
    tooltip = folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True) if has_tips else None
    return folium.GeoJson(
        collection(features), style_function=style, tooltip=tooltip, control=False, **options
    )


#: How folium's ``tojson`` filter writes JSON while :func:`compact_json` is active.
COMPACT_JSON = {"sort_keys": True, "separators": (",", ":")}


@contextmanager
def compact_json() -> Iterator[None]:
    """Within the block, folium's templates write JSON (GeoJSON data, tooltip fields) without
    spaces after separators; folium's shared template settings are restored afterwards (no
    lasting change for other maps in the process)."""
    policies = folium.GeoJson._template.environment.policies
    before = policies.get("json.dumps_kwargs")
    policies["json.dumps_kwargs"] = COMPACT_JSON
    try:
        yield
    finally:
        policies["json.dumps_kwargs"] = before


class _RenderedText(branca.element.Element):
    """Text a folium element has already rendered, kept as it is. branca wraps each element's
    rendered header, html and script in an ``Element`` whose text it compiles as a Jinja template
    again (for the land layer, hundreds of kB of GeoJSON lexed for nothing; a "{{" in data would
    even be read as template code)."""

    def __init__(self, template: str | None = None, template_name: str | None = None) -> None:
        super().__init__()
        self._text = template or ""

    def render(self, **kwargs: Any) -> str:
        return self._text


def _text_element(template: str | None = None, template_name: str | None = None) -> branca.element.Element:
    """``branca.element.Element(template)``, without compiling text that holds no template code."""
    if template_name is None and template is not None and "{{" not in template and "{%" not in template:
        return _RenderedText(template)
    return _BRANCA_ELEMENT(template, template_name)


_BRANCA_ELEMENT = branca.element.Element
_RENDER_LOCK = threading.Lock()


@contextmanager
def rendered_text_kept() -> Iterator[None]:
    """Within the block (one thread at a time), branca keeps rendered text as it is instead of
    compiling it again (:class:`_RenderedText`); restored afterwards."""
    with _RENDER_LOCK:
        branca.element.Element = _text_element  # type: ignore[misc, assignment]
        try:
            yield
        finally:
            branca.element.Element = _BRANCA_ELEMENT  # type: ignore[misc]


def render_html(fmap: folium.Map) -> str:
    """The map's whole HTML document, its JSON written compactly (:func:`compact_json`)."""
    with compact_json(), rendered_text_kept():
        return str(fmap.get_root().render())
