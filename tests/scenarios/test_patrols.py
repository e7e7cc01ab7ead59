"""Every patrol with notional tracks, against what was published about it.

Data-driven: each reported KADIZ (or territorial airspace) entry or exit that names a track and
a time must be reproduced by the crossing engine on that track within the event's tolerance
(±2 min for a time to the minute, ±15 min for "about"); no track may enter territorial
airspace that is not its own state's unless an event reports it; no leg may need an
implausible speed, and fast legs are recorded as conflicts; every event placed on the map
names a landmark that exists.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

from layers.scenarios.model import load_scenario, scenario_paths
from layers.scenarios.validate import TIME_TOLERANCE_MIN
from layers.timefmt import clock
from layers.tracks.speeds import FAST_LEG_KMH, MAX_LEG_KMH
from layers.tracks.speeds import family as _family

SCENARIO_IDS = [p.stem for p in scenario_paths()]
WITH_TRACKS = [s for s in SCENARIO_IDS if load_scenario(s).tracks]


@functools.cache
def _report(scenario_id: str):
    from layers.engine.crossings import find_crossings
    from layers.zones.load import airspace_zone_set

    return find_crossings(load_scenario(scenario_id).tracks, airspace_zone_set())


def _published() -> list[tuple[str, str]]:
    rows = []
    for scenario_id in WITH_TRACKS:
        events = load_scenario(scenario_id).events_reported
        timed = events[events["time"].notna() & events["event"].isin(["entry", "exit"])
                       & (events["zone_id"] != "") & (events["track_id"] != "")]
        rows += [(scenario_id, event_id) for event_id in timed["id"]]
    return rows


@pytest.mark.parametrize(("scenario_id", "event_id"), _published(),
                         ids=[f"{s} {e}" for s, e in _published()])
def test_published_crossing_time_is_reproduced(scenario_id: str, event_id: str) -> None:
    scenario = load_scenario(scenario_id)
    reported = scenario.events_reported.set_index("id").loc[event_id]
    events = _report(scenario_id).events
    mine = events[(events["track_id"] == reported["track_id"]) & (events["zone_id"] == reported["zone_id"])
                  & (events["event"] == reported["event"])]
    times = pd.to_datetime(mine["time"], utc=True)
    tolerance = pd.Timedelta(minutes=TIME_TOLERANCE_MIN[reported["time_precision"]])
    local = scenario.local_zone
    assert ((times - reported["time"]).abs() <= tolerance).any(), (
        f"{scenario_id} {event_id}: {reported['event']} of {reported['zone_id']} at "
        f"{clock(reported['time'], zone=local)} ±{tolerance} not reproduced by {reported['track_id']}; "
        f"the engine gives {', '.join(clock(t, 's', local) for t in times) or 'none'}"
    )


@pytest.mark.parametrize("scenario_id", WITH_TRACKS)
def test_no_unreported_entry_into_territorial_airspace(scenario_id: str) -> None:
    """Foreign territorial airspace only where an event reports the entry (2019: the A-50 at
    Dokdo / Takeshima); a track may be inside its own state's airspace (take-off, landing)."""
    from layers.zones.disputed import claimants as claimants_of
    from layers.zones.load import load_airspace_zones

    zones = load_airspace_zones()
    airspace = zones[zones["kind"] == "territorial-airspace"]
    claimants = {zid: {str(z["state"]), *claimants_of(z)} for zid, z in airspace.set_index("id").iterrows()}
    scenario = load_scenario(scenario_id)
    reported = set(zip(scenario.events_reported["track_id"], scenario.events_reported["zone_id"]))
    intervals = _report(scenario_id).intervals
    states = {t.track_id: t.meta["state"] for t in scenario.tracks}
    unreported = [
        (row.track_id, row.zone_id) for row in intervals.itertuples()
        if row.zone_id in claimants and states[row.track_id] not in claimants[row.zone_id]
        and (row.track_id, row.zone_id) not in reported
    ]
    assert not unreported, unreported


@pytest.mark.parametrize("scenario_id", WITH_TRACKS)
def test_leg_speeds_are_plausible_and_fast_legs_are_recorded(scenario_id: str) -> None:
    scenario = load_scenario(scenario_id)
    conflicts = " ".join(f"{c['id']} {c['topic']}".lower() for c in scenario.conflicts)
    for track in scenario.tracks:
        family = _family(str(track.meta["aircraft"]))
        if family is None:
            continue
        kmh = track.segment_lengths_m / 1000 / (np.diff(track.seconds) / 3600)
        assert kmh.max() <= MAX_LEG_KMH[family], f"{track.track_id}: a leg needs {kmh.max():.0f} km/h"
        if kmh.max() > FAST_LEG_KMH:
            assert "speed" in conflicts, (
                f"{track.track_id}: a leg needs {kmh.max():.0f} km/h; record it as a conflict "
                "(an id or topic naming the speed)")


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_event_places_name_known_landmarks(scenario_id: str) -> None:
    from layers.zones.load import load_points

    points = set(load_points()["id"])
    for event_id, where in zip(load_scenario(scenario_id).events_reported["id"],
                               load_scenario(scenario_id).events_reported["where"]):
        if where and where["kind"] == "sector":
            assert where["anchor"] in points, f"{scenario_id} {event_id}: unknown anchor {where['anchor']!r}"


#: The joint patrols the issue asks tracks for (issue 12), besides 2019 and the Bering Sea loop.
LATER_PATROLS = ("2020-12-22", "2021-11-19", "2022-05-24", "2022-11-30", "2023-06-06", "2023-12-14",
                 "2024-11-29", "2025-12-09")


@pytest.mark.parametrize("scenario_id", LATER_PATROLS)
def test_later_patrol_has_notional_tracks_and_reproduces_a_published_kadiz_time(
    scenario_id: str, cli, tmp_path
) -> None:
    """``crossings --scenario ID`` exits 0 and lists a KADIZ crossing at a published time."""
    scenario = load_scenario(scenario_id)
    assert scenario.tracks and all(t.meta["notional"] for t in scenario.tracks)
    pinned = [e for e in _published() if e[0] == scenario_id]
    assert pinned, f"{scenario_id}: no published KADIZ time is tied to a track"
    out = tmp_path / "crossings.csv"
    result = cli("crossings", "--scenario", scenario_id, "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = pd.read_csv(out)
    kadiz = pd.to_datetime(rows.loc[rows["zone_id"] == "adiz-KR", "time"], utc=True)
    events = scenario.events_reported.set_index("id")
    for _, event_id in pinned:
        reported = events.loc[event_id]
        tolerance = pd.Timedelta(minutes=TIME_TOLERANCE_MIN[reported["time_precision"]])
        assert ((kadiz - reported["time"]).abs() <= tolerance).any(), event_id
