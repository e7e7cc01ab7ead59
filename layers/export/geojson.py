"""GeoJSON (RFC 7946) of everything in a briefing, as one FeatureCollection.

Each feature's ``layer`` property says what it is: ``zone`` (land, sea, territorial airspace,
ADIZ: the zone schema), ``adiz-edge`` (ADIZ boundary segments with their confidence),
``point`` (reference points), ``track`` (the path densified along WGS84 geodesics, since
RFC 7946 edges are straight in lon/lat), ``fix`` (each timed fix with what it rests on) and
``event`` (the crossing report's events) and ``reported-place`` (where a text puts a reported
event: a Polygon, the uncertainty circle or sector, and for a point place also a Point, with
``kind`` ``reported-place``; never a track). Times are ISO 8601 UTC with ``Z``. Foreign
members carry the title, time window, NOTIONAL caveat and attribution.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.export.briefing import Briefing, attribution_text
from layers.export.places import PLACE_KIND, place_properties
from layers.export.png.layers import MapLayers
from layers.export.report import report_events
from layers.timefmt import iso_z, iso_z_series
from layers.tracks.naming import caveat, caveat_word, display_name, is_notional, is_schematic

LAYERS = ("zone", "adiz-edge", "point", "track", "fix", "event", PLACE_KIND)
DENSIFY_STEP_M = 10_000.0


def _with_layer(frame: gpd.GeoDataFrame, layer: str) -> gpd.GeoDataFrame:
    frame = frame.copy()
    for column in frame.columns:
        if column != "geometry" and pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = iso_z_series(frame[column]).to_numpy()
    frame.insert(0, "layer", layer)
    return frame


def tracks_frame(tracks) -> gpd.GeoDataFrame:
    """One row per track: densified geodesic path and the track's metadata."""
    rows = []
    for track in tracks:
        meta = dict(track.meta)
        rows.append({
            "track_id": track.track_id,
            "label": display_name(track),
            **{k: meta.get(k) for k in ("aircraft", "count", "group", "state", "source")},
            "notional": is_notional(track),
            "schematic": is_schematic(track),
            "caveat_word": caveat_word(track) or None,
            "caveat": caveat([track]) or None,
            "start": track.start,
            "end": track.end,
            "length_km": round(track.length_m / 1000, 3),
            "geometry": track.to_geometry(max_step_m=DENSIFY_STEP_M),
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326") if rows else \
        gpd.GeoDataFrame({"track_id": []}, geometry=[], crs="EPSG:4326")


def fixes_frame(tracks) -> gpd.GeoDataFrame:
    """One point per fix: track id, time and the fix's columns (basis, uncertainty_km, alt_m)."""
    frames = []
    for track in tracks:
        data = track.data.reset_index()
        data.insert(0, "track_id", track.track_id)
        frames.append(data)
    if not frames:
        return gpd.GeoDataFrame({"track_id": []}, geometry=[], crs="EPSG:4326")
    data = pd.concat(frames, ignore_index=True)
    geometry = shapely.points(data["lon"].to_numpy(), data["lat"].to_numpy())
    return gpd.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")


def events_frame(report) -> gpd.GeoDataFrame:
    """The report's events as points (all columns kept)."""
    events = report_events(report).copy()
    geometry = shapely.points(events["lon"].to_numpy(float), events["lat"].to_numpy(float))
    return gpd.GeoDataFrame(events, geometry=geometry, crs="EPSG:4326")


def places_frame(briefing: Briefing) -> gpd.GeoDataFrame:
    """The briefing's reported-event places: a Polygon row per place (``shape`` ``area``) and,
    for a point place, a Point row (``shape`` ``point``), with :func:`place_properties`."""
    rows = []
    for event, place in briefing.places:
        properties = place_properties(event, place, briefing.local)
        rows.append({**properties, "shape": "area", "geometry": place.area})
        if place.point is not None:
            rows.append({**properties, "shape": "point", "geometry": place.point})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326") if rows else \
        gpd.GeoDataFrame({"kind": []}, geometry=[], crs="EPSG:4326")


def render_geojson(briefing: Briefing, layers: MapLayers | None = None) -> bytes:
    """The briefing as one GeoJSON FeatureCollection (UTF-8 bytes)."""
    layers = layers or MapLayers.builtin("analysis")
    parts = [_with_layer(layers.zones.reset_index(drop=True), "zone")]
    if layers.boundaries is not None:
        parts.append(_with_layer(layers.boundaries, "adiz-edge"))
    if layers.points is not None:
        parts.append(_with_layer(layers.points, "point"))
    parts += [
        _with_layer(tracks_frame(briefing.tracks), "track"),
        _with_layer(fixes_frame(briefing.tracks), "fix"),
        _with_layer(events_frame(briefing.report), "event"),
        _with_layer(places_frame(briefing), PLACE_KIND),
    ]
    merged = gpd.GeoDataFrame(pd.concat([p for p in parts if len(p)], ignore_index=True),
                              geometry="geometry", crs="EPSG:4326")
    collection = json.loads(merged.to_json(na="drop", drop_id=True, to_wgs84=False))
    for feature in collection["features"]:
        for key, value in list(feature["properties"].items()):
            if isinstance(value, float) and not np.isfinite(value):
                feature["properties"][key] = None
    collection = {
        "type": "FeatureCollection",
        "name": briefing.title,
        "title": briefing.page_title,
        "region": briefing.region,
        "scenario": briefing.scenario_id,
        "time_window": briefing.window_text,
        "start": iso_z(briefing.start) if briefing.start is not None else None,
        "end": iso_z(briefing.end) if briefing.end is not None else None,
        "time_zone": briefing.local.tz,
        "uncertainty_nm": briefing.uncertainty_nm,
        "caveat": briefing.caveat or None,
        "attribution": attribution_text(),
        "sources": list(briefing.sources),
        "layers": list(LAYERS),
        "features": collection["features"],
    }
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
