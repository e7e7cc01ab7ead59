"""Stepping through a scenario's reported events in front of a class: the stops (the events
of one slider step), next and previous, and predict-and-reveal (a question asked a little
before its event, answered when the class goes on).

Pure Python (no Streamlit): the page keeps a :class:`Place` between reruns and asks this module
where a key press, a button or a tick of Play leads. Steps index the slider's time steps.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import pandas as pd

from layers.scenarios.classroom import TimelineEntry, nearest_step


@dataclass(frozen=True)
class EventStop:
    """The reported events shown at one slider step (events of the same minute share a step),
    in the file's order. ``step`` indexes the slider's steps."""

    step: int
    entries: tuple[TimelineEntry, ...]

    @property
    def id(self) -> str:
        """The first event's id (a stop's identity in the session)."""
        return self.entries[0].id


def event_stops(entries: Sequence[TimelineEntry], steps: pd.DatetimeIndex) -> list[EventStop]:
    """The reported events with a time inside the slider's window, grouped by step, in time
    order (events without a time, or outside the window, have no stop)."""
    by_step: dict[int, list[TimelineEntry]] = {}
    for entry in entries:
        step = nearest_step(steps, entry.time)
        if step is not None:
            by_step.setdefault(step, []).append(entry)
    return [EventStop(step, tuple(group)) for step, group in sorted(by_step.items())]


def stop_at(stops: Sequence[EventStop], index: int) -> EventStop | None:
    """The last stop at or before slider step ``index`` (what the event card shows)."""
    shown = [stop for stop in stops if stop.step <= index]
    return shown[-1] if shown else None


def next_stop(stops: Sequence[EventStop], index: int) -> EventStop | None:
    """The first stop after slider step ``index``."""
    return next((stop for stop in stops if stop.step > index), None)


def previous_stop(stops: Sequence[EventStop], index: int) -> EventStop | None:
    """The last stop before slider step ``index``."""
    earlier = [stop for stop in stops if stop.step < index]
    return earlier[-1] if earlier else None


#: A question is asked this long (seconds) before its event: the map shows the approach.
QUESTION_LEAD_S = 180.0


def question_step(steps: pd.DatetimeIndex, stop: EventStop, lead_s: float = QUESTION_LEAD_S) -> int:
    """The slider step at which the question before ``stop`` is asked: the step nearest
    :data:`QUESTION_LEAD_S` before it, always before the stop's own step (or step 0)."""
    time = steps[stop.step] - pd.Timedelta(seconds=lead_s)
    step = nearest_step(steps, max(time, steps[0]))
    return max(0, min(step if step is not None else 0, stop.step - 1))


def question_ahead(stops: Sequence[EventStop], steps: pd.DatetimeIndex, start: int, end: int,
                   asked: Collection[str]) -> tuple[EventStop, int] | None:
    """While Play moves from step ``start`` to ``end``: the first stop ahead among ``stops``
    (those with questions) whose question was not yet asked (ids in ``asked``) and whose
    question step (:func:`question_step`) Play reaches, with the step to pause at: the
    question step, or ``start`` when Play is already past it."""
    for stop in stops:
        if stop.step <= start or stop.id in asked:
            continue
        ask = question_step(steps, stop)
        if ask <= end:
            return stop, max(start, ask)
    return None


@dataclass(frozen=True)
class Place:
    """Where the class is: the slider step, the stop whose question is on screen (not yet
    answered; ``None``) and the stops whose question has been asked this time through."""

    index: int
    asking: str | None = None
    asked: frozenset[str] = field(default_factory=frozenset)


def _stop(stops: Sequence[EventStop], stop_id: str | None) -> EventStop | None:
    return next((stop for stop in stops if stop.id == stop_id), None)


def forward(place: Place, stops: Sequence[EventStop], steps: pd.DatetimeIndex,
            questioned: Collection[str] = ()) -> Place:
    """One press of Next (PageDown): answer the question on screen by going to its event; else
    ask the next stop's question (ids in ``questioned`` have one) if not yet asked; else go to
    the next stop. At the last stop nothing changes."""
    shown = _stop(stops, place.asking)
    if shown is not None:
        return Place(shown.step, None, place.asked)
    upcoming = next_stop(stops, place.index)
    if upcoming is None:
        return Place(place.index, None, place.asked)
    if upcoming.id in questioned and upcoming.id not in place.asked:
        step = max(place.index, question_step(steps, upcoming))
        return Place(step, upcoming.id, place.asked | {upcoming.id})
    return Place(upcoming.step, None, place.asked)


def backward(place: Place, stops: Sequence[EventStop]) -> Place:
    """One press of Previous (PageUp): the stop before the current step (a question on screen
    is withdrawn, to be asked again)."""
    asked = place.asked - {place.asking} if place.asking else place.asked
    earlier = previous_stop(stops, place.index)
    return Place(earlier.step if earlier is not None else 0, None, asked)


def moved(place: Place, index: int) -> Place:
    """The slider was moved to ``index`` by hand or by the arrow keys: no question stays open."""
    asked = place.asked - {place.asking} if place.asking else place.asked
    return Place(index, None, asked)


def play_tick(place: Place, index: int, stops: Sequence[EventStop], steps: pd.DatetimeIndex,
              questioned: Collection[str] = ()) -> tuple[Place, bool]:
    """Play moves from ``place.index`` to ``index``: the new place, and whether Play must pause
    because a question is asked first (it pauses at the question's step, before the event)."""
    ahead = question_ahead([s for s in stops if s.id in questioned], steps, place.index, index, place.asked)
    if ahead is None:
        return Place(index, None, place.asked), False
    stop, step = ahead
    return Place(step, stop.id, place.asked | {stop.id}), True


def reveal(place: Place, stops: Sequence[EventStop]) -> Place:
    """The answer to the question on screen: go to its event (nothing open: unchanged)."""
    shown = _stop(stops, place.asking)
    return Place(shown.step, None, place.asked) if shown is not None else place
