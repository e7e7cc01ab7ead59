"""Track files uploaded in the app -> tracks plus the messages to show (never a traceback).

Pure Python (no Streamlit): :func:`read_upload` takes the file's name and bytes. Bad input gives
the reader's :class:`layers.errors.InputError` text (naming file, row and field); suspicious
input gives the :class:`layers.errors.InputWarning` texts.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
from dataclasses import dataclass, field

from layers.errors import InputError, InputWarning
from layers.readers import read_tracks_with_warnings
from layers.readers.registry import ACCEPTED_SUFFIXES, formats_caption
from layers.tracks.track import Track

LOG = logging.getLogger(__name__)

#: Upload limit in bytes (matches ``server.maxUploadSize = 20`` in .streamlit/config.toml).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: File types the uploader offers (suffixes without the dot): every format the readers know.
UPLOAD_TYPES = list(ACCEPTED_SUFFIXES)
#: The uploader's label: the formats in words.
UPLOAD_LABEL = "Track files: " + formats_caption()
#: Track ids of uploads start with this, so they never clash with a scenario's.
UPLOAD_PREFIX = "upload/"


@dataclass(frozen=True)
class UploadResult:
    """What one uploaded file gave: tracks (possibly none), an error, warnings."""

    name: str
    digest: str
    tracks: list[Track] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def digest(data: bytes) -> str:
    """A short content hash (cache key of an upload)."""
    return hashlib.sha256(data).hexdigest()[:16]


def read_upload(name: str, data: bytes) -> UploadResult:
    """Read one uploaded file. Track ids get the :data:`UPLOAD_PREFIX`; tracks keep the meta
    the file gave and get ``source`` = the file name."""
    key = digest(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)  # returned in the result instead
            result = read_tracks_with_warnings(data, name, max_bytes=MAX_UPLOAD_BYTES)
    except InputError as error:
        return UploadResult(name, key, error=str(error))
    except Exception:  # a reader bug must not reach the page; the log keeps the traceback
        LOG.exception("reading upload %s failed", name)
        return UploadResult(name, key, error=f"{name}: the file could not be read (unexpected error).")
    tracks = [
        Track(
            UPLOAD_PREFIX + track.track_id,
            track.data,
            {"label": track.track_id, **track.meta, "source": track.meta.get("source") or name},
        )
        for track in result.tracks
    ]
    messages = [str(w) for w in result.warnings]
    if not tracks:
        return UploadResult(name, key, error=f"{name}: no tracks found", warnings=messages)
    return UploadResult(name, key, tracks, None, messages)


def without_duplicates(uploads: list[UploadResult]) -> tuple[list[UploadResult], list[str]]:
    """The uploads with each file's content once (the first name kept), and a message for
    every file left out because it repeats an earlier one byte for byte."""
    kept: list[UploadResult] = []
    first: dict[str, str] = {}
    notes: list[str] = []
    for upload in uploads:
        if upload.digest in first:
            notes.append(f"{upload.name} is the same file as {first[upload.digest]}: analysed once")
            continue
        first[upload.digest] = upload.name
        kept.append(upload)
    return kept, notes
