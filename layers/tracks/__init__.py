"""Tracks: the immutable UTC Track, the columnar TrackSet, names and the notional rule, playback, drawn routes."""
