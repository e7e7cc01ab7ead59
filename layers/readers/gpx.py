"""GPX 1.0/1.1 tracks: ``trk/trkseg/trkpt`` with ``lat``/``lon`` attributes, ``<ele>`` in
metres and ``<time>`` (ISO 8601). One track per ``<trk>`` (its segments joined), named by
``<name>``, else ``<file>-<n>``. Routes and waypoints carry no times and are ignored.
Row = the line of the ``<trkpt>`` in the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from layers.errors import InputError
from layers.readers.source import Payload
from layers.readers.validate import ReadResult, build_result
from layers.readers.xmlsafe import child_text, children, descendants, local, parse_xml


def read_gpx(payload: Payload, max_bytes: int = 0) -> ReadResult:
    """Tracks from a GPX file."""
    name = payload.name
    root = parse_xml(payload.data, name)
    if local(root.tag) != "gpx":
        raise InputError(f"expected a <gpx> document, found <{local(root.tag)}>", source=name, row=root.sourceline)
    rows: list[dict[str, Any]] = []
    for n, trk in enumerate(children(root, "trk"), start=1):
        track_id = child_text(trk, "name") or f"{Path(name).stem}-{n}"
        meta = {key: child_text(trk, key) for key in ("desc", "type", "src") if child_text(trk, key)}
        for point in descendants(trk, "trkpt"):
            time = child_text(point, "time")
            if time is None:
                raise InputError("track point has no <time>", source=name, row=point.sourceline, field="time")
            rows.append(
                {
                    "track_id": track_id,
                    "time": time,
                    "lat": point.get("lat", ""),
                    "lon": point.get("lon", ""),
                    "alt_m": child_text(point, "ele"),
                    "_row": point.sourceline,
                    "_ordered": True,  # trkpt order is the path as recorded
                    **meta,
                }
            )
    if not rows:
        raise InputError("no track points (<trk>/<trkseg>/<trkpt>) found", source=name)
    fields = {"alt_m": "ele", "lat": "lat", "lon": "lon", "time": "time", "track_id": "name"}
    return build_result(pd.DataFrame(rows), name, "gpx", fields)
