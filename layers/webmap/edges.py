"""ADIZ edge segments on the folium map: approximate segments dashed, limits of drawn data
dotted grey (not a boundary), each with an escaped tooltip naming its vertices and source."""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
from shapely.geometry import mapping

from layers.markup import escape, shorten, truthy
from layers.style import ADIZ_LABELS, APPROXIMATE_DASH, DATA_LIMIT_COLOUR, DATA_LIMIT_DASH
from layers.webmap.features import Style
from layers.webmap.features import feature as _feature
from layers.webmap.features import geojson_layer as _geojson


def edges_of(boundaries: gpd.GeoDataFrame | None, zone_id: str) -> list[dict[str, Any]]:
    """Edge features of one ADIZ, each with an escaped tooltip (vertices, confidence, source)."""
    if boundaries is None or boundaries.empty:
        return []
    rows = boundaries[boundaries["zone_id"].astype(str) == zone_id]
    features = []
    for number, (_, edge) in enumerate(rows.iterrows()):
        feature = _feature(f"{zone_id}-edge-{number}", mapping(edge.geometry), edge_tooltip(edge))
        feature["properties"]["approximate"] = truthy(edge.get("approximate"))
        feature["properties"]["data_limit"] = is_data_limit(edge)
        features.append(feature)
    return features


def edge_tooltip(edge: Any) -> str:
    """Tooltip HTML of one ADIZ edge segment (escaped)."""
    zone_id = str(edge.get("zone_id", ""))
    name = ADIZ_LABELS.get(zone_id.removeprefix("adiz-"), zone_id)
    ends = ""
    if edge.get("from_label") is not None and edge.get("to_label") is not None:
        ends = f", points {edge['from_label']} to {edge['to_label']}"
    lines = [f"<b>{escape(name + ' edge' + ends)}</b>"]
    if is_data_limit(edge):
        lines.append("<b>Limit of drawn data</b>: not a boundary; the zone goes on beyond, "
                     "but its line there was not found in a citable text")
    elif truthy(edge.get("approximate")):
        lines.append("<b>Approximate</b>: no official text backs this segment")
    else:
        lines.append(f"Confidence: {escape(edge.get('confidence', ''))}")
    if edge.get("note"):
        lines.append(escape(shorten(str(edge["note"]))))
    lines.append(f"Source: {escape(shorten(str(edge.get('source', ''))))}")
    return "<br>".join(lines)


def is_data_limit(edge: Any) -> bool:
    """Is this boundaries.geojson segment only the limit of the drawn part of a zone?"""
    return str(edge.get("kind") or "").startswith("truncation")


def edge_layer(features: list[dict[str, Any]], colour: str, weight: float) -> folium.GeoJson:
    def style(feature: dict[str, Any]) -> Style:
        approximate = feature["properties"]["approximate"]
        if feature["properties"].get("data_limit"):
            return {"color": DATA_LIMIT_COLOUR, "weight": max(1.0, weight * 0.6),
                    "dashArray": DATA_LIMIT_DASH, "className": "pm-adiz-edge pm-adiz-limit"}
        return {
            "color": colour,
            "weight": weight,
            "dashArray": APPROXIMATE_DASH if approximate else None,
            "className": "pm-adiz-edge pm-adiz-approx" if approximate else "pm-adiz-edge",
        }

    return _geojson(features, style)
