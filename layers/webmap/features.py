"""GeoJSON feature helpers shared by the folium map builders (tooltips are escaped HTML)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import folium

Style = dict[str, Any]


def feature(feature_id: str, geometry: Any, tip: str | None = None) -> dict[str, Any]:
    properties = {"tip": tip} if tip is not None else {}
    return {"type": "Feature", "id": feature_id, "properties": properties, "geometry": geometry}


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


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
