"""GeoJSON feature helpers shared by the folium map builders (tooltips are escaped HTML)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

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


def render_html(fmap: folium.Map) -> str:
    """The map's whole HTML document, its JSON written compactly (:func:`compact_json`)."""
    with compact_json():
        return str(fmap.get_root().render())
