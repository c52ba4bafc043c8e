"""Helpers that drive the page the way a teacher does: open a lesson, drag, play, type."""

import time

from tests.browser.conftest import SCREENSHOTS

LESSONS = ("parabola", "not_gate", "network", "surface")
TIMEOUT_MS = 20_000


def open_lesson(w, lesson: str = "parabola", hash_: str = "") -> None:
    """Load the page on a lesson and wait until its views show a full run."""
    if w.page.url.startswith(w.base):
        w.page.goto("about:blank")  # a new hash alone is a same-document navigation: no reload
    w.page.goto(f"{w.base}/#lesson={lesson}{hash_}")
    wait_ready(w, lesson)


def wait_ready(w, lesson: str, source: str = "run") -> None:
    w.page.wait_for_selector(f"#lesson-{lesson}[data-ready='{source}'][data-complete='true']", timeout=TIMEOUT_MS)


def path_data(w, chart: str) -> list[str]:
    """The SVG path of every line trace in a chart: what the browser actually drew."""
    return w.page.locator(f"#{chart} .scatterlayer path.js-line").evaluate_all("els => els.map(e => e.getAttribute('d'))")


def annotation_texts(w, chart: str) -> list[str]:
    return w.page.locator(f"#{chart} .annotation-text").all_text_contents()


def readout_step(w) -> int:
    return int(w.page.get_attribute("#readout", "data-step"))


def drag_slider(w, selector: str, start: float, end: float, moves: int = 8) -> None:
    """Press on the slider at fraction `start` of its width and drag to `end`, in small moves."""
    box = w.page.locator(selector).bounding_box()
    y = box["y"] + box["height"] / 2
    x = lambda f: box["x"] + 8 + f * (box["width"] - 16)  # noqa: E731 (the thumb's travel)
    w.page.mouse.move(x(start), y)
    w.page.mouse.down()
    w.page.mouse.move(x(end), y, steps=moves)
    w.page.mouse.up()


def screenshot(w, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    w.page.wait_for_timeout(150)  # let the last frame paint
    w.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def wait_until(check, timeout_s: float = TIMEOUT_MS / 1000, what: str = "condition"):
    """Poll `check()` from Python until it is truthy (the CSP forbids string predicates in the page)."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


PLOT_PIXEL = """([id, x, y]) => { const el = document.getElementById(id);
  const fl = el._fullLayout; const r = el.getBoundingClientRect();
  return [r.left + fl.xaxis._offset + fl.xaxis.l2p(x), r.top + fl.yaxis._offset + fl.yaxis.l2p(y)]; }"""


def settled_pixel(w, chart: str, x: float, y: float) -> list[float]:
    """The page pixel of data point (x, y) on a Plotly chart, once the chart has stopped moving (what loads
    after the first chart, or text above it rewrapping, may still shift it): where a click lands."""
    def settled():
        first = w.page.evaluate(PLOT_PIXEL, [chart, x, y])
        w.page.wait_for_timeout(150)
        return first if w.page.evaluate(PLOT_PIXEL, [chart, x, y]) == first else None
    return wait_until(settled, what=f"#{chart} at rest")
