"""CSV of the crossing events: exactly the ``python -m layers crossings`` output.

The text comes from ``CrossingReport.to_csv()`` (the engine's CLI contract), never rebuilt here.
"""

from __future__ import annotations

from layers.export.briefing import Briefing


def render_csv(briefing: Briefing) -> bytes:
    """The events of the briefing's report (cut to its time window) as CSV bytes (UTF-8)."""
    return briefing.report.to_csv().encode("utf-8")
