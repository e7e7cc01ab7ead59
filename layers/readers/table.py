"""Tables of fixes: CSV text (with line numbers) and Parquet, in the columns
``track_id,time,lat,lon[,alt_m,…]``.

Header names are matched without regard to case or surrounding spaces. Rows are numbered as
a person counts them: in CSV the line number in the file (the header is line 1), in Parquet
the 1-based data row. Extra columns are kept: track-level ones (aircraft, state, notional …,
or any column constant within each track) as track metadata, others per fix.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from layers.errors import InputError
from layers.readers.source import Payload, decode_text
from layers.readers.validate import REQUIRED_COLUMNS, ReadResult, build_result


def read_csv_rows(payload: Payload) -> tuple[list[str], list[list[str]], list[int], int]:
    """Header, data rows, each row's starting line number and the header's line; blank
    lines skipped.

    A row with a different number of fields than the header is an error naming its line.
    """
    text = decode_text(payload.data, payload.name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    header_line = 1
    rows: list[list[str]] = []
    lines: list[int] = []
    previous_end = 0
    try:
        for record in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not any(record) or (len(record) == 1 and not record[0].strip()):  # blank line or ",,,"
                continue
            if header is None:
                header = [cell.strip() for cell in record]
                header_line = start
                continue
            if len(record) != len(header):
                raise InputError(
                    f"{len(record)} field(s), the header (line {header_line}) has {len(header)}",
                    source=payload.name,
                    row=start,
                )
            rows.append(record)
            lines.append(start)
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", source=payload.name, row=reader.line_num) from None
    if header is None:
        raise InputError("empty file", source=payload.name)
    if not rows:
        raise InputError("no data rows after the header", source=payload.name)
    return header, rows, lines, header_line


def _normalise_columns(header: list[str], name: str, header_row: int | None = None) -> dict[str, str]:
    """Map each original column name to its canonical (lower-case) name; duplicate names
    and missing required columns are errors."""
    canonical: dict[str, str] = {}
    seen: dict[str, str] = {}
    for column in header:
        key = column.strip().lower()
        if not key:
            raise InputError("empty column name in the header", source=name, row=header_row)
        if key in seen:
            raise InputError(f"column {column!r} appears twice", source=name, row=header_row, field=column)
        seen[key] = column
        canonical[column] = key
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        hint = " (the file does not look comma-separated)" if len(header) == 1 else ""
        raise InputError(
            f"missing required column(s) {', '.join(missing)}; expected track_id,time,lat,lon[,alt_m,…]{hint}",
            source=name,
            row=header_row,
            field=missing[0],
        )
    return canonical


def read_csv(payload: Payload) -> ReadResult:
    """Tracks from a CSV file with columns ``track_id,time,lat,lon[,alt_m,…]``."""
    header, rows, lines, header_line = read_csv_rows(payload)
    canonical = _normalise_columns(header, payload.name, header_line)
    frame = pd.DataFrame(rows, columns=header, dtype=object).rename(columns=canonical)
    frame["_row"] = lines
    fields = {key: original for original, key in canonical.items()}
    return build_result(frame, payload.name, "csv", fields)


def read_parquet(payload: Payload, max_bytes: int = 0) -> ReadResult:
    """Tracks from a Parquet file with the CSV columns; ``time`` may be a timestamp (naive =
    UTC) or ISO 8601 text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(payload.data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"not a readable Parquet file ({exc})", source=payload.name) from None
    header = list(table.column_names)
    canonical = _normalise_columns(header, payload.name)
    try:
        frame = table.to_pandas()
    except (pa.ArrowException, ValueError) as exc:
        raise InputError(f"cannot convert the Parquet table ({exc})", source=payload.name) from None
    frame = frame.reset_index(drop=True).rename(columns=canonical)
    if frame.empty:
        raise InputError("no data rows", source=payload.name)
    frame["_row"] = range(1, len(frame) + 1)
    fields = {key: original for original, key in canonical.items()}
    return build_result(frame, payload.name, "parquet", fields)
