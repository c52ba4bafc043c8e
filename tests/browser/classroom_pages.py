"""Helpers for the classroom features' tests: open any link, read the state and the tour's numbers."""

import json

from tests.browser.pages import TIMEOUT_MS

# what a link must carry: the lesson shown and its settings, the step, the speed and the classroom flags
SNAPSHOT = """() => { const s = window.gradplay.store.state; return JSON.stringify({ lesson: s.lesson,
  settings: s.lessons[s.lesson], step: s.step, speed: s.speed, presenter: s.presenter, hide: s.hide,
  tour: s.tour, code: s.code, race: s.race }); }"""


def open_link(w, hash_: str, ready: str | None = None) -> None:
    """Load the page at `#hash_` (a fresh document) and wait for the classroom modules, and `ready` if given."""
    if w.page.url.startswith(w.base):
        w.page.goto("about:blank")
    w.page.goto(f"{w.base}/#{hash_.lstrip('#')}")
    w.page.wait_for_selector("html[data-classroom='ready']", state="attached", timeout=TIMEOUT_MS)
    if ready:
        w.page.wait_for_selector(ready, state="attached", timeout=TIMEOUT_MS)


def snapshot(w) -> dict:
    return json.loads(w.page.evaluate(SNAPSHOT))


def number(text: str) -> float:
    """A number as the page writes it (real minus signs) as a float."""
    return float(text.replace("\u2212", "-").replace(",", ""))


def tour_numbers(w) -> dict[str, str]:
    """The named numbers (and quotations) of the tour step on screen."""
    return dict(w.page.locator("#tour-panel [data-num]").evaluate_all(
        "els => els.map((e) => [e.dataset.num, e.textContent])"))
