"""Standalone HTML map that works offline (from a USB stick): the app's folium map
(:func:`layers.webmap.build.build_map`) with Leaflet inlined as ``data:`` URIs
(:func:`layers.webmap.offline.standalone_html`), with the reported-event places, a title, the
time window, the NOTIONAL caveat and the optional handling banner. Nothing in the file is fetched from the network.
"""

from __future__ import annotations

from typing import cast

from branca.element import Element, Figure

from layers.export.briefing import Briefing
from layers.export.png.layers import MapLayers
from layers.export.report import report_events
from layers.export.table import events_table
from layers.geo.bounds import as_bounds
from layers.markup import escape

_CSS = """
<style>
.pm-export-banner { position: fixed; left: 0; right: 0; height: 22px; z-index: 1001;
  background: #202020; color: #fff; font: bold 13px/22px sans-serif; text-align: center;
  letter-spacing: .05em; }
.pm-export-banner.top { top: 0; } .pm-export-banner.bottom { bottom: 0; }
.pm-export-title { position: fixed; top: 0; left: 0; right: 0; height: 44px; z-index: 1000;
  background: rgba(255,255,255,.95); border-bottom: 1px solid #999; padding: 3px 12px;
  box-sizing: border-box; font: 13px/1.3 sans-serif; overflow: hidden; white-space: nowrap;
  text-overflow: ellipsis; }
.pm-export-title b { font-size: 15px; }
.leaflet-top { top: 44px; }
body.pm-has-banner .pm-export-title { top: 22px; }
body.pm-has-banner .leaflet-top { top: 66px; }
body.pm-has-banner .leaflet-bottom { bottom: 22px; }
.pm-export-events { position: fixed; right: 12px; top: 6px; z-index: 1002; max-width: 46vw;
  background: rgba(255,255,255,.96); border: 1px solid #999; border-radius: 4px;
  font: 12px/1.3 sans-serif; padding: 3px 8px; }
.pm-export-events summary { cursor: pointer; font-weight: bold; }
.pm-export-events div { max-height: 40vh; overflow-y: auto; }
.pm-export-events table { border-collapse: collapse; margin-top: 4px; }
.pm-export-events th, .pm-export-events td { border-bottom: 1px solid #ddd; padding: 1px 6px;
  text-align: left; white-space: nowrap; }
body.pm-has-banner .pm-export-events { top: 28px; }
</style>
"""


class UnsafeExportError(RuntimeError):
    """The HTML would fetch something from the network: it would not work offline."""


def _header_html(briefing: Briefing) -> str:
    lines = [f"<b>{escape(briefing.title)}</b>"]
    detail = [escape(briefing.page_title)] if briefing.page_title else []
    detail += [escape(f"Scenario {briefing.scenario_id}")] if briefing.scenario_id else []
    detail.append(escape(briefing.window_text))
    lines.append(" · ".join(detail))
    if briefing.notional and not briefing.tracks:  # with tracks, the map shows the caveat
        lines.append(f'<span style="color:#7a1010">{escape(briefing.caveat)}</span>')
    parts = [_CSS, f'<div class="pm-export-title">{"<br>".join(lines)}</div>',
             _events_html(briefing)]
    if briefing.banner:
        text = escape(briefing.banner.upper())
        parts += [f'<div class="pm-export-banner top">{text}</div>',
                  f'<div class="pm-export-banner bottom">{text}</div>',
                  "<script>document.body.classList.add('pm-has-banner');</script>"]
    return "\n".join(parts)


def _events_html(briefing: Briefing) -> str:
    """The crossing events as a collapsible table (all text escaped)."""
    table = events_table(briefing)
    if table.empty:
        return ""
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    rows = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in table.itertuples(index=False))
    return (f'<details class="pm-export-events"><summary>Boundary crossings ({len(table)})'
            f"</summary><div><table><tr>{head}</tr>{rows}</table></div></details>")


def render_html(briefing: Briefing, layers: MapLayers | None = None) -> bytes:
    """The briefing as one self-contained HTML file (UTF-8 bytes)."""
    from layers.webmap.build import build_map
    from layers.webmap.offline import fetched_remote_urls, standalone_html

    layers = layers or MapLayers.builtin("display")
    fmap = build_map(
        layers.zones,
        layers.points,
        layers.boundaries,
        list(briefing.tracks),
        report_events(briefing.report),
        view=as_bounds(briefing.bounds),
        local=briefing.local,
        places=briefing.places,  # the web map's "Reported event places" layer
    )
    # folium.Map puts itself in a branca Figure; get_root() is typed as the base Element.
    root = cast(Figure, fmap.get_root())
    root.title = escape(f"{briefing.page_title} — {briefing.title}" if briefing.page_title else briefing.title)
    root.html.add_child(Element(_header_html(briefing)), name="pm_export_header")
    html = standalone_html(fmap)
    remote = fetched_remote_urls(html)
    if remote or "/app/static/" in html:
        raise UnsafeExportError(f"the HTML export would fetch {remote or '/app/static/'}")
    return html.encode("utf-8")
