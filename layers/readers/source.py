"""Read the raw bytes of an input (a path, bytes or an uploaded file) with a size limit.

Every failure becomes an :class:`~layers.errors.InputError` naming the file: missing,
unreadable, empty, too large, or (for gzip and zip members) too large once uncompressed.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from layers.errors import InputError

#: Default size limit of one input file, in bytes (also applied after decompression).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

Source = str | os.PathLike | bytes | bytearray | memoryview | BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"


@dataclass(frozen=True)
class Payload:
    """The bytes of one input and the name used in messages (``suffix`` lower-case, with dot)."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):.1f} MB"


def _too_large(name: str, size: int, max_bytes: int, what: str = "file") -> InputError:
    return InputError(f"{what} is {_megabytes(size)}, over the limit of {_megabytes(max_bytes)}", source=name)


def load_payload(source: Source, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Payload:
    """Read ``source`` into memory; ``name`` (default: the path or the file object's name)
    is used in every message. Gzip-compressed content is decompressed (``.gz`` dropped
    from the name)."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = name or str(source)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise InputError("file not found", source=label) from None
        except OSError as exc:
            raise InputError(f"cannot read file ({exc.strerror})", source=label) from None
        if path.is_dir():
            raise InputError("is a directory, not a file", source=label)
        if size > max_bytes:
            raise _too_large(label, size, max_bytes)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file ({exc.strerror})", source=label) from None
    elif isinstance(source, (bytes, bytearray, memoryview)):
        label = name or "<upload>"
        data = bytes(source)
    elif hasattr(source, "read"):
        label = name or str(getattr(source, "name", "") or "<upload>")
        try:
            # getvalue(): the whole upload even when it was read before (Streamlit reruns)
            data = source.getvalue() if hasattr(source, "getvalue") else source.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"cannot read file ({exc})", source=label) from None
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        raise InputError(f"cannot read a {type(source).__name__} as a track file", source=name)
    if len(data) > max_bytes:
        raise _too_large(label, len(data), max_bytes)
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, label, max_bytes)
        if label.lower().endswith(".gz"):
            label = label[:-3]
    if not data.strip():
        raise InputError("empty file", source=label)
    return Payload(label, data)


def gunzip(data: bytes, name: str, max_bytes: int) -> bytes:
    """Decompress gzip ``data``, refusing output over ``max_bytes`` (a gzip bomb)."""
    decompressor = zlib.decompressobj(wbits=31)
    try:
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise InputError(f"corrupt gzip data ({exc})", source=name) from None
    if len(out) > max_bytes:
        raise InputError(
            f"uncompressed content is over the limit of {_megabytes(max_bytes)}", source=name
        )
    return out


def zip_member(data: bytes, name: str, wanted: tuple[str, ...], max_bytes: int) -> tuple[str, bytes]:
    """The first member of zip ``data`` whose name ends with one of ``wanted`` (lower-case
    suffixes, tried in order; a root-level ``doc.kml`` first), checked against ``max_bytes``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a valid zip archive ({exc})", source=name) from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        chosen = None
        for suffix in wanted:
            matches = [i for i in infos if i.filename.lower().endswith(suffix)]
            matches.sort(key=lambda i: (i.filename.count("/"), i.filename.lower() != "doc" + suffix))
            if matches:
                chosen = matches[0]
                break
        if chosen is None:
            raise InputError(
                f"zip archive holds no {' or '.join(wanted)} file", source=name
            )
        if chosen.file_size > max_bytes:
            raise _too_large(f"{name}:{chosen.filename}", chosen.file_size, max_bytes, "member")
        try:
            with archive.open(chosen) as member:
                content = member.read(max_bytes + 1)
        except (zipfile.BadZipFile, OSError, zlib.error, RuntimeError) as exc:
            raise InputError(f"cannot read {chosen.filename} in the archive ({exc})", source=name) from None
        if len(content) > max_bytes:
            raise _too_large(f"{name}:{chosen.filename}", len(content), max_bytes, "member")
        return chosen.filename, content


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is dropped); an error names the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line}); save the file as UTF-8",
            source=name,
            row=line,
        ) from None
