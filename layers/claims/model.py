"""A claim: a published or user-typed statement about one aircraft, and the precision rules.

A claim says that an aircraft (or a track) had an event — ``entry`` or ``exit`` of a zone, or a
``sighting`` — at a time with a stated precision, at a place relative to a landmark of
``geodata/points.geojson``, on a source and basis (official / reported / derived / user).

**The precision rules** (one place: the constants below, said in words by
:data:`PRECISION_RULES`; :mod:`layers.claims.parse` applies them to text):

- time: a clock time to the minute (``"09:09"``) is met within ±2 min, an ``about`` time
  (``"about 08:00"``, ``"around"``, ``"~"``) within ±15 min (the scenario files' own
  ``TIME_TOLERANCE_MIN``, :mod:`layers.scenarios.validate`);
- distance: a stated distance is met within ±5 % (at least ±2 km), an ``about`` distance
  (``"about"``, ``"around"``, ``"some"``, ``"approximately"``, ``"roughly"``, ``"~"``) within
  ±10 % (at least ±5 km); ``miles`` are nautical miles (the unit of the ROK JCS and Japan MOD
  reports; ``"statute miles"`` are 1,609.344 m);
- direction: a compass point of eight (``"south"``, ``"north-east"``) is met within ±22.5° (its
  octant), one of sixteen (``"north-north-east"``) within ±11.25°; bearings are geodesic
  azimuths from the landmark, clockwise from true north;
- a direction without a distance is taken within :data:`DIRECTION_ONLY_MAX_KM` of the landmark
  (a report names the nearest landmark); ``"near"``, ``"off"`` or ``"over"`` a landmark means
  within :data:`NEAR_KM`; ``"between A and B"`` means inside the geodesic circle whose
  diameter is A–B.

A claim is ``met`` when every part it states is met (time within its precision, place within
its region); a part it does not state is not checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from layers.scenarios.validate import TIME_TOLERANCE_MIN

#: Events a claim can state.
CLAIM_EVENTS = ("entry", "exit", "sighting")
#: How a claim's statement is known (a scenario event's ``time_basis``, or a user's word).
CLAIM_BASES = ("official", "reported", "derived", "user")
#: Time precisions (the scenario files' own names) and their tolerances in seconds.
TIME_TOLERANCE_S = {name: minutes * 60.0 for name, minutes in TIME_TOLERANCE_MIN.items()}
#: Relative and least tolerance (fraction, km) of a stated distance, plain and "about".
DISTANCE_TOLERANCE = {"plain": (0.05, 2.0), "about": (0.10, 5.0)}
#: Half-width (degrees) of a compass direction: 8-point names and 16-point names.
DIRECTION_HALF_WIDTH_DEG = {8: 22.5, 16: 11.25}
#: How far from its landmark (km) a place given by a direction alone is taken.
DIRECTION_ONLY_MAX_KM = 200.0
#: "near", "off" or "over" a landmark: within this distance (km).
NEAR_KM = 50.0


#: The precision rules in plain words, for every surface (the JSON report, the app, docs/claims.md).
PRECISION_RULES = (
    f"Time: a clock time to the minute (\"09:09\") is met within ±{TIME_TOLERANCE_S['minute'] / 60:g} min, "
    f"an \"about\" time (about, around, ~) within ±{TIME_TOLERANCE_S['about'] / 60:g} min.",
    f"Distance: a stated distance is met within ±{DISTANCE_TOLERANCE['plain'][0]:.0%} (at least "
    f"±{DISTANCE_TOLERANCE['plain'][1]:g} km), an \"about\" distance (about, around, some, approximately, "
    f"roughly, ~) within ±{DISTANCE_TOLERANCE['about'][0]:.0%} (at least ±{DISTANCE_TOLERANCE['about'][1]:g} km). "
    "\"Miles\" are nautical miles (1,852 m), the unit of the ROK JCS and Japan MOD reports; "
    "\"statute miles\" are 1,609.344 m.",
    f"Direction: one of the eight compass points (south, north-east) is met within "
    f"±{DIRECTION_HALF_WIDTH_DEG[8]:g}° of it, one of sixteen (north-north-east) within "
    f"±{DIRECTION_HALF_WIDTH_DEG[16]:g}°: geodesic azimuths from the landmark, clockwise from true north.",
    f"A direction without a distance is taken within {DIRECTION_ONLY_MAX_KM:g} km of the landmark; near, "
    f"off or over a landmark within {NEAR_KM:g} km; \"between A and B\" inside the geodesic circle on A–B "
    "as diameter.",
    "An entry or exit is met on the zone's boundary: its region is the part of the boundary inside the "
    "place's sector. A claim is met when every part it states (time, place) is met.",
)


@dataclass(frozen=True)
class PlaceSpec:
    """Where a claim puts its event, as a region round a centre (lon, lat degrees WGS84).

    ``bearing_deg`` (from, to; clockwise from true north, ``to`` may exceed 360) is ``None`` all
    round; ``range_km`` (near, far) the distances from the centre. ``nominal_bearing_deg`` and
    ``nominal_km`` give the point the text names (``None``: no bearing stated; no distance
    stated). ``rule`` says in words which rule made the region.
    """

    centre: tuple[float, float]
    anchor: str
    bearing_deg: tuple[float, float] | None
    range_km: tuple[float, float]
    nominal_bearing_deg: float | None
    nominal_km: float | None
    rule: str


@dataclass(frozen=True)
class Claim:
    """One claim. ``time`` UTC (``None``: no time stated) with ``time_tolerance_s`` seconds;
    ``place`` as written and ``where`` its region (``None``: no place, or one the parser could
    not read; ``note`` says why)."""

    id: str
    aircraft: str
    track_id: str
    event: str
    zone_id: str
    time: pd.Timestamp | None
    time_precision: str
    place: str
    where: PlaceSpec | None
    basis: str
    source: str
    origin: str = ""
    note: str = ""

    @property
    def time_tolerance_s(self) -> float | None:
        """How far (s) an event's time may lie from the claimed time; ``None`` without a time."""
        if self.time is None:
            return None
        return TIME_TOLERANCE_S[self.time_precision or "minute"]


__all__ = ["CLAIM_BASES", "CLAIM_EVENTS", "DIRECTION_HALF_WIDTH_DEG", "DIRECTION_ONLY_MAX_KM",
           "DISTANCE_TOLERANCE", "NEAR_KM", "PRECISION_RULES", "TIME_TOLERANCE_S", "Claim", "PlaceSpec"]
