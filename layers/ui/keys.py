"""Keyboard and clicker stepping for the page (a Streamlit v2 component: inline JS, no build).

In presentation mode the whole page listens: ← → step the time slider, PageDown / ↓ and
PageUp / ↑ go to the next and previous reported event (presentation clickers send PageUp and
PageDown), Space plays and pauses, F toggles full screen (the whole page, so the player and
the event card stay on screen). Elsewhere only the focused time slider listens: ← → ↑ ↓ step
it, PageUp / PageDown go to the reported events.

Bursts are debounced in the browser: presses within :data:`DEBOUNCE_MS` of each other reach the
server together, so ten quick presses cost one rerun, not ten; the page sends running totals,
so presses sent while the server is busy are never lost (:func:`keyboard`).
Keys typed into a text field never count.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import streamlit as st

#: Presses closer than this (milliseconds) are sent together.
DEBOUNCE_MS = 180

_HTML = ('<button class="pm-full" type="button" title="Full screen: the map, the player and the event '
         'card (F)">Full screen (F)</button>')
_CSS = """
:host { display: block; }
.pm-full { font: inherit; font-size: 0.9rem; padding: 0.25rem 0.75rem; border: 1px solid #555;
  border-radius: 0.4rem; background: #fff; color: #111; cursor: pointer; width: 100%; }
.pm-full:hover { border-color: #c1121f; color: #c1121f; }
.pm-full[hidden] { display: none; }
"""
_JS = """
export default function (component) {
  const { data, setStateValue, parentElement } = component;
  const present = Boolean(data && data.present);
  const sliderKey = (data && data.slider) || "";
  const debounce = (data && data.debounce) || 180;
  const full = parentElement.querySelector(".pm-full");
  const page = document.documentElement;
  const toggleFull = () => {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (page.requestFullscreen) { page.requestFullscreen().catch(() => {}); }
  };
  if (full) { full.hidden = !present; full.onclick = toggleFull; }
  // Running totals of the presses since the page was opened: the page sends them as the
  // component's state, so presses that arrive while the server is busy add up, never get lost.
  const totals = window.__patrolMapKeyTotals ||
    (window.__patrolMapKeyTotals = { page: Date.now() + "-" + Math.random(), steps: 0, events: 0, play: 0 });
  let timer = null;
  const send = () => { setStateValue("pressed", { ...totals }); };
  const flush = () => { timer = null; send(); };
  const later = () => { if (timer) { clearTimeout(timer); } timer = setTimeout(flush, debounce); };
  const typing = (target) => {
    if (!target || !target.closest) { return false; }
    if (target.closest('[role="slider"]')) { return false; }
    const field = 'input:not([type="checkbox"]):not([type="radio"]):not([type="range"]):not([type="button"]), ' +
      'textarea, select, [contenteditable="true"], [role="combobox"]';
    return Boolean(target.closest(field));
  };
  const onSlider = (target) => Boolean(sliderKey && target && target.closest &&
    target.closest(".st-key-" + sliderKey));
  // [slider steps, reported events] per key: on the page (presentation) and on the slider
  const pageKeys = {
    ArrowRight: [1, 0], ArrowLeft: [-1, 0], PageDown: [0, 1], PageUp: [0, -1],
    ArrowDown: [0, 1], ArrowUp: [0, -1],
  };
  const sliderKeys = {
    ArrowRight: [1, 0], ArrowUp: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [-1, 0],
    PageDown: [0, 1], PageUp: [0, -1],
  };
  const onKey = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    const slider = onSlider(event.target);
    if (!present && !slider) { return; }
    const move = (slider ? sliderKeys : pageKeys)[event.key];
    if (move) {
      event.preventDefault(); event.stopImmediatePropagation();
      totals.steps += move[0]; totals.events += move[1]; later();
    } else if (present && event.key === " ") {
      event.preventDefault(); event.stopImmediatePropagation();  // a focused switch must not flip too
      if (!event.repeat) {
        if (timer) { clearTimeout(timer); timer = null; }
        totals.play += 1; send();
      }
    } else if (present && (event.key === "f" || event.key === "F")) {
      event.preventDefault(); toggleFull();
    }
  };
  const onKeyUp = (event) => {  // a focused button or switch must not also take the Space
    if (present && event.key === " " && !typing(event.target)) {
      event.preventDefault(); event.stopImmediatePropagation();
    }
  };
  // The map is a frame of the same origin: once it has the focus (a click on the map), its
  // keys go to its own document, so the listeners follow the focus into it.
  // Listeners on the window, capturing: they run before any listener of the page's own.
  const hooked = [window];
  const hook = (doc) => {
    const win = doc && doc.defaultView;
    if (!win || hooked.includes(win)) { return; }
    hooked.push(win);
    win.addEventListener("keydown", onKey, true);
    win.addEventListener("keyup", onKeyUp, true);
  };
  const onBlur = () => setTimeout(() => {
    const frame = document.activeElement;
    if (present && frame && frame.tagName === "IFRAME") {
      try { hook(frame.contentDocument); } catch (error) { /* another origin */ }
    }
  }, 0);
  if (window.__patrolMapKeys) { window.__patrolMapKeys(); }
  window.addEventListener("keydown", onKey, true);
  window.addEventListener("keyup", onKeyUp, true);
  window.addEventListener("blur", onBlur);
  document.documentElement.dataset.pmKeys = present ? "page" : "slider";  // listening (tests wait for it)
  const cleanup = () => {
    hooked.forEach((win) => {
      try {
        win.removeEventListener("keydown", onKey, true);
        win.removeEventListener("keyup", onKeyUp, true);
      } catch (error) { /* a frame gone */ }
    });
    window.removeEventListener("blur", onBlur);
    delete document.documentElement.dataset.pmKeys;
    if (timer) { clearTimeout(timer); send(); }
    if (window.__patrolMapKeys === cleanup) { window.__patrolMapKeys = null; }
  };
  window.__patrolMapKeys = cleanup;
  return cleanup;
}
"""


@functools.cache
def _component() -> Callable[..., Any]:
    """The component, registered once per process (on first use: no side effect at import)."""
    return st.components.v2.component("patrol_map_keys", html=_HTML, css=_CSS, js=_JS)


def keyboard(key: str, slider_key: str, present: bool) -> tuple[dict[str, int] | None, bool]:
    """Mount the key listener; returns the presses since the last run (``{"steps": n,
    "events": m}``, or ``None``) and whether Space (Play/Pause) was pressed. ``slider_key`` is
    the time slider's widget key. Call it before the slider is drawn, so that a move can set
    the slider.

    The page sends running totals (presses since it was opened); the difference from the
    totals seen last is this run's move, so presses sent while a run was busy still count."""
    result = _component()(
        key=key, data={"present": present, "slider": slider_key, "debounce": DEBOUNCE_MS},
        on_pressed_change=lambda: None,
    )
    pressed = getattr(result, "pressed", None)
    if not isinstance(pressed, dict):
        return None, False
    seen_key = f"{key}:seen"
    seen = st.session_state.get(seen_key) or {}
    if seen.get("page") != pressed.get("page"):
        seen = {}
    st.session_state[seen_key] = dict(pressed)
    delta = {name: int(pressed.get(name, 0)) - int(seen.get(name, 0)) for name in ("steps", "events", "play")}
    move = {"steps": delta["steps"], "events": delta["events"]}
    return (move if move["steps"] or move["events"] else None), delta["play"] % 2 == 1
