"""Units, the one table: lengths in metres, speeds in metres per second, times in seconds."""

from __future__ import annotations

#: One international nautical mile, metres.
NM_M = 1852.0
#: One knot (nautical mile per hour), metres per second.
KNOT_M_S = NM_M / 3600.0
#: One kilometre per hour, metres per second.
KMH_M_S = 1000.0 / 3600.0
#: One foot, metres.
FT_M = 0.3048
#: Mean Earth radius (IUGG), metres: only for rough bounds, never for a reported distance.
EARTH_RADIUS_M = 6_371_008.8


def nm_to_m(nm: float) -> float:
    """Nautical miles to metres."""
    return float(nm) * NM_M


def m_to_nm(metres: float) -> float:
    """Metres to nautical miles."""
    return float(metres) / NM_M


__all__ = ["EARTH_RADIUS_M", "FT_M", "KMH_M_S", "KNOT_M_S", "NM_M", "m_to_nm", "nm_to_m"]
