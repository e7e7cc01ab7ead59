"""KML for Google Earth: styled zones, tracks as ``gx:Track`` (the time slider plays them),
the fixes with what each rests on and the crossing events (each shown from its time on, via
``TimeSpan``/``begin``), the reported-event places (a folder of their own: each a Polygon,
with a Point for a point place; never a track), reference points. Track placemarks are named by track id, so
:func:`layers.readers.read_tracks` reads the same tracks back.

Tracks are densified along the geodesic (10 km steps, times at constant speed) so the line
Google Earth draws is the path that was analysed. Every track and the document say NOTIONAL.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import shapely
from lxml import etree

from layers import style
from layers.engine.table import EVENT_NAMES
from layers.export.briefing import Briefing, attribution_text, xml_text
from layers.export.places import PLACES_FOLDER, place_properties
from layers.export.png.layers import MapLayers, state_name
from layers.export.report import report_events
from layers.markup import truthy
from layers.timefmt import LocalZone, clock, day_only, iso_z, local_and_utc
from layers.tracks.naming import caveat, caveat_word, display_name, is_notional
from layers.units import m_to_nm
from layers.zones.disputed import disputed_text, is_disputed

KML_NS = "http://www.opengis.net/kml/2.2"
GX_NS = "http://www.google.com/kml/ext/2.2"
NSMAP = {None: KML_NS, "gx": GX_NS}
DENSIFY_STEP_M = 10_000.0


def _k(tag: str) -> str:
    return f"{{{KML_NS}}}{tag}"


def _gx(tag: str) -> str:
    return f"{{{GX_NS}}}{tag}"


def _sub(parent, tag: str, text: str | None = None, **attrib) -> etree._Element:
    attrib = {k: xml_text(v) for k, v in attrib.items()}
    element = etree.SubElement(parent, tag if tag.startswith("{") else _k(tag), **attrib)
    if text is not None:
        element.text = xml_text(text)
    return element


def kml_colour(colour: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` + opacity -> KML ``aabbggrr``."""
    red, green, blue = colour[1:3], colour[3:5], colour[5:7]
    return f"{round(opacity * 255):02x}{blue}{green}{red}".lower()


def _style(doc, style_id: str, line: str, width: float, fill: str | None = None,
           fill_opacity: float = 0.0, icon_scale: float | None = None) -> None:
    element = _sub(doc, "Style", id=style_id)
    if icon_scale is not None:
        icon = _sub(element, "IconStyle")
        _sub(icon, "color", kml_colour(line))
        _sub(icon, "scale", f"{icon_scale:g}")
    line_style = _sub(element, "LineStyle")
    _sub(line_style, "color", kml_colour(line))
    _sub(line_style, "width", f"{width:g}")
    poly = _sub(element, "PolyStyle")
    _sub(poly, "color", kml_colour(fill or line, fill_opacity))
    _sub(poly, "fill", "1" if fill and fill_opacity > 0 else "0")
    _sub(poly, "outline", "1")


def _ring(parent, tag: str, coords) -> None:
    boundary = _sub(parent, tag)
    ring = _sub(boundary, "LinearRing")
    _sub(ring, "coordinates", " ".join(f"{x:.6f},{y:.6f}" for x, y, *_ in coords))


def _geometry(parent, geometry) -> None:
    """Write a shapely (Multi)Polygon / (Multi)LineString / Point as KML geometry."""
    parts = [p for p in shapely.get_parts(geometry) if not p.is_empty]
    target = _sub(parent, "MultiGeometry") if len(parts) > 1 else parent
    for part in parts:
        if isinstance(part, shapely.Polygon):
            polygon = _sub(target, "Polygon")
            _ring(polygon, "outerBoundaryIs", part.exterior.coords)
            for hole in part.interiors:
                _ring(polygon, "innerBoundaryIs", hole.coords)
        elif isinstance(part, shapely.LineString):
            line = _sub(target, "LineString")
            _sub(line, "tessellate", "1")
            _sub(line, "coordinates", " ".join(f"{x:.6f},{y:.6f}" for x, y, *_ in part.coords))
        elif isinstance(part, shapely.Point):
            point = _sub(target, "Point")
            _sub(point, "coordinates", f"{part.x:.6f},{part.y:.6f}")


def _event_description(row: pd.Series, who: str, local: LocalZone) -> str:
    """A crossing for people: what, where, when (local and UTC, to the second), how deep."""
    depth, distance = row.get("depth_m"), row.get("distance_m")
    return _describe({
        "event": EVENT_NAMES.get(str(row["event"]), str(row["event"])),
        "zone": row.get("zone_name") or row["zone_id"],
        "aircraft": who,
        "track": row["track_id"],
        "time": local_and_utc(row["time"], local, "s"),
        "time (UTC, ISO 8601)": iso_z(row["time"], "ms"),
        "certainty": row.get("certainty"),
        "depth inside": f"{m_to_nm(float(depth)):.1f} nm ({float(depth):,.0f} m)"
        if depth is not None and pd.notna(depth) else None,
        "closest approach": f"{m_to_nm(float(distance)):.1f} nm ({float(distance):,.0f} m)"
        if distance is not None and pd.notna(distance) else None,
        "boundary": "approximate (no official text backs this segment)"
        if truthy(row.get("approximate_boundary")) else None,
        "position (lat, lon)": f"{float(row['lat']):.4f}, {float(row['lon']):.4f}",
        "note": style.ADIZ_CAVEAT if row.get("zone_kind") == "adiz"
        else None,
    })


def _describe(fields: dict[str, object]) -> str:
    rows = [f"{k}: {v}" for k, v in fields.items() if v not in (None, "") and not
            (isinstance(v, float) and np.isnan(v))]
    return "\n".join(rows)


def _zones_folder(doc, zones, boundaries) -> None:
    folder = _sub(doc, "Folder")
    _sub(folder, "name", "Zones (territorial airspace and ADIZs)")
    for zone_id, row in zones.iterrows():
        disputed = is_disputed(row)
        zs = style.zone_style(row["kind"], row["state"], disputed)
        style_id = f"zone-{zone_id}"
        _style(doc, style_id, zs.colour, max(zs.weight, 1.0), zs.fill,
               max(zs.fill_opacity, 0.08 if row["kind"] == "adiz" else 0.2))
        placemark = _sub(folder, "Placemark", id=str(zone_id))
        _sub(placemark, "name", str(row["name"]))
        fields = {k: row.get(k) for k in ("id", "kind", "state", "claimants", "confidence",
                                          "source", "valid_from")}
        if disputed:
            fields["status"] = disputed_text(row)
        _sub(placemark, "description", _describe(fields))
        _sub(placemark, "styleUrl", f"#{style_id}")
        _geometry(placemark, row.geometry)
    if boundaries is not None and len(boundaries):
        approximate = boundaries[boundaries["approximate"].fillna(False).astype(bool)]
        if len(approximate):
            _style(doc, "approximate-edge", "#555555", 3.0)
            sub = _sub(folder, "Folder")
            _sub(sub, "name", "Approximate ADIZ segments (no official text)")
            for _, row in approximate.iterrows():
                placemark = _sub(sub, "Placemark")
                _sub(placemark, "name", f"{row['zone_id']}: approximate segment")
                _sub(placemark, "description", _describe(
                    {k: row.get(k) for k in ("zone_id", "confidence", "source")}))
                _sub(placemark, "styleUrl", "#approximate-edge")
                _geometry(placemark, row.geometry)


def _track_placemark(folder, doc, track) -> None:
    colour = style.track_colour(str(track.meta.get("state", "")))
    style_id = "track-" + re.sub(r"[^A-Za-z0-9_-]", "_", str(track.meta.get("state", "XX")))
    if doc.find(f"{{{KML_NS}}}Style[@id='{style_id}']") is None:
        _style(doc, style_id, colour, 3.0, icon_scale=1.1)
    dense = track.densify(DENSIFY_STEP_M)
    placemark = _sub(folder, "Placemark", id=track.track_id)
    _sub(placemark, "name", track.track_id)  # read back by layers.readers as the track id
    word = caveat_word(track)
    state = track.meta.get("state")
    _sub(placemark, "description", _describe({
        "aircraft (short)": display_name(track),
        "aircraft": track.meta.get("aircraft"),
        "count": track.meta.get("count"),
        "state": state_name(str(state)) if state else None,
        "source": track.meta.get("source"),
        "caveat": word or None,
        "note": caveat([track]) if is_notional(track) else "recorded track (not notional)",
        "path": "WGS84 geodesics between fixes, drawn every 10 km at constant speed",
    }))
    _sub(placemark, "styleUrl", f"#{style_id}")
    gx_track = _sub(placemark, _gx("Track"))
    alts = dense.data["alt_m"].to_numpy(float)
    known = np.isfinite(alts).all()
    _sub(gx_track, "altitudeMode", "absolute" if known else "clampToGround")
    for stamp in dense.data.index:
        _sub(gx_track, "when", iso_z(stamp))
    for lon, lat, alt in zip(dense.lon, dense.lat, alts if known else np.zeros(len(dense))):
        _sub(gx_track, _gx("coord"), f"{lon:.6f} {lat:.6f} {alt:.0f}")


def _appears_at(placemark, time: pd.Timestamp) -> None:
    """Shown from ``time`` on as the time slider plays (a TimeSpan with only ``begin``: a
    KML reader does not mistake these markers for the fixes of a track)."""
    span = _sub(placemark, "TimeSpan")
    _sub(span, "begin", iso_z(time))


def _fixes_folder(parent, track, local: LocalZone) -> None:
    folder = _sub(parent, "Folder")
    word = caveat_word(track)
    _sub(folder, "name", f"{display_name(track)}: fixes" + (f" ({word})" if word else ""))
    _sub(folder, "visibility", "0")
    data = track.data
    schematic = word == "SCHEMATIC"
    for stamp, row in data.iterrows():
        placemark = _sub(folder, "Placemark")
        # a schematic route's times are illustrative: its fixes are named by id and the day only
        _sub(placemark, "name", f"{row.get('fix_id') or 'fix'} · {day_only(stamp, local)} (SCHEMATIC)"
             if schematic else clock(stamp, zone=local))
        _sub(placemark, "visibility", "0")
        _sub(placemark, "description", _describe({
            "time (UTC)": iso_z(stamp), "basis": row.get("basis"),
            "uncertainty_km": row.get("uncertainty_km"), "alt_m": row.get("alt_m"),
        }))
        _appears_at(placemark, stamp)
        _geometry(placemark, shapely.Point(row["lon"], row["lat"]))


def _events_folder(doc, events: pd.DataFrame, labels: dict[str, str], local: LocalZone) -> None:
    folder = _sub(doc, "Folder")
    _sub(folder, "name", "Boundary crossings")
    for kind in ("entry", "exit"):
        _style(doc, f"event-{kind}", style.EVENT_COLOURS[kind], 2.0, icon_scale=0.8)
    _style(doc, "event-data-limit", "#777777", 1.0, icon_scale=0.5)
    for _, row in events.iterrows():
        kind = "exit" if "exit" in str(row["event"]) else "entry"
        if str(row["event"]).startswith("data-limit"):
            kind = "data-limit"  # the limit of the data drawn for a zone, not its boundary
        time = pd.Timestamp(row["time"])
        placemark = _sub(folder, "Placemark")
        who = labels.get(row["track_id"], row["track_id"])
        zone = row.get("zone_name", row["zone_id"])
        event = EVENT_NAMES.get(str(row["event"]), str(row["event"]))
        _sub(placemark, "name", f"{who}: {event}, {zone}, {clock(time, zone=local)}")
        _sub(placemark, "description", _event_description(row, who, local))
        _appears_at(placemark, time)
        _sub(placemark, "styleUrl", f"#event-{kind}")
        _geometry(placemark, shapely.Point(row["lon"], row["lat"]))


def _places_folder(doc, places, local: LocalZone) -> None:
    """Reported-event places: one placemark each, its area (Polygon) and, for a point place,
    the Point; described by :func:`place_properties`, shown from the event's time on."""
    from layers.webmap.places import PLACE_COLOUR

    folder = _sub(doc, "Folder")
    _sub(folder, "name", PLACES_FOLDER)
    _style(doc, "reported-place", PLACE_COLOUR, 2.0, PLACE_COLOUR, 0.15, icon_scale=0.7)
    for event, place in places:
        properties = place_properties(event, place, local)
        placemark = _sub(folder, "Placemark", id=f"place-{properties['event_id']}")
        published = properties["place"] or "place not published"
        _sub(placemark, "name", f"{properties['aircraft']}: {published} (reported place)")
        _sub(placemark, "description", "\n".join([properties["caption"], _describe({
            "kind": properties["kind"], "event id": properties["event_id"],
            "time (UTC, ISO 8601)": properties["time_utc"],
            "time (local, ISO 8601)": properties["time_local"], "shape": properties["place_kind"],
        })]))
        if properties["time_utc"]:
            _appears_at(placemark, pd.Timestamp(properties["time_utc"]))
        _sub(placemark, "styleUrl", "#reported-place")
        parts = [place.area] + ([place.point] if place.point is not None else [])
        _geometry(placemark, shapely.GeometryCollection(parts))


def _points_folder(doc, points) -> None:
    folder = _sub(doc, "Folder")
    _sub(folder, "name", "Reference points")
    for _, row in points.iterrows():
        placemark = _sub(folder, "Placemark")
        _sub(placemark, "name", str(row.get("name", row.get("id"))))
        _sub(placemark, "description", _describe(
            {k: row.get(k) for k in row.index if k not in ("geometry", "name")}))
        _geometry(placemark, row.geometry)


def render_kml(briefing: Briefing, layers: MapLayers | None = None) -> bytes:
    """The briefing as a KML document (UTF-8 bytes); zones at display resolution by default."""
    layers = layers or MapLayers.builtin("display")

    root = etree.Element(_k("kml"), nsmap=NSMAP)
    doc = _sub(root, "Document")
    _sub(doc, "name", briefing.title)
    _sub(doc, "open", "1")
    _sub(doc, "description", "\n".join(filter(None, [
        briefing.banner, briefing.page_title, briefing.window_text, briefing.caveat or None,
        ("Sources: " + "; ".join(briefing.sources)) if briefing.sources else None,
        attribution_text(),
    ])))
    zones = layers.zones[layers.zones["kind"].isin(("territorial-airspace", "adiz"))]
    _zones_folder(doc, zones, layers.boundaries)
    tracks_folder = _sub(doc, "Folder")
    words = briefing.caveat_words
    _sub(tracks_folder, "name", f"Tracks ({', '.join(words)})" if words else "Tracks")
    for track in briefing.tracks:
        _track_placemark(tracks_folder, doc, track)
    for track in briefing.tracks:
        _fixes_folder(tracks_folder, track, briefing.local)
    labels = {t.track_id: display_name(t) for t in briefing.tracks}
    _events_folder(doc, report_events(briefing.report), labels, briefing.local)
    if briefing.places:
        _places_folder(doc, briefing.places, briefing.local)
    if layers.points is not None:
        _points_folder(doc, layers.points)
    # Styles first, as Google Earth expects: move them ahead of the folders.
    for element in doc.findall(_k("Style")):
        doc.remove(element)
        doc.insert(3, element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
