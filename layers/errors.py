"""Errors raised on bad input: each message names the file, the row and the field."""

from __future__ import annotations

from typing import TypedDict


class Where(TypedDict):
    """Where the bad input is, for ``InputError(message, field=..., **where)``."""

    source: str | None
    row: int | None


class InputError(ValueError):
    """Bad input data. ``str(error)`` is a one-line message for a person.

    Attributes ``source`` (file name), ``row`` (1-based data row, or feature index) and
    ``field`` (column or property name) are set when known.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.source = source
        self.row = row
        self.field = field
        self.detail = message
        where = []
        if source:
            where.append(str(source))
        if row is not None:
            where.append(f"row {row}")
        if field:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class InputWarning(UserWarning):
    """Suspicious but usable input (an implausible speed, a likely lat/lon swap)."""
