"""Re-fit a scenario file to the zone geodata: put boundary fixes on their lines, re-time the rest.

Used by hand (``python -m layers scenarios --refit ID``) after the ADIZ or airspace geodata
change, so that the reconstruction keeps reproducing the published crossing times:

* a waypoint with ``on_boundary`` (a zone id) is moved to the nearest point of that zone's
  boundary (edges straight in lon/lat, as the engine reads them), then :data:`NUDGE_M` metres
  off the line on the side of the next waypoint, so the crossing falls unambiguously on the
  leg that arrives at it, a fraction of a second before the waypoint's (published) time;
* ``interpolated`` waypoint times are recomputed at constant speed between timed neighbours.

Coordinates are written with 5 decimals (about 1 m). Nothing else in the file changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from layers.errors import InputError
from layers.geo import geodesy
from layers.scenarios.model import SCENARIO_DIR, interpolated_times

#: Distance (metres) a boundary fix is placed past its line, along the track.
NUDGE_M = 30.0


def snap_to_boundary(lat: float, lon: float, zone: shapely.Geometry) -> tuple[float, float]:
    """The point of ``zone``'s boundary nearest to (lat, lon) in lon/lat; returns (lat, lon)."""
    point = shapely.line_interpolate_point(
        zone.boundary, shapely.line_locate_point(zone.boundary, shapely.Point(lon, lat))
    )
    return float(point.y), float(point.x)


def place_past_boundary(lat: float, lon: float, toward: tuple[float, float],
                        zone: shapely.Geometry, past_m: float = NUDGE_M) -> tuple[float, float]:
    """Snap (lat, lon) to ``zone``'s boundary, then step ``past_m`` metres off it, at right
    angles to the edge in lon/lat, on the side of ``toward`` (lat, lon).

    Idempotent: the boundary point nearest to the result is the snapped point again.
    """
    boundary = zone.boundary
    where = shapely.line_locate_point(boundary, shapely.Point(lon, lat))
    foot = shapely.line_interpolate_point(boundary, where)
    ahead = shapely.line_interpolate_point(boundary, where + 1e-4)
    behind = shapely.line_interpolate_point(boundary, max(where - 1e-4, 0.0))
    tx, ty = ahead.x - behind.x, ahead.y - behind.y
    norm = (tx * tx + ty * ty) ** 0.5
    nx, ny = -ty / norm, tx / norm
    if nx * (toward[1] - foot.x) + ny * (toward[0] - foot.y) < 0:
        nx, ny = -nx, -ny
    metres_per_unit = geodesy.distance_m(foot.x, foot.y, foot.x + nx * 1e-3, foot.y + ny * 1e-3)[0] / 1e-3
    step = past_m / metres_per_unit
    return float(foot.y + ny * step), float(foot.x + nx * step)


def refit_document(doc: dict[str, Any], zones: gpd.GeoDataFrame) -> list[str]:
    """Refit ``doc`` in place; return one line per waypoint moved or re-timed."""
    changes: list[str] = []
    by_id = zones.set_index("id", drop=False) if "id" in zones.columns else zones
    for track in doc["tracks"]:
        waypoints = track["waypoints"]
        for j, wp in enumerate(waypoints):
            zone_id = wp.get("on_boundary")
            if not zone_id:
                continue
            if zone_id not in by_id.index:
                raise InputError(f"zone {zone_id!r} not in the zone data", field="on_boundary",
                                 source=f"{doc['id']}/{track['id']}/{wp['id']}")
            if j + 1 >= len(waypoints):
                raise InputError("a boundary waypoint needs a next waypoint to set its side",
                                 source=f"{doc['id']}/{track['id']}/{wp['id']}")
            nxt = waypoints[j + 1]
            lat, lon = place_past_boundary(wp["lat"], wp["lon"], (nxt["lat"], nxt["lon"]),
                                           by_id.loc[zone_id].geometry)
            new = (round(lat, 5), round(lon, 5))
            moved = geodesy.distance_m(wp["lon"], wp["lat"], new[1], new[0])[0]
            if moved > 2.0:
                changes.append(f"{track['id']} {wp['id']}: ({wp['lat']}, {wp['lon']}) -> {new}")
                wp["lat"], wp["lon"] = new
        frame = pd.DataFrame(
            {
                "lat": [w["lat"] for w in waypoints],
                "lon": [w["lon"] for w in waypoints],
                "time_basis": [w["time_basis"] for w in waypoints],
            },
            index=pd.DatetimeIndex([pd.Timestamp(w["time"]) for w in waypoints]).as_unit("ns"),
        )
        for k, new_time in interpolated_times(frame).items():
            wp = waypoints[k]
            text = pd.Timestamp(new_time).round("s").strftime("%Y-%m-%dT%H:%M:%SZ")
            if text != wp["time"]:
                changes.append(f"{track['id']} {wp['id']}: time {wp['time']} -> {text}")
                wp["time"] = text
    return changes


def refit_file(scenario_id: str, zones: gpd.GeoDataFrame, write: bool = True) -> list[str]:
    """Refit ``geodata/scenarios/<scenario_id>.json`` against ``zones``; rewrite it if changed.

    Run it twice: moving a boundary fix changes leg lengths, so interpolated times settle on
    the second pass.
    """
    path = SCENARIO_DIR / f"{scenario_id}.json"
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    changes = refit_document(doc, zones)
    changes += [c for c in refit_document(doc, zones) if c not in changes]
    if write and changes:
        path.write_text(dump_document(doc), encoding="utf-8")
    return changes


def dump_document(doc: dict[str, Any]) -> str:
    """The canonical text of a scenario file: 2-space indent, UTF-8, final newline."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


__all__ = ["NUDGE_M", "dump_document", "place_past_boundary", "refit_document", "refit_file",
           "snap_to_boundary"]
