"""Check claims against tracks: the best-fitting event, residuals, ``met``, contradictions.

For each claim the best-fitting event of the tracks is the crossing-engine event
(:func:`layers.engine.crossings.find_crossings`) of the same track, zone and kind (``entry`` or
``possible-entry``…) closest in time to the claimed time (without a time: closest to the
claimed place); for a sighting, the track's position at the claimed time (without a time: its
closest approach to the claimed place). Residuals: ``dt_s`` = event time − claimed time
(seconds; positive: the event came later), ``distance_km`` = geodesic distance from the claimed
region to the event position (0 inside). ``met`` follows the rules of :mod:`layers.claims.model`.

Contradictions (:func:`contradictions`):

- ``boundary``: an entry or exit whose region does not meet the zone's sourced boundary
  (``distance_km``: the gap; ``nominal_distance_km``: from the stated point);
- ``speed``: two consecutive timed and placed claims of one track whose regions are so far
  apart that even the most favourable reading (nearest points, times at the ends of their
  precisions: ``min_speed_kmh``) needs more than the type's top speed
  (:data:`layers.tracks.speeds.MAX_LEG_KMH`): verdict ``impossible``; or whose stated places
  and times (``nominal_speed_kmh``) need more than :data:`layers.tracks.speeds.FAST_LEG_KMH`,
  beyond a bomber's usual cruise: verdict ``implausible``.

Tracks are notional reconstructions: a claim "met" by a notional track says the reconstruction
honours it, not that the aircraft flew there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from layers.claims.model import Claim
from layers.claims.regions import (
    distance_to_m,
    gap_m,
    nearest_on,
    nominal_geometry,
    region_polygon,
    satisfying_region,
    to_feature,
    zone_boundary,
)
from layers.geo import geodesy
from layers.timefmt import iso_z
from layers.tracks.speeds import FAST_LEG_KMH, top_speed_kmh

#: A place is met when the event lies within this distance (km) of its region (rounding only).
PLACE_EPS_KM = 0.001
#: Track sampling (m) for the closest approach of an untimed sighting.
SIGHTING_STEP_M = 2_000.0

CLAIM_TABLE_COLUMNS = [
    "claim_id", "track_id", "aircraft", "event", "zone_id", "claimed_time", "time_precision",
    "time_tolerance_s", "place", "region", "basis", "source", "engine_event", "event_time",
    "event_lat", "event_lon", "dt_s", "distance_km", "time_met", "place_met", "met",
    "contradiction", "note", "origin",
]
CONTRADICTION_COLUMNS = [
    "id", "kind", "verdict", "claim_ids", "track_id", "zone_id", "time_s", "distance_km",
    "nominal_distance_km", "min_speed_kmh", "nominal_speed_kmh", "top_speed_kmh", "text",
]


@dataclass
class ClaimResult:
    """One checked claim: the region (``polygon``), where the event could be (``satisfying``:
    the polygon, or for an entry/exit its part of the zone boundary), the event found and the
    residuals (``None`` where not checkable)."""

    claim: Claim
    polygon: BaseGeometry | None = None
    satisfying: BaseGeometry | None = None
    engine_event: str = ""
    event_time: pd.Timestamp | None = None
    lat: float | None = None
    lon: float | None = None
    dt_s: float | None = None
    distance_km: float | None = None
    time_met: bool | None = None
    place_met: bool | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool | None:
        """Every stated part met; ``None`` when no part could be checked."""
        parts = [p for p in (self.time_met, self.place_met) if p is not None]
        return all(parts) if parts else None


@dataclass
class ClaimReport:
    """The checked claims (:attr:`table`), the contradictions and the regions for the map."""

    scenario_id: str
    results: list[ClaimResult]
    contradictions: pd.DataFrame

    @property
    def table(self) -> pd.DataFrame:
        """One row per claim (:data:`CLAIM_TABLE_COLUMNS`): times ISO 8601 UTC, seconds, km."""
        by_claim: dict[str, list[str]] = {}
        for row in self.contradictions.itertuples():
            for claim_id in str(row.claim_ids).split(" "):
                by_claim.setdefault(claim_id, []).append(str(row.id))
        rows = []
        for r in self.results:
            c = r.claim
            rows.append({
                "claim_id": c.id, "track_id": c.track_id, "aircraft": c.aircraft, "event": c.event,
                "zone_id": c.zone_id, "claimed_time": iso_z(c.time, "s") if c.time is not None else "",
                "time_precision": c.time_precision, "time_tolerance_s": c.time_tolerance_s,
                "place": c.place, "region": c.where.rule if c.where else "", "basis": c.basis,
                "source": c.source, "engine_event": r.engine_event,
                "event_time": iso_z(r.event_time, "ms") if r.event_time is not None else "",
                "event_lat": _round(r.lat, 5), "event_lon": _round(r.lon, 5), "dt_s": _round(r.dt_s, 1),
                "distance_km": _round(r.distance_km, 2), "time_met": r.time_met, "place_met": r.place_met,
                "met": r.met, "contradiction": " ".join(by_claim.get(c.id, [])),
                "note": "; ".join(n for n in [c.note, *r.notes] if n), "origin": c.origin,
            })
        table = pd.DataFrame(rows, columns=CLAIM_TABLE_COLUMNS)
        for column in ("time_met", "place_met", "met"):  # True, False or None (not checkable)
            table[column] = pd.Series([row[column] for row in rows], index=table.index, dtype=object)
        return table

    def to_csv(self) -> str:
        """The claims table as CSV (empty cells where not checkable; ``met`` true/false)."""
        table = self.table.astype(object)
        for column in ("time_met", "place_met", "met"):
            table[column] = [("true" if v else "false") if isinstance(v, bool) else "" for v in table[column]]
        return str(table.to_csv(index=False, lineterminator="\n", na_rep=""))

    def to_json(self) -> str:
        """``{"scenario", "notional", "rules", "claims", "contradictions", "regions"}`` as strict
        JSON (null where not checkable); ``regions`` is a GeoJSON FeatureCollection."""
        from layers.claims import model

        document = {
            "scenario": self.scenario_id,
            "notional": "Scenario tracks are notional reconstructions: a claim met by one is honoured by "
                        "the reconstruction, not proven.",
            "rules": list(model.PRECISION_RULES),
            "claims": _records(self.table),
            "contradictions": _records(self.contradictions),
            "regions": self.regions_geojson(),
        }
        return json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n"

    def regions_geojson(self) -> dict[str, Any]:
        """Each claim's region (``part`` ``region``) and, for an entry or exit, the part of the zone
        boundary inside it (``part`` ``boundary``), with the claim id and ``met``."""
        features = []
        for r in self.results:
            base = {"claim_id": r.claim.id, "event": r.claim.event, "zone_id": r.claim.zone_id, "met": r.met,
                    "place": r.claim.place, "region": r.claim.where.rule if r.claim.where else ""}
            if r.polygon is not None:
                features.append(to_feature(r.polygon, {**base, "part": "region"}))
            if r.satisfying is not None and r.satisfying is not r.polygon and not r.satisfying.is_empty:
                features.append(to_feature(r.satisfying, {**base, "part": "boundary"}))
        return {"type": "FeatureCollection", "features": features}


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), digits)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for record in frame.astype(object).to_dict("records"):
        out.append({k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in record.items()})
    return out


# ------------------------------------------------------------------ per claim
def _zone_geometries(zones: Any) -> dict[str, BaseGeometry]:
    table = zones.zones if hasattr(zones, "zones") else zones
    ids = table["id"] if "id" in table.columns else table.index
    return {str(i): g for i, g in zip(ids, table.geometry)}


def _fit_event(result: ClaimResult, events: pd.DataFrame) -> None:
    claim = result.claim
    mine = events[(events["track_id"] == claim.track_id) & (events["zone_id"] == claim.zone_id)
                  & events["event"].isin([claim.event, f"possible-{claim.event}"])]
    if mine.empty:
        result.notes.append(f"the track has no {claim.event} of {claim.zone_id}")
        return
    times = pd.to_datetime(mine["time"], utc=True)
    if claim.time is not None:
        pick = int(np.argmin(np.abs((times - claim.time).dt.total_seconds().to_numpy())))
    elif result.polygon is not None:
        pick = int(np.argmin([distance_to_m(result.polygon, lon, lat)
                              for lon, lat in zip(mine["lon"], mine["lat"])]))
    else:
        pick = 0
    row = mine.iloc[pick]
    result.engine_event = str(row["event"])
    result.event_time = pd.Timestamp(times.iloc[pick])
    result.lat, result.lon = float(row["lat"]), float(row["lon"])


def _fit_sighting(result: ClaimResult, track: Any) -> None:
    claim = result.claim
    if claim.time is not None:
        at = track.position_at(pd.DatetimeIndex([claim.time]))
        lat, lon = float(at["lat"].iloc[0]), float(at["lon"].iloc[0])
        if not (math.isfinite(lat) and math.isfinite(lon)):
            result.notes.append("the track has no position at the claimed time")
            return
        result.engine_event, result.event_time, result.lat, result.lon = "position", claim.time, lat, lon
        result.notes.append("position of the track at the claimed time")
        return
    if result.polygon is None:
        return
    dense = track.densify(SIGHTING_STEP_M)
    lons, lats = dense.lon, dense.lat
    inside = shapely.covers(result.polygon, shapely.points(np.column_stack([lons, lats])))
    if inside.any():
        i = int(np.argmax(inside))
    else:  # a few nearest in degrees, then geodesic
        rough = shapely.distance(result.polygon, shapely.points(np.column_stack([lons, lats])))
        near = np.argsort(rough)[:8]
        i = int(near[int(np.argmin([distance_to_m(result.polygon, lons[k], lats[k]) for k in near]))])
    result.engine_event = "closest approach"
    result.event_time = pd.Timestamp(dense.data.index[i])
    result.lat, result.lon = float(lats[i]), float(lons[i])
    result.notes.append("no time stated: the track's first point in the region, or its closest approach")


def check_one(claim: Claim, tracks: Mapping[str, Any], zones: Mapping[str, BaseGeometry],
              events: pd.DataFrame) -> ClaimResult:
    """Check one claim (see the module docstring)."""
    result = ClaimResult(claim)
    zone = zones.get(claim.zone_id) if claim.zone_id else None
    if claim.zone_id and zone is None:
        result.notes.append(f"unknown zone {claim.zone_id}")
    if claim.where is not None:
        result.polygon = region_polygon(claim.where)
        result.satisfying = satisfying_region(result.polygon, claim.event, zone)
    track = tracks.get(claim.track_id)
    if track is None:
        result.notes.append("no drawn track to check it against")
        return result
    if claim.event == "sighting":
        _fit_sighting(result, track)
    else:
        _fit_event(result, events)
    if result.lat is None or result.lon is None:
        return result
    if claim.time is not None and result.event_time is not None and claim.event != "sighting":
        result.dt_s = (result.event_time - claim.time).total_seconds()
        result.time_met = abs(result.dt_s) <= float(claim.time_tolerance_s or 0.0)
    if result.polygon is not None:
        result.distance_km = distance_to_m(result.polygon, result.lon, result.lat) / 1000.0
        result.place_met = result.distance_km <= PLACE_EPS_KM
    return result


# ------------------------------------------------------------------ contradictions
def _where(result: ClaimResult) -> BaseGeometry | None:
    """Where the claimed event could be: the satisfying region, else the claim's region."""
    if result.satisfying is not None and not result.satisfying.is_empty:
        return result.satisfying
    return result.polygon


def _nominal_point(result: ClaimResult) -> tuple[float, float] | None:
    if result.claim.where is None:
        return None
    nominal = nominal_geometry(result.claim.where)
    if nominal is None:
        return None
    if result.claim.event != "sighting" and result.satisfying is not None and not result.satisfying.is_empty:
        return nearest_on(result.satisfying, nominal)
    if isinstance(nominal, shapely.Point):
        return float(nominal.x), float(nominal.y)
    return None


def boundary_contradictions(results: Sequence[ClaimResult], zones: Mapping[str, BaseGeometry]) -> list[dict]:
    """Entries and exits whose region does not meet the zone's boundary, with the gap (km)."""
    rows = []
    for r in results:
        c = r.claim
        zone = zones.get(c.zone_id)
        if c.event == "sighting" or r.polygon is None or zone is None or r.satisfying is None \
                or not r.satisfying.is_empty:
            continue
        boundary = zone_boundary(zone)
        gap, _, _ = gap_m(boundary, r.polygon)
        nominal = nominal_geometry(c.where) if c.where else None
        nominal_km = None
        side = "inside" if shapely.covers(zone, r.polygon) else "outside"
        if isinstance(nominal, shapely.Point):
            nominal_km = distance_to_m(boundary, nominal.x, nominal.y) / 1000.0
        stated = f"; the stated point {nominal_km:.1f} km" if nominal_km is not None else ""
        rows.append({
            "id": f"boundary:{c.id}", "kind": "boundary", "verdict": "impossible", "claim_ids": c.id,
            "track_id": c.track_id, "zone_id": c.zone_id, "time_s": None, "distance_km": round(gap / 1000, 2),
            "nominal_distance_km": _round(nominal_km, 2), "min_speed_kmh": None, "nominal_speed_kmh": None,
            "top_speed_kmh": None,
            "text": f"{c.id} ({c.event} of {c.zone_id}, \u201c{c.place}\u201d): the region "
                    f"({c.where.rule if c.where else ''}) lies {gap / 1000:.1f} km {side} the sourced "
                    f"boundary, which it never meets{stated}",
        })
    return rows


def speed_contradictions(results: Sequence[ClaimResult], aircraft: Mapping[str, str]) -> list[dict]:
    """Consecutive timed, placed claims of one track that the type's speed cannot join."""
    rows = []
    by_track: dict[str, list[ClaimResult]] = {}
    for r in results:
        if r.claim.track_id and r.claim.time is not None and _where(r) is not None:
            by_track.setdefault(r.claim.track_id, []).append(r)
    for track_id, items in by_track.items():
        items.sort(key=lambda r: (r.claim.time, r.claim.id))
        top = top_speed_kmh(aircraft.get(track_id, items[0].claim.aircraft))
        for a, b in zip(items[:-1], items[1:]):
            ga, gb = _where(a), _where(b)
            assert ga is not None and gb is not None and a.claim.time is not None and b.claim.time is not None
            dt = (b.claim.time - a.claim.time).total_seconds()
            dt_max = dt + float(a.claim.time_tolerance_s or 0) + float(b.claim.time_tolerance_s or 0)
            gap, _, _ = gap_m(ga, gb)
            min_kmh = gap / 1000.0 / (dt_max / 3600.0) if dt_max > 0 else math.inf
            pa, pb = _nominal_point(a), _nominal_point(b)
            nominal_km = nominal_kmh = None
            if pa is not None and pb is not None:
                nominal_km = float(geodesy.distance_m(pa[0], pa[1], pb[0], pb[1])[0]) / 1000.0
                nominal_kmh = nominal_km / (dt / 3600.0) if dt > 0 else math.inf
            if top is not None and min_kmh > top:
                verdict = "impossible"
            elif nominal_kmh is not None and nominal_kmh > FAST_LEG_KMH:
                verdict = "implausible"
            else:
                continue
            stated = (f"; as stated ({nominal_km:.0f} km in {dt / 60:.0f} min) {nominal_kmh:,.0f} km/h"
                      if nominal_km is not None and nominal_kmh is not None else "")
            rows.append({
                "id": f"speed:{a.claim.id}/{b.claim.id}", "kind": "speed", "verdict": verdict,
                "claim_ids": f"{a.claim.id} {b.claim.id}", "track_id": track_id, "zone_id": "",
                "time_s": dt, "distance_km": round(gap / 1000, 2), "nominal_distance_km": _round(nominal_km, 2),
                "min_speed_kmh": _round(min_kmh, 0), "nominal_speed_kmh": _round(nominal_kmh, 0),
                "top_speed_kmh": top,
                "text": f"{a.claim.id} \u2192 {b.claim.id}: at least {gap / 1000:.0f} km in at most {dt_max / 60:.0f} "
                        f"min needs {min_kmh:,.0f} km/h{stated}; top speed {top:,.0f} km/h, usual cruise below "
                        f"{FAST_LEG_KMH:,.0f} km/h" if top is not None else
                        f"{a.claim.id} \u2192 {b.claim.id}: needs {min_kmh:,.0f} km/h{stated}",
            })
    return rows


def contradictions(results: Sequence[ClaimResult], zones: Mapping[str, BaseGeometry],
                   aircraft: Mapping[str, str]) -> pd.DataFrame:
    """Boundary and speed contradictions (:data:`CONTRADICTION_COLUMNS`)."""
    rows = boundary_contradictions(results, zones) + speed_contradictions(results, aircraft)
    return pd.DataFrame(rows, columns=CONTRADICTION_COLUMNS)


def check_claims(claims: Sequence[Claim], tracks: Sequence[Any], zones: Any, report: Any = None,
                 scenario_id: str = "") -> ClaimReport:
    """Check ``claims`` against ``tracks`` and ``zones`` (a :class:`~layers.engine.zoneset.ZoneSet`
    or zone GeoDataFrame); ``report``: their crossing report, computed when ``None``."""
    if report is None:
        from layers.engine.crossings import find_crossings

        report = find_crossings(list(tracks), zones)
    events = report.events
    by_id = {t.track_id: t for t in tracks}
    geoms = _zone_geometries(zones)
    results = [check_one(c, by_id, geoms, events) for c in claims]
    aircraft = {t.track_id: str(t.meta.get("aircraft", "")) for t in tracks}
    return ClaimReport(scenario_id, results, contradictions(results, geoms, aircraft))


def claims_report(scenario: Any, claims_source: Any = None, *, tracks: Sequence[Any] | None = None,
                  zones: Any = None, name: str | None = None, with_reported: bool | None = None) -> ClaimReport:
    """The claims report of a scenario: its reported events as claims, plus (or, with
    ``with_reported=False``, instead) the claims of ``claims_source`` (a CSV or JSON file: path,
    bytes or file object, ``name`` used in messages), checked against ``tracks`` (default the
    scenario's) and ``zones`` (default the built-in airspace and ADIZs). By default the reported
    events are included only when no claims file is given."""
    from layers.claims.parse import landmarks, read_claims, scenario_claims
    from layers.errors import InputError

    if zones is None:
        from layers.zones.load import airspace_zone_set

        zones = airspace_zone_set()
    tracks = list(scenario.tracks if tracks is None else tracks)
    anchors = landmarks()
    include = (claims_source is None) if with_reported is None else with_reported
    claims = scenario_claims(scenario, anchors) if include else []
    if claims_source is not None:
        claims += read_claims(claims_source, date=scenario.date, local=scenario.local_zone,
                              track_ids=[t.track_id for t in tracks],
                              track_aircraft={t.track_id: str(t.meta.get("aircraft", "")) for t in tracks},
                              zone_ids=list(_zone_geometries(zones)), name=name, anchors=anchors)
    ids = [c.id for c in claims]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InputError(f"claim id {dup!r} is also a reported event of {scenario.id}: give another id",
                         source=name, field="id")
    return check_claims(claims, tracks, zones, scenario_id=scenario.id)


__all__ = ["CLAIM_TABLE_COLUMNS", "CONTRADICTION_COLUMNS", "PLACE_EPS_KM", "ClaimReport", "ClaimResult",
           "check_claims", "check_one", "claims_report", "contradictions"]
