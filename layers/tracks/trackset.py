"""Many tracks as one columnar table: the one ragged representation the engine (and any
vectorised pass) works on.

``lon``, ``lat`` (degrees WGS84) and ``t`` (seconds since 1970-01-01 UTC) hold every fix of
every track, concatenated in track order; ``offsets[k]:offsets[k + 1]`` are track k's fixes
(the Arrow / shapely 2 ragged layout). The :class:`~layers.tracks.track.Track` objects stay
the per-track view (immutable, UTC, with their meta).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from layers.tracks.track import Track


@dataclass(frozen=True)
class TrackSet:
    """Fixes of many tracks, columnar (see the module docstring)."""

    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    t: NDArray[np.float64]
    offsets: NDArray[np.int64]
    tracks: tuple[Track, ...] = field(default=(), repr=False)

    @classmethod
    def from_tracks(cls, tracks: Iterable[Track]) -> TrackSet:
        """The fixes of ``tracks``, in order."""
        items = tuple(tracks)
        if not items:
            empty = np.zeros(0)
            return cls(empty, empty, empty, np.zeros(1, np.int64), ())
        return cls(
            lon=np.concatenate([t.lon for t in items]),
            lat=np.concatenate([t.lat for t in items]),
            t=np.concatenate([t.seconds for t in items]),
            offsets=np.concatenate([[0], np.cumsum([len(t) for t in items])]).astype(np.int64),
            tracks=items,
        )

    @classmethod
    def from_arrays(cls, lon: Sequence[float] | NDArray[np.float64], lat: Sequence[float] | NDArray[np.float64],
                    t: Sequence[float] | NDArray[np.float64], offsets: Sequence[int] | NDArray[np.int64]) -> TrackSet:
        """A track set from columns (no Track objects: ids are the track numbers)."""
        return cls(np.asarray(lon, float), np.asarray(lat, float), np.asarray(t, float),
                   np.asarray(offsets, np.int64))

    def __len__(self) -> int:
        """The number of tracks."""
        return len(self.offsets) - 1

    def __iter__(self) -> Iterator[Track]:
        return iter(self.tracks)

    @property
    def n_fixes(self) -> int:
        return int(self.offsets[-1])

    @property
    def track_ids(self) -> list[str]:
        return [t.track_id for t in self.tracks] if self.tracks else [str(k) for k in range(len(self))]

    @property
    def track_of_fix(self) -> NDArray[np.int64]:
        """Per fix, the number of its track."""
        return np.repeat(np.arange(len(self)), np.diff(self.offsets))

    def span(self, k: int) -> tuple[int, int]:
        """Fix index range [start, end) of track ``k``."""
        return int(self.offsets[k]), int(self.offsets[k + 1])


__all__ = ["TrackSet"]
