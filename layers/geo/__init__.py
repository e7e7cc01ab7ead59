"""Geodesy on WGS84 (one Geod), longitude wrapping and the Bounds type; metres and degrees."""
