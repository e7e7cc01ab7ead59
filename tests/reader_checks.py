"""Shared checks for the reader tests (track comparisons, error capture)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from layers.errors import InputError
from layers.readers import read_tracks
from layers.tracks.track import Track

DATA = Path(__file__).parent / "data"


def utc(*stamps: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(s).tz_convert("UTC") if pd.Timestamp(s).tz else pd.Timestamp(s, tz="UTC") for s in stamps]


def assert_track(
    track: Track, times: list[str], lat: list[float], lon: list[float], alt: list[float] | None = None
) -> None:
    """The track's fixes are exactly these (times UTC, index named "time")."""
    assert list(track.data.index) == utc(*times)
    assert track.data.index.name == "time"
    assert str(track.data.index.tz) == "UTC"
    np.testing.assert_allclose(track.lat, lat)
    np.testing.assert_allclose(track.lon, lon)
    if alt is not None:
        np.testing.assert_allclose(track.data["alt_m"].to_numpy(), alt, equal_nan=True)


def read_error(path: Path | str | bytes, **kwargs) -> InputError:
    """The InputError that reading ``path`` raises."""
    with pytest.raises(InputError) as info:
        read_tracks(path, **kwargs)
    return info.value
