"""Compare patrols: several scenarios side by side, aligned on a chosen moment, with one row of
figures per patrol (pure pandas, no Streamlit; the app's tab, the CLI and the PNG read it).

Alignment (:data:`ALIGNMENTS`): the moment of each patrol that becomes T+00:00.

* ``absolute``: no shift (T is the real UTC time; the moment is None for every patrol).
* ``first-kadiz-entry``: the first ``entry`` of any drawn track into ``adiz-KR``, from the
  crossing engine (:func:`layers.engine.crossings.find_crossings`).
* ``rendezvous``: the first reported event (``events_reported``) of kind ``rendezvous`` with a
  time; none otherwise.
* ``strait``: the first passage of any drawn track through one of :data:`STRAITS`, found
  geometrically (:func:`strait_passages`).

A patrol lacking the moment is reported as such (``moment`` NaT and ``moment_note`` saying
why); it is never silently aligned at 0. Tracks are only shifted in time, never moved.

Figures (:func:`figures`), one row per patrol; units are in the column names:

* ``duration_s``: first to last fix of all drawn tracks (seconds).
* ``kadiz_s`` / ``jadiz_s``: time at least one drawn track was inside KADIZ / JADIZ
  (overlapping tracks counted **once**: the union of the engine's intervals, seconds);
  ``kadiz_track_s`` / ``jadiz_track_s``: the same summed over tracks (aircraft groups flying
  together count once each). JADIZ is drawn only in part (points (1)-(7)); time inside is
  inside the drawn part.
* ``dokdo_airspace_m``: closest approach to the territorial airspace round Dokdo / Takeshima
  (Liancourt Rocks), 0 when a track entered it; ``dokdo_islets_m``: to the nearer islet point.
* ``foreign_airspace_m``: closest approach to the territorial airspace of a state other than
  the track's own (0 when entered), ``foreign_airspace_zone`` which one; only the built-in
  zones are known (no US airspace near Alaska, for instance).
* ``strait``: the straits passed, in order; ``crossings``: boundary crossings (``entry`` /
  ``exit`` rows of the engine, not possible or data-limit rows); ``kadiz_entries``.
* ``status``: ``notional`` / ``schematic`` (tracks marked so) or ``no tracks``.

Every ``*_m`` column has an ``*_nm`` twin (nautical miles). Figures come from the engine run
once per patrol; tracks are notional reconstructions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from layers.engine.crossings import CrossingReport, find_crossings
from layers.engine.zoneset import ZoneSet
from layers.geo import geodesy
from layers.scenarios.model import Scenario, load_scenario
from layers.tracks.naming import display_name, is_notional, is_schematic
from layers.tracks.track import Track
from layers.units import NM_M

ALIGNMENTS = ("absolute", "first-kadiz-entry", "rendezvous", "strait")
ALIGNMENT_NAMES = {
    "absolute": "Absolute time (no shift)",
    "first-kadiz-entry": "First KADIZ entry",
    "rendezvous": "Reported rendezvous",
    "strait": "First strait passage (Tsushima or Okinawa–Miyako)",
}
KADIZ, JADIZ, DOKDO = "adiz-KR", "adiz-JP", "airspace-dokdo"
CROSSING_EVENTS = ("entry", "exit")
#: Sampling step along the tracks' geodesics for strait and islet distances (metres).
SAMPLE_STEP_M = 2_000.0
#: The islet points of Dokdo / Takeshima in geodata/points.geojson (NGII, with GSI values).
DOKDO_ISLETS = {"dokdo-dongdo": (131.8696, 37.2408), "dokdo-seodo": (131.8652, 37.2418)}
SOURCES_LINE = ("Sources: scenario files geodata/scenarios/<id>.json (published times and places, "
                "cited there); zones geodata/airspace.geojson; straits: approximate reference points "
                "of the project's facts.md §1 (layers/scenarios/compare.py, STRAITS).")
CAVEAT = "Tracks are notional reconstructions (some schematic), not observed flight paths."


@dataclass(frozen=True)
class Strait:
    """A strait as a disc: a passage is a stretch of track within ``radius_m`` of the centre,
    timed at its closest approach to the centre."""

    id: str
    name: str
    lon: float
    lat: float
    radius_m: float
    basis: str


def _midpoint(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    lon, lat = geodesy.interpolate(a[0], a[1], b[0], b[1], 0.5)
    return float(lon[0]), float(lat[0])


#: facts.md §1 "Reference points": Tsushima south tip ~34.09N 129.22E, Iki ~33.78N 129.72E.
_TSUSHIMA_TIP, _IKI = (129.22, 34.09), (129.72, 33.78)
_TSUSHIMA_CENTRE = _midpoint(_TSUSHIMA_TIP, _IKI)
STRAITS: tuple[Strait, ...] = (
    Strait("tsushima", "Tsushima Strait", _TSUSHIMA_CENTRE[0], _TSUSHIMA_CENTRE[1], 60_000.0,
           "reconstructed: disc round the geodesic midpoint of Tsushima's south tip "
           "(~34.09N 129.22E) and Iki (~33.78N 129.72E), facts.md §1 reference points "
           "(approximate); the 60-km radius is a choice: it spans the East Channel (about 29 km "
           "to either point) and the south-east part of the West Channel, not all of it (no "
           "sourced point on the Korean shore is in the repository)"),
    Strait("miyako", "Okinawa–Miyako gap", 126.6, 25.6, 100_000.0,
           "reconstructed: disc round the gap centre ~25.6N 126.6E, facts.md §1 reference "
           "points (approximate); the 100-km radius is a choice meant to stay inside the gap "
           "(no sourced coordinates of Okinawa or Miyako-jima are in the repository)"),
)


def _samples(track: Track, step_m: float = SAMPLE_STEP_M) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(seconds, lon, lat) along the track's geodesic legs at most ``step_m`` apart, flown at
    constant speed per leg (the engine's model)."""
    secs, lon, lat = track.seconds, track.data["lon"].to_numpy(), track.data["lat"].to_numpy()
    out_t, out_lon, out_lat = [np.array([secs[0]])], [np.array([lon[0]])], [np.array([lat[0]])]
    for i in range(len(secs) - 1):
        x, y, frac = geodesy.densify_leg(lon[i], lat[i], lon[i + 1], lat[i + 1], step_m)
        out_t.append(secs[i] + frac[1:] * (secs[i + 1] - secs[i]))
        out_lon.append(x[1:])
        out_lat.append(y[1:])
    return np.concatenate(out_t), np.concatenate(out_lon), np.concatenate(out_lat)


def _time(seconds: float) -> pd.Timestamp:
    return pd.Timestamp(round(seconds * 1e9), unit="ns", tz="UTC")


def strait_passages(tracks: Sequence[Track], straits: Sequence[Strait] = STRAITS) -> pd.DataFrame:
    """Every passage of ``tracks`` through ``straits``: track_id, strait (id), strait_name,
    time (UTC, closest approach to the centre in that stretch), distance_m; sorted by time."""
    rows: list[dict[str, Any]] = []
    for track in tracks:
        t, lon, lat = _samples(track)
        for strait in straits:
            d = geodesy.distance_m(lon, lat, np.full_like(lon, strait.lon), np.full_like(lat, strait.lat))
            inside = d <= strait.radius_m
            if not inside.any():
                continue
            edges = np.flatnonzero(np.diff(np.concatenate([[0], inside.astype(int), [0]])))
            for start, stop in zip(edges[::2], edges[1::2], strict=True):
                best = start + int(np.argmin(d[start:stop]))
                rows.append({"track_id": track.track_id, "strait": strait.id, "strait_name": strait.name,
                             "time": _time(float(t[best])), "distance_m": float(d[best])})
    frame = pd.DataFrame(rows, columns=["track_id", "strait", "strait_name", "time", "distance_m"])
    if frame.empty:
        frame["time"] = pd.Series(dtype="datetime64[ns, UTC]")
    return frame.sort_values("time", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Moment:
    """The moment a patrol is aligned on (``time`` None when it has none; ``note`` says why
    or what it is)."""

    time: pd.Timestamp | None
    note: str


def alignment_moment(scenario: Scenario, report: CrossingReport | None, align: str,
                     passages: pd.DataFrame | None = None) -> Moment:
    """The moment of ``scenario`` to align on under ``align`` (one of :data:`ALIGNMENTS`)."""
    if align not in ALIGNMENTS:
        raise ValueError(f"alignment must be one of {', '.join(ALIGNMENTS)}, got {align!r}")
    if align == "absolute":
        return Moment(None, "absolute time")
    if align == "rendezvous":
        events = scenario.events_reported
        if events.empty or "event" not in events:
            return Moment(None, "no reported rendezvous")
        times = pd.to_datetime(events.loc[events["event"] == "rendezvous", "time"], utc=True).dropna()
        if times.empty:
            return Moment(None, "no reported rendezvous with a time")
        return Moment(pd.Timestamp(times.min()), "first reported rendezvous")
    if not scenario.tracks:
        return Moment(None, "no tracks")
    if align == "first-kadiz-entry":
        events = report.events if report is not None else pd.DataFrame()
        if events.empty:
            return Moment(None, "no KADIZ entry")
        entries = events[(events["zone_id"] == KADIZ) & (events["event"] == "entry")]
        if entries.empty:
            return Moment(None, "no KADIZ entry")
        first = entries.sort_values("time").iloc[0]
        return Moment(pd.Timestamp(first["time"]), f"first KADIZ entry ({first['track_id']})")
    passages = strait_passages(scenario.tracks) if passages is None else passages
    if passages.empty:
        return Moment(None, "no strait passage")
    first = passages.iloc[0]
    return Moment(pd.Timestamp(first["time"]), f"{first['strait_name']} ({first['track_id']})")


def _union_seconds(intervals: pd.DataFrame) -> float:
    """Length (s) of the union of [start, end] stretches."""
    if intervals.empty:
        return 0.0
    epoch = pd.Timestamp(0, tz="UTC")
    starts = (pd.to_datetime(intervals["start"], utc=True) - epoch).dt.total_seconds()
    ends = (pd.to_datetime(intervals["end"], utc=True) - epoch).dt.total_seconds()
    spans = sorted(zip(starts, ends, strict=True))
    total, (cur_start, cur_end) = 0.0, spans[0]
    for start, end in spans[1:]:
        if start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    return float(total + cur_end - cur_start)


def _closest(report: CrossingReport, zone_ids: Iterable[str], track_ids: Iterable[str] | None = None
             ) -> tuple[float, str]:
    """Closest approach (m, zone id) of the tracks to the zones: 0 for a zone entered."""
    zones, tracks = set(zone_ids), None if track_ids is None else set(track_ids)

    def mine(frame: pd.DataFrame) -> pd.DataFrame:
        keep = frame["zone_id"].isin(zones)
        if tracks is not None:
            keep &= frame["track_id"].isin(tracks)
        return frame[keep]

    inside = mine(report.intervals)
    if not inside.empty:
        return 0.0, str(inside.sort_values("start").iloc[0]["zone_id"])
    near = mine(report.approaches)
    if near.empty:
        return float("nan"), ""
    best = near.loc[near["distance_m"].idxmin()]
    return float(best["distance_m"]), str(best["zone_id"])


def _foreign_airspace(report: CrossingReport, tracks: Sequence[Track], table: pd.DataFrame) -> tuple[float, str]:
    airspace = table[table["zone_kind"] == "territorial-airspace"]
    best = (float("nan"), "")
    for track in tracks:
        state = str(track.meta.get("state") or "")
        foreign = airspace.loc[airspace["zone_state"] != state, "zone_id"]
        distance, zone = _closest(report, foreign, [track.track_id])
        if np.isfinite(distance) and not (np.isfinite(best[0]) and best[0] <= distance):
            best = (distance, zone)
    return best


def _islets_m(tracks: Sequence[Track]) -> float:
    best = float("nan")
    for track in tracks:
        _, lon, lat = _samples(track)
        for x, y in DOKDO_ISLETS.values():
            d = float(geodesy.distance_m(lon, lat, np.full_like(lon, x), np.full_like(lat, y)).min())
            best = d if not np.isfinite(best) else min(best, d)
    return best


def _aircraft(scenario: Scenario) -> str:
    if scenario.tracks:
        return ", ".join(display_name(track) for track in scenario.tracks)
    types = [str(a.get("type")) for a in scenario.aircraft if a.get("type")]
    return ("reported: " + ", ".join(types)) if types else ""


def _status(tracks: Sequence[Track]) -> str:
    if not tracks:
        return "no tracks"
    if any(is_schematic(track) for track in tracks):
        return "schematic"
    return "notional" if any(is_notional(track) for track in tracks) else "recorded"


FIGURE_COLUMNS = ["scenario_id", "date", "year", "title", "status", "n_tracks", "aircraft",
                  "duration_s", "kadiz_s", "kadiz_track_s", "jadiz_s", "jadiz_track_s",
                  "dokdo_airspace_m", "dokdo_islets_m", "foreign_airspace_m", "foreign_airspace_zone",
                  "strait", "crossings", "kadiz_entries", "moment", "moment_note"]


def figures(scenario: Scenario, report: CrossingReport | None, table: pd.DataFrame,
            moment: Moment, passages: pd.DataFrame) -> dict[str, Any]:
    """One patrol's row (see the module docstring for the columns and units)."""
    tracks = scenario.tracks
    row: dict[str, Any] = {
        "scenario_id": scenario.id, "date": scenario.date, "year": int(str(scenario.date)[:4]),
        "title": scenario.title, "status": _status(tracks), "n_tracks": len(tracks),
        "aircraft": _aircraft(scenario), "moment": moment.time if moment.time is not None else pd.NaT,
        "moment_note": moment.note,
    }
    if not tracks or report is None:
        row.update({c: np.nan for c in FIGURE_COLUMNS if c not in row})
        row.update({"foreign_airspace_zone": "", "strait": "", "crossings": 0, "kadiz_entries": 0})
        return row
    row["duration_s"] = float((max(t.end for t in tracks) - min(t.start for t in tracks)).total_seconds())
    for key, zone in (("kadiz", KADIZ), ("jadiz", JADIZ)):
        inside = report.intervals[report.intervals["zone_id"] == zone]
        row[f"{key}_s"] = _union_seconds(inside)
        row[f"{key}_track_s"] = float(inside["duration_s"].sum())
    row["dokdo_airspace_m"] = _closest(report, [DOKDO])[0]
    row["dokdo_islets_m"] = _islets_m(tracks)
    row["foreign_airspace_m"], row["foreign_airspace_zone"] = _foreign_airspace(report, tracks, table)
    names = list(dict.fromkeys(passages["strait_name"])) if not passages.empty else []
    row["strait"] = ", ".join(names) if names else "none found"
    events = report.events
    row["crossings"] = int(events["event"].isin(CROSSING_EVENTS).sum())
    row["kadiz_entries"] = int(((events["zone_id"] == KADIZ) & (events["event"] == "entry")).sum())
    return row


@dataclass(frozen=True)
class Comparison:
    """The compared patrols: ``table`` (one row each, :data:`FIGURE_COLUMNS` plus ``*_nm``
    twins), their scenarios, the crossing reports (None without tracks) and the alignment."""

    align: str
    table: pd.DataFrame
    scenarios: tuple[Scenario, ...]
    reports: tuple[CrossingReport | None, ...]

    def moment(self, scenario_id: str) -> pd.Timestamp | None:
        value = self.table.set_index("scenario_id").loc[scenario_id, "moment"]
        return None if pd.isna(value) else pd.Timestamp(value)

    def to_csv(self) -> str:
        """The table as CSV (times ISO 8601 UTC, distances m and nm, durations s)."""
        return export_frame(self.table).to_csv(index=False, lineterminator="\n")

    def to_json(self) -> str:
        import json

        exported = export_frame(self.table)
        exported["moment"] = exported["moment"].replace("", None)
        frame = exported.astype(object).where(exported.notna(), None)
        doc = {"align": self.align, "caveat": CAVEAT, "straits": [s.__dict__ for s in STRAITS],
               "patrols": frame.to_dict(orient="records")}
        return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def export_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The table with times as ISO 8601 UTC text and numbers rounded (metres to 1 m)."""
    from layers.timefmt import iso_z_series

    out = table.copy()
    out["moment"] = iso_z_series(pd.to_datetime(out["moment"], utc=True), "ms")
    for column in out.columns:
        if column.endswith("_m") or column.endswith("_s"):
            out[column] = out[column].round(0)
        elif column.endswith("_nm"):
            out[column] = out[column].round(2)
    return out


def compare(scenarios: Sequence[str | Scenario], align: str = "absolute",
            zones: ZoneSet | None = None) -> Comparison:
    """Compare the scenarios (ids or loaded) under ``align``; one engine run per patrol."""
    if align not in ALIGNMENTS:
        raise ValueError(f"alignment must be one of {', '.join(ALIGNMENTS)}, got {align!r}")
    if zones is None:
        from layers.zones.load import airspace_zone_set

        zones = airspace_zone_set()
    by_id: dict[str, Scenario] = {}
    for item in scenarios:  # each patrol once, in the order first given
        scenario = item if isinstance(item, Scenario) else load_scenario(item)
        by_id.setdefault(scenario.id, scenario)
    loaded = tuple(by_id.values())
    rows, reports = [], []
    for scenario in loaded:
        report = find_crossings(scenario.tracks, zones) if scenario.tracks else None
        passages = strait_passages(scenario.tracks)
        moment = alignment_moment(scenario, report, align, passages)
        rows.append(figures(scenario, report, zones.table, moment, passages))
        reports.append(report)
    table = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    table["moment"] = pd.to_datetime(table["moment"], utc=True)
    for column in [c for c in FIGURE_COLUMNS if c.endswith("_m")]:
        table[column] = table[column].astype(float)
        table[column[:-2] + "_nm"] = table[column] / NM_M
    return Comparison(align, table, loaded, tuple(reports))


def _nm(value: Any) -> str:
    return "" if value is None or not np.isfinite(value) else f"{value:,.1f}"


def display_table(comparison: Comparison) -> pd.DataFrame:
    """The comparison for people: one row per patrol, durations as ``1 h 02 min``, distances
    in nautical miles (one decimal), the moment aligned on in the patrol's local time and UTC
    (or why it has none). Plain text."""
    from layers.engine.table import format_duration
    from layers.timefmt import local_and_utc

    zones = {s.id: s.local_zone for s in comparison.scenarios}
    rows = []
    for _, row in comparison.table.iterrows():
        tracks = int(row["n_tracks"]) > 0
        moment = row["moment"]
        if comparison.align == "absolute":
            aligned = "absolute time"
        elif pd.isna(moment):
            aligned = f"— {row['moment_note']}"
        else:
            aligned = f"{local_and_utc(moment, zones[row['scenario_id']], year=True)} ({row['moment_note']})"
        foreign = _nm(row["foreign_airspace_nm"])
        if foreign and row["foreign_airspace_zone"]:
            foreign += f" ({row['foreign_airspace_zone']})"
        rows.append({
            "Patrol": row["scenario_id"], "Status": row["status"], "Aircraft": row["aircraft"],
            "Aligned on": aligned,
            "Duration": format_duration(row["duration_s"]) if tracks else "no tracks",
            "Time in KADIZ": format_duration(row["kadiz_s"]),
            "Time in JADIZ (drawn part)": format_duration(row["jadiz_s"]),
            "Dokdo / Takeshima airspace (nm)": _nm(row["dokdo_airspace_nm"]),
            "Dokdo / Takeshima islets (nm)": _nm(row["dokdo_islets_nm"]),
            "Foreign territorial airspace (nm)": foreign,
            "Strait": row["strait"], "Crossings": str(int(row["crossings"])) if tracks else "",
        })
    return pd.DataFrame(rows)


def aligned_label(time: Any, moment: pd.Timestamp | None) -> str:
    """``"T+01:05"`` / ``"T−00:20"`` from ``moment``; empty without a moment."""
    if moment is None or pd.isna(moment):
        return ""
    seconds = (pd.Timestamp(time) - pd.Timestamp(moment)).total_seconds()
    sign = "+" if seconds >= 0 else "−"
    minutes = int(round(abs(seconds) / 60))
    return f"T{sign}{minutes // 60:02d}:{minutes % 60:02d}"


__all__ = ["ALIGNMENTS", "ALIGNMENT_NAMES", "CAVEAT", "FIGURE_COLUMNS", "SOURCES_LINE", "STRAITS",
           "Comparison", "Moment", "Strait", "aligned_label", "alignment_moment", "compare", "display_table",
           "export_frame", "figures", "strait_passages"]
