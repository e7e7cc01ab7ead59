"""Top speeds per aircraft type, the one table (km/h, ground speed).

Used by the scenario checks (no leg of a notional track may need more) and by the claim
checker (two claims of one aircraft farther apart than this allows in the time between them
contradict each other).
"""

from __future__ import annotations

#: Highest believable ground speed (km/h) by aircraft family (a prefix of the type as written):
#: the type's maximum speed plus a strong tail wind (H-6K about 1,050 km/h, Tu-95MS about
#: 920 km/h, A-50 about 850 km/h).
MAX_LEG_KMH = {"H-6": 1100.0, "Tu-95": 1000.0, "A-50": 900.0}
#: Beyond a bomber's usual cruise (km/h): a notional leg this fast must be recorded as a
#: conflict, and two claims that need it as stated are listed as implausible.
FAST_LEG_KMH = 850.0


def family(aircraft: str) -> str | None:
    """The family of ``aircraft`` (``"H-6K ×2"`` → ``"H-6"``), or ``None`` when not in the table."""
    text = str(aircraft).strip()
    return next((f for f in MAX_LEG_KMH if text.startswith(f)), None)


def top_speed_kmh(aircraft: str) -> float | None:
    """:data:`MAX_LEG_KMH` of the family of ``aircraft`` (km/h), ``None`` when unknown."""
    name = family(aircraft)
    return None if name is None else MAX_LEG_KMH[name]


__all__ = ["FAST_LEG_KMH", "MAX_LEG_KMH", "family", "top_speed_kmh"]
