"""Presentation mode for a classroom projector: the map, the player and the card of the current
reported event on one screen (1280×720 or 1920×1080) without scrolling; large type, high
contrast; stepping by buttons, keys and clicker; predict and reveal.

The stepping rules are :mod:`layers.scenarios.presenter` (plain Python); this module keeps its
:class:`~layers.scenarios.presenter.Place` in the session and draws the card.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from layers.markup import markdown_text
from layers.scenarios.places import event_centre
from layers.scenarios.presenter import EventStop, Place, backward, forward, moved, reveal, stop_at
from layers.scenarios.quiz import Question
from layers.style import ADIZ_CAVEAT
from layers.tracks.naming import caveat_words
from layers.tracks.playback import located
from layers.ui.session import Keys as K

#: Container keys (Streamlit gives each a ``st-key-…`` class that the CSS below targets).
MAP_BOX = "pm-map"
CARD_BOX = "pm-card"
PLAYER_BOX = "pm-player"

#: Trusted page CSS of presentation mode: no sidebar or header, large type (larger on a
#: 1920-px screen), the map as tall as the screen leaves, the card scrolling inside itself.
PRESENT_CSS = f"""<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container {{ padding: 0.4rem 0.8rem 0 0.8rem !important;
  max-width: 100% !important; }}
html {{ font-size: 17px; }}
@media (min-width: 1600px) {{ html {{ font-size: 22px; }} }}
body, [data-testid="stApp"] {{ color: #000; background: #fff; }}
.st-key-{PLAYER_BOX} {{ gap: 0.2rem; }}
.st-key-{PLAYER_BOX} [data-testid="stCaptionContainer"] {{ color: #000; font-size: 1rem; height: 1.5rem; }}
.st-key-{PLAYER_BOX} [data-testid="stCaptionContainer"] p {{ white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }}
.st-key-{MAP_BOX} iframe {{ height: calc(100vh - 5.2rem) !important; }}
.st-key-{CARD_BOX} {{ max-height: calc(100vh - 3.6rem); overflow-y: auto; border: 2px solid #000;
  border-radius: 0.5rem; padding: 0.5rem 0.7rem; background: #fff; gap: 0.45rem; }}
.st-key-{CARD_BOX} h3 {{ font-size: 1.35rem; line-height: 1.3; padding: 0.2rem 0 0.2rem 0; }}
.st-key-{CARD_BOX} p, .st-key-{CARD_BOX} li {{ font-size: 1rem; line-height: 1.4; color: #000; }}
.st-key-{CARD_BOX} [data-testid="stCaptionContainer"] p {{ color: #222; font-size: 0.85rem; }}
</style>"""


def is_on() -> bool:
    """Presentation mode is on (the toggle, or ``?mode=present`` on the page's first run)."""
    if K.PRESENT not in st.session_state:
        st.session_state[K.PRESENT] = st.query_params.get("mode") == "present"
    return bool(st.session_state[K.PRESENT])


def follow_toggle() -> None:
    """Keep ``?mode=present`` in the address while the mode is on (a reload keeps it)."""
    if st.session_state.get(K.PRESENT):
        st.query_params["mode"] = "present"
    else:
        st.query_params.pop("mode", None)


def _quiz_changed() -> None:
    st.session_state[K.QUIZ_ON] = bool(st.session_state.get(K.QUIZ))


def _exit() -> None:
    st.session_state[K.PRESENT] = False
    follow_toggle()


# ------------------------------------------------------------------ the place in the session
def place() -> Place:
    """The class's place: the time slider's step and the question on screen."""
    return Place(int(st.session_state.get(K.T_STEP, 0)), st.session_state.get(K.ASKING),
                 frozenset(st.session_state.get(K.ASKED) or ()))


#: A value the time slider sends within this many seconds after the page left it is an echo
#: of the page's older state (sent with another widget's message before the new step
#: arrived), not the user's move.
ECHO_S = 3.0


def set_step(index: int) -> None:
    """Show slider step ``index``, remembering the step left (see :func:`take_slider`)."""
    old = st.session_state.get(K.T_STEP)
    if old is not None and old != index:
        now = time.monotonic()
        recent = [(v, t) for v, t in st.session_state.get(K.T_LEFT, []) if now - t < ECHO_S]
        st.session_state[K.T_LEFT] = [*recent, (int(old), now)]
    st.session_state[K.T_STEP] = int(index)


def keep(where: Place) -> None:
    """Store ``where`` (call before the time slider is drawn in this run)."""
    set_step(where.index)
    st.session_state[K.ASKING] = where.asking
    st.session_state[K.ASKED] = where.asked


def questioned(questions: Mapping[str, Question], stops: Sequence[EventStop]) -> set[str]:
    """Ids of the stops that ask a question when predict-and-reveal is on (else none)."""
    if not st.session_state.get(K.QUIZ_ON):
        return set()
    return {stop.id for stop in stops if any(e.id in questions for e in stop.entries)}


def step_events(count: int, show: Presentation, steps: pd.DatetimeIndex, asks: Collection[str]) -> None:
    """Go ``count`` reported events on (negative: back); Play stops; the map centres on the
    event's aircraft, or on its reported place where no track shows it."""
    where = place()
    for _ in range(abs(count)):
        where = forward(where, show.stops, steps, asks) if count > 0 else backward(where, show.stops)
    st.session_state[K.PLAYING] = False
    keep(where)
    stop = next((s for s in show.stops if s.id == where.asking), None) or stop_at(show.stops, where.index)
    focus = None
    if stop:
        focus = (located(show.tracks, [e.track_id for e in stop.entries], steps[where.index])
                 or event_centre(show.scenario, [e.id for e in stop.entries]))
    if focus is not None:
        st.session_state[K.FOCUS] = focus


def step_time(delta: int, last: int) -> None:
    """Move the time slider ``delta`` steps (within 0..``last``); Play stops."""
    where = place()
    st.session_state[K.PLAYING] = False
    keep(moved(where, max(0, min(last, where.index + delta))))


def slider_sent() -> None:
    """The time slider sent a value (its ``on_change``): kept aside until the run knows whether
    it was the user's move or a stale echo (see :func:`take_slider`)."""
    st.session_state[K.SLIDER_MOVED] = st.session_state.get(K.T_INDEX)


def take_slider(pressed: bool) -> None:
    """Apply the slider's value sent in this run, unless it is an echo: sent with a key press
    (the page sends every widget's value with a press), or a step the page left less than
    :data:`ECHO_S` ago (its message crossed the newer step on the way)."""
    value = st.session_state.pop(K.SLIDER_MOVED, None)
    if value is None or pressed:
        return
    now = time.monotonic()
    if any(int(value) == v and now - t < ECHO_S for v, t in st.session_state.get(K.T_LEFT, [])):
        return
    keep(moved(place(), int(value)))


def toggle_play(last: int, stops: Sequence[EventStop]) -> None:
    """Play or pause. Play on a question answers it first; Play at the end starts over."""
    playing = not st.session_state.get(K.PLAYING)
    where = place()
    if playing and where.asking:
        where = reveal(where, stops)
    elif playing and where.index >= last:
        where = Place(0)
    st.session_state[K.PLAYING] = playing
    st.session_state[K.HOLD] = 0
    keep(where)


# ------------------------------------------------------------------ the card
def _sources(entry: Any) -> str:
    return "; ".join(f"[{markdown_text(t)}]({u})" if u else markdown_text(t) for t, u in entry.sources)


def card(show: Presentation, steps: pd.DatetimeIndex, notional: bool) -> None:
    """The card of the current reported event (or the question before it), with Previous and
    Next, the predict-and-reveal toggle and the way out."""
    scenario, stops, questions = show.scenario, show.stops, show.questions
    where = place()
    asking = next((s for s in stops if s.id == where.asking), None)
    shown = [s for s in stops if s.step <= where.index]
    current = shown[-1] if shown else None
    asks = questioned(questions, stops)
    words = caveat_words(show.tracks) if notional else []
    caveat = (" · tracks are " + " and ".join(
        {"NOTIONAL": "NOTIONAL reconstructions", "SCHEMATIC": "SCHEMATIC (areas published, not routes)"}[w]
        for w in words)) if words else ""
    st.caption(f"**{markdown_text(scenario.title)}** ({markdown_text(scenario.date)}){caveat}")
    back, on = st.columns(2)  # first, so that a long card never pushes them off the screen
    back.button("◀ Previous", key=K.PRESENT_PREV, on_click=step_events, args=(-1, show, steps, asks),
                width="stretch", help="The reported event before (PageUp)")
    on.button("Answer ▶" if asking is not None else "Next ▶", key=K.PRESENT_NEXT, on_click=step_events,
              args=(1, show, steps, asks), width="stretch", help="The next reported event (PageDown)",
              disabled=asking is None and not any(s.step > where.index for s in stops))
    if asking is not None:
        st.markdown("### Question")
        entry = asking.entries[0]
        when = entry.time_text
        for item in asking.entries:
            if item.id in questions:
                st.info(f"**{markdown_text(questions[item.id].question)}**")
        st.markdown(f"Coming up: {markdown_text(when)}. Next (PageDown) shows what the tracks do.")
    elif current is None:
        st.markdown("### Before the first report")
        st.markdown(markdown_text(scenario.summary))
        st.markdown("Next (PageDown) goes to the first reported event; Space plays.")
    else:
        number = stops.index(current) + 1
        st.caption(f"Reported moment {number} of {len(stops)}")
        for entry in current.entries:
            heading = " · ".join(x for x in (entry.kind, entry.aircraft) if x)
            st.markdown(f"### {markdown_text(heading)}")
            st.markdown(f"**{markdown_text(entry.time_text)}**"
                        + (f"  \n*{markdown_text(entry.place)}*" if entry.place else ""))
            st.markdown(markdown_text(entry.description))
            question = questions.get(entry.id)
            if question is not None and current.id in asks and current.id in where.asked:
                st.success(f"**{markdown_text(question.question)}**  \n{markdown_text(question.answer)}  \n"
                           f"*{markdown_text(question.explanation)}*")
            links = _sources(entry)
            if links:
                st.caption(f"Sources: {links}")
        st.caption(ADIZ_CAVEAT)
    # The choice is kept apart from the widget: a run of the page started from within the player
    # (Play's timer) ends the player's run before the toggle is drawn, and Streamlit then forgets
    # the widget's state.
    st.toggle("Ask before each event (predict, then reveal)", value=bool(st.session_state.get(K.QUIZ_ON)),
              key=K.QUIZ, on_change=_quiz_changed)
    st.caption("Keys: ← → time step · PageUp / PageDown (clicker) reported event · Space play · "
               "F full screen")
    st.button("Exit presentation", key=K.PRESENT_EXIT, on_click=_exit, width="stretch")


@dataclass(frozen=True)
class Presentation:
    """What the player needs of presentation mode: whether it is on, the scenario, its stops
    (reported events by slider step) and the questions (reported event id -> question)."""

    on: bool
    scenario: Any
    stops: Sequence[EventStop]
    questions: Mapping[str, Question]
    tracks: Sequence[Any] = ()
