"""Validation of scenario documents (format ``patrol-map-scenario/1``, see
``geodata/scenarios/README.md``): every problem raises :class:`InputError` naming the file and
the JSON path of the field (and the 1-based waypoint or event row)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.geo import geodesy
from layers.timefmt import LocalZone
from layers.tracks.track import Track

FORMAT = "patrol-map-scenario/1"
#: How a waypoint's or event's time is known.
TIME_BASES = ("official", "reported", "derived", "interpolated", "reconstructed")
#: Time bases that must cite at least one source.
CITED_TIME_BASES = ("official", "reported", "derived")
#: Allowed first words of a waypoint's ``basis`` (what its position rests on).
BASIS_PREFIXES = ("official:", "reported:", "derived:", "reconstructed:", "schematic:", "interpolated")
#: Basis prefixes that must cite at least one source.
CITED_BASIS_PREFIXES = ("official:", "reported:", "derived:")
#: The sea area a scenario without a ``region`` key is about (the page and export titles name it).
DEFAULT_REGION = "Sea of Japan (East Sea)"
#: Longest ``region`` text (it goes into the page title).
MAX_REGION_CHARS = 60
#: Event names allowed in ``events_reported``.
EVENT_KINDS = ("entry", "exit", "sighting", "rendezvous", "split", "response", "other")
#: How exact a reported event's time is: to the minute (±2 min expected of a reconstruction)
#: or "about" (±15 min).
TIME_PRECISIONS = ("minute", "about")
#: How far (minutes) a reconstruction's crossing may lie from a reported time of each precision.
TIME_TOLERANCE_MIN = {"minute": 2.0, "about": 15.0}
#: Kinds of an event's ``where`` (where its text places it): a point with an uncertainty, or a
#: sector round a landmark of ``geodata/points.geojson``.
WHERE_KINDS = ("point", "sector")
#: Interpolated times must match constant speed between the timed neighbours to this (s).
INTERPOLATION_TOLERANCE_S = 30.0

ID_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[a-z0-9-]*$")
_STATE_RE = re.compile(r"^[A-Z]{2}$")
_ZONE_RE = re.compile(r"^[a-z]+-[A-Za-z0-9-]+$")
_UTC_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$")
_LOCAL_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2}$")


class _Checker:
    """Field access that raises :class:`InputError` naming file and JSON path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str, row: int | None = None) -> InputError:
        return InputError(message, source=self.source, row=row, field=where)

    def choice(self, obj: Mapping[str, Any], key: str, where: str, allowed: tuple[str, ...],
               required: bool = True, row: int | None = None) -> str | None:
        """``obj[key]``, a string that must be one of ``allowed`` (``None`` when optional and absent)."""
        value = self.get(obj, key, where, str, required=required, row=row)
        if value is not None and value not in allowed:
            raise self.fail(f"{where}.{key}", f"{value!r} is not one of {', '.join(allowed)}", row)
        return value

    def get(self, obj: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...],
            required: bool = True, row: int | None = None) -> Any:
        path = f"{where}.{key}" if where else key
        if key not in obj or obj[key] is None:
            if required:
                raise self.fail(path, "missing", row)
            return None
        value = obj[key]
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.fail(path, f"expected a number, found {value!r}", row)
        if not isinstance(value, kind):
            name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(path, f"expected {name}, found {type(value).__name__}", row)
        if isinstance(value, str) and required and not value.strip():
            raise self.fail(path, "empty", row)
        return value

    def sources(self, obj: Mapping[str, Any], where: str, known: Mapping[str, Any],
                required: bool, row: int | None = None) -> list[str]:
        keys = self.get(obj, "sources", where, list, required=False, row=row) or []
        for key in keys:
            if key not in known:
                raise self.fail(f"{where}.sources", f"unknown source key {key!r}", row)
        if required and not keys:
            raise self.fail(f"{where}.sources", "a cited basis needs at least one source", row)
        return keys

    def utc(self, value: Any, where: str, row: int | None = None) -> pd.Timestamp:
        if not isinstance(value, str) or not _UTC_RE.match(value):
            raise self.fail(where, f"{value!r} is not an ISO 8601 UTC time ending in Z", row)
        try:
            return pd.Timestamp(value).tz_convert("UTC")
        except ValueError as exc:
            raise self.fail(where, f"{value!r} is not a valid time ({exc})", row) from exc


def parse_scenario(data: Mapping[str, Any], path: Path, source: str) -> dict[str, Any]:
    """Validate a scenario document; return the fields of a ``Scenario`` (``InputError`` if bad).

    ``source`` is the file name used in messages.
    """
    c = _Checker(source)
    fmt = c.get(data, "format", "", str)
    if fmt != FORMAT:
        raise c.fail("format", f"expected {FORMAT!r}, found {fmt!r}")
    scenario_id = c.get(data, "id", "", str)
    if scenario_id != path.stem:
        raise c.fail("id", f"id {scenario_id!r} does not match the file name {path.name!r}")
    date = c.get(data, "date", "", str)
    if not scenario_id.startswith(date):
        raise c.fail("date", f"date {date!r} does not match the id {scenario_id!r}")
    try:
        pd.Timestamp(date)
    except ValueError as exc:
        raise c.fail("date", f"{date!r} is not an ISO date") from exc
    title = c.get(data, "title", "", str)
    region = _parse_region(c, data)
    summary = c.get(data, "summary", "", str)
    c.get(data, "notional", "", str)  # what the drawn lines are, said in the data itself
    local_time = c.get(data, "local_time", "", dict)
    tz = c.get(local_time, "tz", "local_time", str)
    label = c.get(local_time, "label", "local_time", str)
    offset = c.get(local_time, "utc_offset", "local_time", str)
    if not re.match(r"^[+-]\d{2}:\d{2}$", offset):
        raise c.fail("local_time.utc_offset", f"{offset!r} is not like +09:00")
    try:
        LocalZone.check(tz)
    except ValueError as exc:
        raise c.fail("local_time.tz", str(exc)) from None
    zone, noon = LocalZone(tz), pd.Timestamp(f"{date}T12:00:00Z")
    if zone.label(noon) != label or zone.local(noon).strftime("%z") != offset.replace(":", ""):
        raise c.fail("local_time", f"{label} {offset} is not {tz} on {date} "
                                   f"({zone.label(noon)} {zone.local(noon):%z})")
    sources = _parse_sources(c, data)
    aircraft = _parse_aircraft(c, data, sources)
    tracks = [_parse_track(c, t, i, scenario_id, sources) for i, t in enumerate(
        c.get(data, "tracks", "", list))]
    ids = [t.track_id for t in tracks]
    if len(set(ids)) != len(ids):
        raise c.fail("tracks", f"duplicate track id in {ids}")
    events = _parse_events(c, data, sources, offset, label, set(ids))
    story = c.get(data, "story", "", dict)
    _check_cited_items(c, story, "story", sources)
    conflicts = c.get(data, "conflicts", "", list)
    for i, conflict in enumerate(conflicts):
        where = f"conflicts[{i}]"
        if not isinstance(conflict, dict):
            raise c.fail(where, "expected an object")
        for key in ("id", "topic", "published", "resolution"):
            c.get(conflict, key, where, str)
        c.get(conflict, "constraint", where, str, required=False)
        c.sources(conflict, where, sources, required=False)
    return dict(
        id=scenario_id, title=title, region=region, date=date, summary=summary,
        local_time={"tz": tz, "label": label, "utc_offset": offset}, tracks=tracks,
        events_reported=events, story=story, conflicts=conflicts, sources=sources,
        aircraft=aircraft, path=path, raw=data,
    )


def _parse_region(c: _Checker, data: Mapping[str, Any]) -> str:
    """The optional ``region`` (the sea area, in neutral names, e.g. ``"Bering Sea and North
    Pacific"``): one line of at most :data:`MAX_REGION_CHARS` characters; default
    :data:`DEFAULT_REGION`."""
    if "region" not in data:
        return DEFAULT_REGION
    region = c.get(data, "region", "", str)
    text = region.strip()
    if "\n" in text or "\r" in text:
        raise c.fail("region", "must be one line")
    if len(text) > MAX_REGION_CHARS:
        raise c.fail("region", f"longer than {MAX_REGION_CHARS} characters ({len(text)})")
    return text


def _parse_sources(c: _Checker, data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    sources = c.get(data, "sources", "", dict)
    for key, entry in sources.items():
        where = f"sources.{key}"
        if not isinstance(entry, dict):
            raise c.fail(where, "expected an object with title and url")
        c.get(entry, "title", where, str)
        url = c.get(entry, "url", where, str)
        if not re.match(r"^https?://\S+$", url):
            raise c.fail(f"{where}.url", f"{url!r} is not an http(s) URL")
    return sources


def _parse_aircraft(c: _Checker, data: Mapping[str, Any], sources: Mapping[str, Any]) -> list[dict]:
    aircraft = c.get(data, "aircraft", "", list)
    for i, entry in enumerate(aircraft):
        where = f"aircraft[{i}]"
        c.get(entry, "type", where, str)
        state = c.get(entry, "state", where, str)
        if not _STATE_RE.match(state):
            raise c.fail(f"{where}.state", f"{state!r} is not an ISO 3166 alpha-2 code")
        c.get(entry, "count", where, (int, str))
        c.get(entry, "reported_by", where, str)
        c.get(entry, "drawn", where, str)
        c.sources(entry, where, sources, required=True)
    return aircraft


def _parse_track(c: _Checker, spec: Any, index: int, scenario_id: str,
                 sources: Mapping[str, Any]) -> Track:
    where = f"tracks[{index}]"
    if not isinstance(spec, dict):
        raise c.fail(where, "expected an object")
    track_id = c.get(spec, "id", where, str)
    aircraft = c.get(spec, "aircraft", where, str)
    if not track_id.startswith(f"{scenario_id}/") or aircraft not in track_id:
        raise c.fail(f"{where}.id", f"{track_id!r} must start with '{scenario_id}/' and "
                     f"contain the aircraft type {aircraft!r}")
    count = c.get(spec, "count", where, int)
    if count < 1:
        raise c.fail(f"{where}.count", f"count must be at least 1, found {count}")
    state = c.get(spec, "state", where, str)
    if not _STATE_RE.match(state):
        raise c.fail(f"{where}.state", f"{state!r} is not an ISO 3166 alpha-2 code")
    group = c.get(spec, "group", where, str)
    if c.get(spec, "notional", where, bool) is not True:
        raise c.fail(f"{where}.notional", "every scenario track is notional: must be true")
    schematic = bool(c.get(spec, "schematic", where, bool, required=False))
    label = c.get(spec, "label", where, str)
    rows = [_parse_waypoint(c, wp, f"{where}.waypoints[{j}]", j + 1, sources, schematic)
            for j, wp in enumerate(c.get(spec, "waypoints", where, list))]
    if len(rows) < 2:
        raise c.fail(f"{where}.waypoints", "a track needs at least 2 waypoints")
    fix_ids = [r["fix_id"] for r in rows]
    if len(set(fix_ids)) != len(fix_ids):
        raise c.fail(f"{where}.waypoints", f"duplicate waypoint id in {fix_ids}")
    frame = pd.DataFrame(rows).set_index("time")
    _check_interpolated_times(c, frame, where)
    steps = np.diff(frame.index.asi8)
    if (steps <= 0).any():
        j = int(np.argmax(steps <= 0)) + 1
        raise c.fail(f"{where}.waypoints[{j}].time", "times must be strictly increasing", j + 1)
    meta = {
        "aircraft": aircraft, "count": count, "state": state, "group": group, "notional": True,
        "schematic": schematic, "label": label, "scenario": scenario_id,
        "source": f"scenario {scenario_id} (geodata/scenarios/{scenario_id}.json)",
    }
    return Track(track_id, frame, meta)


def _parse_waypoint(c: _Checker, wp: Any, where: str, row: int, sources: Mapping[str, Any],
                    schematic: bool) -> dict[str, Any]:
    if not isinstance(wp, dict):
        raise c.fail(where, "expected an object", row)
    fix_id = c.get(wp, "id", where, str, row=row)
    time = c.utc(c.get(wp, "time", where, str, row=row), f"{where}.time", row)
    time_basis = c.choice(wp, "time_basis", where, TIME_BASES, row=row)
    lat = c.get(wp, "lat", where, (int, float), row=row)
    lon = c.get(wp, "lon", where, (int, float), row=row)
    if not -90 <= lat <= 90:
        raise c.fail(f"{where}.lat", f"lat {lat} outside ±90", row)
    if not -180 <= lon <= 180:
        raise c.fail(f"{where}.lon", f"lon {lon} outside ±180", row)
    basis = c.get(wp, "basis", where, str, row=row)
    if not basis.startswith(BASIS_PREFIXES):
        raise c.fail(f"{where}.basis", f"must start with one of {', '.join(BASIS_PREFIXES)}", row)
    if schematic and not basis.startswith(("schematic:", "interpolated")):
        raise c.fail(f"{where}.basis", "a schematic track's waypoints must say 'schematic:'", row)
    cited = basis.startswith(CITED_BASIS_PREFIXES) or time_basis in CITED_TIME_BASES
    keys = c.sources(wp, where, sources, required=cited, row=row)
    uncertainty = c.get(wp, "uncertainty_km", where, (int, float), row=row)
    if not uncertainty > 0:
        raise c.fail(f"{where}.uncertainty_km", f"must be > 0 km, found {uncertainty}", row)
    on_boundary = c.get(wp, "on_boundary", where, str, required=False, row=row)
    if on_boundary is not None and not _ZONE_RE.match(on_boundary):
        raise c.fail(f"{where}.on_boundary", f"{on_boundary!r} is not a zone id", row)
    return {
        "time": time, "lat": float(lat), "lon": float(lon), "alt_m": np.nan, "basis": basis,
        "uncertainty_km": float(uncertainty), "fix_id": fix_id, "time_basis": time_basis,
        "on_boundary": on_boundary or "", "sources": ",".join(keys),
    }


def interpolated_times(frame: pd.DataFrame) -> dict[int, pd.Timestamp]:
    """Times of ``interpolated`` fixes recomputed at constant speed between timed neighbours.

    ``frame``: columns lat, lon, time_basis, in track order, index the given times (UTC).
    Returns {row position: UTC time} for interpolated fixes between two fixes of another
    time basis (their given times are ignored).
    """
    timed = np.flatnonzero(frame["time_basis"].to_numpy() != "interpolated")
    lon, lat = frame["lon"].to_numpy(float), frame["lat"].to_numpy(float)
    legs = geodesy.distance_m(lon[:-1], lat[:-1], lon[1:], lat[1:])
    ns = pd.DatetimeIndex(frame.index).as_unit("ns").asi8
    out: dict[int, pd.Timestamp] = {}
    for a, b in zip(timed[:-1], timed[1:], strict=True):
        cumulative = np.cumsum(legs[a:b])
        for k in range(a + 1, b):
            share = cumulative[k - a - 1] / cumulative[-1] if cumulative[-1] > 0 else (k - a) / (b - a)
            out[k] = pd.Timestamp(int(ns[a] + (ns[b] - ns[a]) * share), tz="UTC")
    return out


def _check_interpolated_times(c: _Checker, frame: pd.DataFrame, where: str) -> None:
    basis = frame["time_basis"].to_numpy()
    if basis[0] == "interpolated" or basis[-1] == "interpolated":
        raise c.fail(f"{where}.waypoints", "the first and last waypoints cannot be 'interpolated' "
                     "(nothing to interpolate from): use 'reconstructed' and say how")
    for k, wanted in interpolated_times(frame).items():
        given = frame.index[k]
        gap = abs((given - wanted).total_seconds())
        if gap > INTERPOLATION_TOLERANCE_S:
            raise c.fail(f"{where}.waypoints[{k}].time",
                         f"interpolated time {given:%Y-%m-%dT%H:%M:%SZ} is {gap:.0f} s off constant "
                         f"speed between its timed neighbours (expected {wanted:%Y-%m-%dT%H:%M:%SZ})", k + 1)


def _parse_events(c: _Checker, data: Mapping[str, Any], sources: Mapping[str, Any], offset: str,
                  label: str, track_ids: set[str]) -> pd.DataFrame:
    rows = []
    for i, ev in enumerate(c.get(data, "events_reported", "", list)):
        where = f"events_reported[{i}]"
        row = i + 1
        if not isinstance(ev, dict):
            raise c.fail(where, "expected an object", row)
        event = c.choice(ev, "event", where, EVENT_KINDS, row=row)
        date = c.get(ev, "date", where, str, row=row)
        time_basis = c.choice(ev, "time_basis", where, TIME_BASES, row=row)
        utc = ev.get("time")
        local = ev.get("time_local")
        time = pd.NaT
        if utc is not None or local is not None:
            time = c.utc(utc, f"{where}.time", row)
            if not isinstance(local, str) or not _LOCAL_RE.match(local) or not local.endswith(offset):
                raise c.fail(f"{where}.time_local", f"{local!r} must be ISO 8601 with offset {offset}", row)
            if pd.Timestamp(local) != time:
                raise c.fail(f"{where}.time_local", f"{local} ({label}) is not the same instant as {utc}", row)
            if not local.startswith(date):
                raise c.fail(f"{where}.date", f"date {date} does not match time_local {local}", row)
        track = c.get(ev, "track", where, str, required=False, row=row)
        if track is not None and track not in track_ids:
            raise c.fail(f"{where}.track", f"unknown track {track!r}", row)
        zone = c.get(ev, "zone", where, str, required=False, row=row)
        if zone is not None and not _ZONE_RE.match(zone):
            raise c.fail(f"{where}.zone", f"{zone!r} is not a zone id", row)
        precision = c.choice(ev, "time_precision", where, TIME_PRECISIONS, required=False, row=row)
        if precision is not None and pd.isna(time):
            raise c.fail(f"{where}.time_precision", "given without a time", row)
        place = _parse_where(c, ev.get("where"), f"{where}.where", row, sources)
        keys = c.sources(ev, where, sources, required=True, row=row)
        rows.append({
            "id": c.get(ev, "id", where, str, row=row), "date": date, "time": time,
            "time_local": local or "", "time_basis": time_basis,
            "aircraft": c.get(ev, "aircraft", where, str, row=row), "track_id": track or "",
            "zone_id": zone or "", "event": event,
            "place": c.get(ev, "place", where, str, required=False, row=row) or "",
            "description": c.get(ev, "description", where, str, row=row),
            "sources": ",".join(keys),
            "time_precision": precision or ("minute" if not pd.isna(time) else ""),
            "where": place,
        })
    columns = ["id", "date", "time", "time_local", "time_basis", "aircraft", "track_id",
               "zone_id", "event", "place", "description", "sources", "time_precision", "where"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    if frame["id"].duplicated().any():
        raise c.fail("events_reported", f"duplicate event id(s) {frame['id'][frame['id'].duplicated()].tolist()}")
    return frame


def _parse_where(c: _Checker, value: Any, where: str, row: int,
                 sources: Mapping[str, Any]) -> dict[str, Any] | None:
    """An event's place on the map (optional): ``{"kind": "point", "lat", "lon",
    "uncertainty_km", "basis"}`` or ``{"kind": "sector", "anchor": <points.geojson id>,
    "bearing_deg": [from, to] (clockwise from north), "range_km": [near, far], "basis"}``;
    ``basis`` starts like a waypoint's (``reported:``, ``derived:``, ``reconstructed:`` …)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise c.fail(where, "expected an object", row)
    kind = c.choice(value, "kind", where, WHERE_KINDS, row=row)
    basis = c.get(value, "basis", where, str, row=row)
    if not basis.startswith(BASIS_PREFIXES):
        raise c.fail(f"{where}.basis", f"must start with one of {', '.join(BASIS_PREFIXES)}", row)
    out: dict[str, Any] = {"kind": kind, "basis": basis}
    if kind == "point":
        lat = c.get(value, "lat", where, (int, float), row=row)
        lon = c.get(value, "lon", where, (int, float), row=row)
        radius = c.get(value, "uncertainty_km", where, (int, float), row=row)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise c.fail(f"{where}.lat", f"({lat}, {lon}) is not a position", row)
        if not np.isfinite(radius) or radius <= 0:
            raise c.fail(f"{where}.uncertainty_km", "must be a positive number of km", row)
        out.update(lat=float(lat), lon=float(lon), uncertainty_km=float(radius))
    else:
        out["anchor"] = c.get(value, "anchor", where, str, row=row)
        for key, low, high in (("bearing_deg", -360.0, 720.0), ("range_km", 0.0, 5000.0)):
            pair = c.get(value, key, where, list, row=row)
            if (len(pair) != 2 or not all(isinstance(v, (int, float)) for v in pair)
                    or not low <= pair[0] < pair[1] <= high):
                raise c.fail(f"{where}.{key}", f"{pair!r} must be [from, to], from < to", row)
            out[key] = (float(pair[0]), float(pair[1]))
    return out


def _check_cited_items(c: _Checker, node: Any, where: str, sources: Mapping[str, Any]) -> None:
    """Every object in the story that carries ``text`` must cite known sources."""
    if isinstance(node, dict):
        if "text" in node:
            c.get(node, "text", where, str)
            c.sources(node, where, sources, required=True)
        for key, value in node.items():
            if key != "sources":
                _check_cited_items(c, value, f"{where}.{key}", sources)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_cited_items(c, value, f"{where}[{i}]", sources)
