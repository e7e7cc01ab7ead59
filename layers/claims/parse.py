"""Claims from text: places relative to a landmark, clock times, the scenario files' reported
events and user claims files (CSV or JSON, ``docs/claims.md``).

The precision rules applied here are stated once in :mod:`layers.claims.model`. Every problem
in a user file is an :class:`~layers.errors.InputError` naming the file, the row and the field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from layers.claims.model import (
    CLAIM_BASES,
    CLAIM_EVENTS,
    DIRECTION_HALF_WIDTH_DEG,
    DIRECTION_ONLY_MAX_KM,
    DISTANCE_TOLERANCE,
    NEAR_KM,
    TIME_TOLERANCE_S,
    Claim,
    PlaceSpec,
)
from layers.errors import InputError
from layers.geo import geodesy
from layers.timefmt import LocalZone
from layers.units import NM_M

#: Names of the landmarks of ``geodata/points.geojson`` as texts write them (lower case, without
#: accents) → point id. "Dokdo" is the east islet, as the scenario files' sectors anchor it.
LANDMARK_NAMES = {
    "ulleungdo": "ulleungdo", "ulleung island": "ulleungdo", "ulleung": "ulleungdo",
    "ieodo": "ieodo", "socotra rock": "ieodo",
    "jeju": "jeju", "jejudo": "jeju", "marado": "marado", "tsushima": "tsushima",
    "oki islands": "oki-dogo", "oki": "oki-dogo", "dogo": "oki-dogo",
    "dokdo/takeshima": "dokdo-dongdo", "dokdo": "dokdo-dongdo", "takeshima": "dokdo-dongdo",
    "liancourt rocks": "dokdo-dongdo", "dongdo": "dokdo-dongdo", "higashijima": "dokdo-dongdo",
    "seodo": "dokdo-seodo", "nishijima": "dokdo-seodo",
}
#: Metres per unit of a stated distance ("miles" are nautical: the unit of the JCS reports).
UNIT_M = {"km": 1000.0, "nm": NM_M, "statute": 1609.344}
_UNITS = {
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "nm": "nm", "nmi": "nm", "nautical mile": "nm", "nautical miles": "nm", "mile": "nm", "miles": "nm",
    "statute mile": "statute", "statute miles": "statute",
}
_ABOUT = r"(?:about|around|approximately|approx\.?|roughly|some|~|c\.)"
_COMPASS = ("n", "nne", "ne", "ene", "e", "ese", "se", "sse", "s", "ssw", "sw", "wsw", "w", "wnw", "nw", "nnw")
_WORD_LETTER = {"north": "n", "south": "s", "east": "e", "west": "w"}
_DIRECTION = (r"(?P<dir>(?:north|south|east|west)(?:[- ]?(?:north|south|east|west)){0,2}"
              r"|\b(?:" + "|".join(sorted(_COMPASS, key=len, reverse=True)) + r")\b)")
_DISTANCE = (rf"(?P<about>{_ABOUT}\s*)?(?P<num>\d+(?:\.\d+)?)\s*"
             r"(?P<unit>statute miles?|nautical miles?|miles?|kilomet(?:re|er)s?|kms?|nmi|nm)\b")
_CLOCK_RE = re.compile(rf"^\s*(?P<about>{_ABOUT}\s*)?(?P<h>\d{{1,2}}):(?P<m>\d{{2}})(?::(?P<s>\d{{2}}))?\s*"
                       r"(?P<zone>utc|z|[a-z]{3,4})?\s*$", re.IGNORECASE)


def _fold(text: str) -> str:
    """Lower case, accents dropped, parentheses (translations, alternatives) removed."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"\([^)]*\)", " ", text)
    return re.sub(r"\s+", " ", text.replace("–", "-").replace("‑", "-")).strip()


def compass_bearing(word: str) -> tuple[float, float] | None:
    """(bearing, half-width) in degrees of a compass name (``"south"``, ``"north-east"``,
    ``"NNE"``), by the rule of :data:`~layers.claims.model.DIRECTION_HALF_WIDTH_DEG`."""
    word = word.strip().lower()
    parts = re.findall(r"north|south|east|west", word)
    letters = "".join(_WORD_LETTER[p] for p in parts) if parts else word
    if letters not in _COMPASS:
        return None
    return _COMPASS.index(letters) * 22.5, DIRECTION_HALF_WIDTH_DEG[8 if len(letters) < 3 else 16]


def _landmark(text: str, anchors: Mapping[str, tuple[float, float]]) -> str | None:
    """The point id the text names first (a strait of the same name is not the landmark)."""
    found: list[tuple[int, str]] = []
    for name, point_id in sorted(LANDMARK_NAMES.items(), key=lambda kv: -len(kv[0])):
        for match in re.finditer(rf"\b{re.escape(name)}\b(?! strait)", text):
            if point_id in anchors:
                found.append((match.start(), point_id))
    for point_id in anchors:
        for match in re.finditer(rf"\b{re.escape(point_id)}\b(?! strait)", text):
            found.append((match.start(), point_id))
    return min(found)[1] if found else None


def _distance_tolerance_km(distance_km: float, about: bool) -> float:
    fraction, least = DISTANCE_TOLERANCE["about" if about else "plain"]
    return max(fraction * distance_km, least)


def parse_place(text: str, anchors: Mapping[str, tuple[float, float]]) -> tuple[PlaceSpec | None, str]:
    """The region a place text names, and a note (why it could not be read, or ``""``).

    ``anchors``: point id → (lon, lat). Forms read: ``"[about] N km|nm|miles DIRECTION of L"``,
    ``"[about] N km from|off L"``, ``"DIRECTION of L"``, ``"near|off|over L"``, ``"between A
    and B"``; anything in parentheses is ignored (translations, a second figure).
    """
    folded = _fold(text)
    if not folded:
        return None, ""
    between = re.search(r"\bbetween (?P<a>.+?) and (?P<b>.+)$", folded)
    if between:
        a, b = _landmark(between["a"], anchors), _landmark(between["b"], anchors)
        if a and b and a != b:
            (lon1, lat1), (lon2, lat2) = anchors[a], anchors[b]
            az, _, dist = geodesy.inverse(lon1, lat1, lon2, lat2)
            mlon, mlat = geodesy.forward(lon1, lat1, az, dist / 2)
            half_km = float(dist[0]) / 2000.0
            return PlaceSpec((float(mlon[0]), float(mlat[0])), f"{a}/{b}", None, (0.0, half_km), None, 0.0,
                             f"between {a} and {b}: within {half_km:.1f} km of the mid-point (the circle on "
                             "A–B as diameter)"), ""
    anchor = _landmark(folded, anchors)
    if anchor is None:
        return None, "place not read: it names no landmark of geodata/points.geojson"
    centre = anchors[anchor]
    distance = re.search(_DISTANCE, folded)
    direction = re.search(_DIRECTION + r"\s+(?:of|from)\b", re.sub(r"\bdue ", "", folded))
    bearing = compass_bearing(direction["dir"]) if direction else None
    km = tol = None
    about = False
    if distance:
        km = float(distance["num"]) * UNIT_M[_UNITS[distance["unit"]]] / 1000.0
        about = bool(distance["about"])
        tol = _distance_tolerance_km(km, about)
    if bearing is not None:
        azimuth, half = bearing
        span = (azimuth - half, azimuth + half)
        if span[0] < 0:
            span = (span[0] + 360.0, span[1] + 360.0)
        way = f"bearing {azimuth:g}° ±{half:g}° ({direction['dir'] if direction else ''})"
        if km is not None and tol is not None:
            share = DISTANCE_TOLERANCE["about" if about else "plain"][0]
            rule = f"{km:.1f} km ±{tol:.1f} km ({'about: ' if about else ''}±{share:.0%}), {way} from {anchor}"
            return PlaceSpec(centre, anchor, span, (max(0.0, km - tol), km + tol), azimuth, km,
                             rule), ""
        rule = f"{way} from {anchor}, within {DIRECTION_ONLY_MAX_KM:g} km (no distance stated)"
        return PlaceSpec(centre, anchor, span, (0.0, DIRECTION_ONLY_MAX_KM), azimuth, None, rule), ""
    if km is not None and tol is not None:
        rule = f"{km:.1f} km ±{tol:.1f} km from {anchor}, any bearing (no direction stated)"
        return PlaceSpec(centre, anchor, None, (max(0.0, km - tol), km + tol), None, km, rule), ""
    if re.search(r"\b(?:near|off|over|at|around)\b", folded):
        return PlaceSpec(centre, anchor, None, (0.0, NEAR_KM), None, 0.0,
                         f"near {anchor}: within {NEAR_KM:g} km"), ""
    return None, f"place not read: no distance or direction from {anchor}"


def structured_place(where: Mapping[str, Any], anchors: Mapping[str, tuple[float, float]]) -> PlaceSpec:
    """A scenario event's ``where`` (point with an uncertainty, or sector round a landmark) as a
    :class:`PlaceSpec` (the region the file states)."""
    basis = str(where.get("basis", ""))
    if where["kind"] == "point":
        radius = float(where["uncertainty_km"])
        return PlaceSpec((float(where["lon"]), float(where["lat"])), "", None, (0.0, radius), None, 0.0,
                         f"stated point ±{radius:g} km ({basis})")
    anchor = str(where["anchor"])
    b0, b1 = (float(v) for v in where["bearing_deg"])
    r0, r1 = (float(v) for v in where["range_km"])
    return PlaceSpec(anchors[anchor], anchor, (b0, b1), (r0, r1), ((b0 + b1) / 2) % 360.0, None,
                     f"stated sector: bearing {b0:g}–{b1:g}°, {r0:g}–{r1:g} km from {anchor} ({basis})")


def parse_time(text: str, date: str, local: LocalZone) -> tuple[pd.Timestamp, str]:
    """(UTC time, precision) of a claimed time: ISO 8601 with ``Z`` or an offset, or a clock
    time ``"HH:MM"`` in the scenario's local zone on ``date`` (``"HH:MM UTC"`` in UTC), with
    ``"about"`` → ``about``, else ``minute``. ``ValueError`` with a short reason when unreadable."""
    value = str(text).strip()
    about = bool(re.match(rf"^{_ABOUT}\s*", value, re.IGNORECASE))
    precision = "about" if about else "minute"
    clock = _CLOCK_RE.match(value)
    if clock:
        zone = (clock["zone"] or "").lower()
        hhmm = f"{int(clock['h']):02d}:{clock['m']}:{clock['s'] or '00'}"
        if zone in ("utc", "z"):
            return pd.Timestamp(f"{date}T{hhmm}", tz="UTC"), precision
        if zone and zone.upper() != local.label(pd.Timestamp(f"{date}T12:00Z")):
            raise ValueError(f"zone {clock['zone']!r} is neither UTC nor the scenario's "
                             f"{local.label(pd.Timestamp(f'{date}T12:00Z'))}")
        stamp = pd.Timestamp(f"{date}T{hhmm}").tz_localize(local.tz)
        return stamp.tz_convert("UTC"), precision
    iso = re.sub(rf"^{_ABOUT}\s*", "", value, flags=re.IGNORECASE)
    if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$", iso):
        raise ValueError("expected HH:MM (local), HH:MM UTC or ISO 8601 with Z or an offset")
    return pd.Timestamp(iso).tz_convert("UTC"), precision


# ------------------------------------------------------------------ scenario events as claims
def landmarks() -> dict[str, tuple[float, float]]:
    """Point id → (lon, lat) of every landmark of ``geodata/points.geojson``."""
    from layers.zones.load import load_points

    points = load_points()
    return {str(pid): (float(g.x), float(g.y)) for pid, g in zip(points["id"], points.geometry)}


def scenario_claims(scenario: Any, anchors: Mapping[str, tuple[float, float]] | None = None) -> list[Claim]:
    """The reported entries, exits and sightings of ``scenario`` that name a track, as claims:
    their structured ``where`` if any, else their ``place`` text read by :func:`parse_place`."""
    from layers.scenarios.model import _name

    known = landmarks() if anchors is None else anchors
    origin = _name(scenario.path)
    claims = []
    for row, event in enumerate(scenario.events_reported.to_dict("records"), start=1):
        if event["event"] not in CLAIM_EVENTS or not event["track_id"]:
            continue
        time = None if pd.isna(event["time"]) else pd.Timestamp(event["time"])
        where, note = None, ""
        if isinstance(event.get("where"), Mapping):
            where = structured_place(event["where"], known)
        elif event["place"]:
            where, note = parse_place(event["place"], known)
        claims.append(Claim(
            id=str(event["id"]), aircraft=str(event["aircraft"]), track_id=str(event["track_id"]),
            event=str(event["event"]), zone_id=str(event["zone_id"]), time=time,
            time_precision=str(event["time_precision"]) if time is not None else "",
            place=str(event["place"]), where=where, basis=str(event["time_basis"]),
            source=", ".join(str(event["sources"]).split(",")), origin=f"{origin} event {row}",
            note=note))
    return claims


# ------------------------------------------------------------------ user claims files
CLAIM_COLUMNS = ("id", "aircraft", "track", "event", "zone", "time", "time_precision", "place", "source", "basis")


def read_claims(source: Any, *, date: str, local: LocalZone, track_ids: Sequence[str],
                track_aircraft: Mapping[str, str] | None = None, zone_ids: Sequence[str] | None = None,
                name: str | None = None, anchors: Mapping[str, tuple[float, float]] | None = None) -> list[Claim]:
    """Claims from a CSV or JSON file (``docs/claims.md``): path, bytes or file object.

    ``date`` and ``local`` give the day and zone of clock times; ``track_ids`` the tracks a
    claim may name (``track_aircraft``: track id → aircraft type, to find a claim's track from
    its ``aircraft``), ``zone_ids`` the zones it may name (any when ``None``). Bad rows raise
    :class:`InputError` naming file, row and field.
    """
    from layers.readers.geojson import load_json
    from layers.readers.source import load_payload
    from layers.readers.table import read_csv_rows

    payload = load_payload(source, name)
    known = landmarks() if anchors is None else anchors
    text_start = payload.data.lstrip()[:1]
    records: list[tuple[int, dict[str, Any]]] = []
    if payload.name.lower().endswith(".json") or text_start in (b"{", b"["):
        document = load_json(payload)
        items = document.get("claims") if isinstance(document, dict) else document
        if not isinstance(items, list) or not items:
            raise InputError("expected a JSON list of claims or {\"claims\": [...]}", source=payload.name,
                             field="claims")
        for row, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise InputError("a claim must be an object", source=payload.name, row=row)
            records.append((row, {str(k).strip().lower(): v for k, v in item.items()}))
    else:
        header, rows, lines, header_line = read_csv_rows(payload)
        columns = [h.strip().lower() for h in header]
        for column in columns:
            if column not in CLAIM_COLUMNS:
                raise InputError(f"unknown column (expected {', '.join(CLAIM_COLUMNS)})",
                                 source=payload.name, row=header_line, field=column)
        records = [(line, dict(zip(columns, cells))) for line, cells in zip(lines, rows)]
    claims = [_user_claim(payload.name, row, record, date, local, track_ids, track_aircraft or {}, known)
              for row, record in records]
    for (row, _), claim in zip(records, claims):
        if zone_ids is not None and claim.zone_id and claim.zone_id not in zone_ids:
            raise InputError(f"unknown zone {claim.zone_id!r} (known: {', '.join(zone_ids)})",
                             source=payload.name, row=row, field="zone")
    seen: set[str] = set()
    for (row, _), claim in zip(records, claims):
        if claim.id in seen:
            raise InputError(f"duplicate claim id {claim.id!r}", source=payload.name, row=row, field="id")
        seen.add(claim.id)
    return claims


def _text(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key)
    return "" if value is None else str(value).strip()


def _user_claim(name: str, row: int, record: Mapping[str, Any], date: str, local: LocalZone,
                track_ids: Sequence[str], track_aircraft: Mapping[str, str],
                anchors: Mapping[str, tuple[float, float]]) -> Claim:
    def fail(field: str, message: str) -> InputError:
        return InputError(message, source=name, row=row, field=field)

    event = _text(record, "event").lower()
    if event not in CLAIM_EVENTS:
        raise fail("event", f"{event!r} is not one of {', '.join(CLAIM_EVENTS)}")
    zone = _text(record, "zone")
    if event != "sighting" and not zone:
        raise fail("zone", f"an {event} needs a zone id (e.g. adiz-KR, airspace-dokdo)")
    aircraft, track = _text(record, "aircraft"), _text(record, "track")
    if track and track not in track_ids:
        raise fail("track", f"unknown track {track!r} (known: {', '.join(track_ids) or 'none'})")
    if not track and not aircraft:
        raise fail("aircraft", "give the aircraft or the track")
    if not track:
        wanted = aircraft.split("×")[0].split(" x")[0].strip().lower()
        matches = [t for t in track_ids if track_aircraft.get(t, "").lower().startswith(wanted)
                   or wanted.startswith(track_aircraft.get(t, "\0").lower())]
        track = matches[0] if len(matches) == 1 else ""
    time, precision = None, ""
    time_text = _text(record, "time")
    if time_text:
        try:
            time, precision = parse_time(time_text, date, local)
        except ValueError as exc:
            raise fail("time", f"{time_text!r}: {exc}") from None
    stated = _text(record, "time_precision").lower()
    if stated:
        if stated not in TIME_TOLERANCE_S:
            raise fail("time_precision", f"{stated!r} is not one of {', '.join(TIME_TOLERANCE_S)}")
        if time is None:
            raise fail("time_precision", "given without a time")
        precision = stated
    basis = _text(record, "basis").lower() or "user"
    if basis not in CLAIM_BASES:
        raise fail("basis", f"{basis!r} is not one of {', '.join(CLAIM_BASES)}")
    place = _text(record, "place")
    where, note = parse_place(place, anchors) if place else (None, "")
    if place and where is None:
        raise fail("place", f"{place!r}: {note.removeprefix('place not read: ')}")
    if not time and where is None:
        raise fail("time", "a claim needs a time or a place")
    if not track:
        note = f"no single drawn track of aircraft {aircraft!r}"
    return Claim(id=_text(record, "id") or f"row-{row}", aircraft=aircraft or track, track_id=track,
                 event=event, zone_id=zone, time=time, time_precision=precision, place=place, where=where,
                 basis=basis, source=_text(record, "source"), origin=f"{name} row {row}", note=note)


__all__ = ["CLAIM_COLUMNS", "LANDMARK_NAMES", "UNIT_M", "compass_bearing", "landmarks", "parse_place",
           "parse_time", "read_claims", "scenario_claims", "structured_place"]
