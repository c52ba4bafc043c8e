"""A link opening classify shows its first epoch's map before plotly.js has run (views/classifyFirstPicture.js):
the picture is on a canvas, in the very square the Plotly figure later uses; boot.js starts the run's stream
before main.js has run (core/prefetch.js), and each thing is still asked for once, whichever script runs first.

plotly.js, main.js or boot.js is held back by a route that answers only when the test lets it go."""

import json
from collections import Counter

from tests.browser.pages import TIMEOUT_MS, screenshot, wait_until

URL_HASH = "#lesson=classify&steps=40"
LOW, MID, HIGH = (230, 159, 0), (255, 255, 255), (0, 114, 178)  # classifyPictures.js's scale
CANVAS = "#classify-boundary canvas.first-picture"
RECT = """(sel) => { const e = document.querySelector(sel); if (!e) return null;
  const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }"""
# the canvas's corner pixels (the data never reach the square's corners) and the first record's lattice corners
CORNERS = """() => { const c = document.querySelector('#classify-boundary canvas.first-picture');
  const g = c.getContext('2d'); const n = c.width - 3;
  const px = [[2, 2], [n, 2], [2, n], [n, n]].map(([x, y]) => [...g.getImageData(x, y, 1, 1).data]);
  const b = window.__firstRecord.extras.boundary; const m = b.length - 1;
  return { px, lattice: [b[m][0], b[m][m], b[0][0], b[0][m]] }; }"""


def held(page, pattern: str) -> list:
    """Requests matching `pattern` wait in the returned list until the test continues them."""
    waiting = []
    page.route(pattern, lambda route: waiting.append(route))
    return waiting


def release(waiting: list) -> None:
    for route in waiting:
        route.continue_()
    waiting.clear()


def colour(t: float) -> tuple:
    a, b, f = (LOW, MID, t * 2) if t < 0.5 else (MID, HIGH, t * 2 - 1)
    return tuple(round(x + (y - x) * f) for x, y in zip(a, b))


def api_requests(page) -> list:
    asked = []
    page.on("request", lambda r: asked.append((r.url.split("/api/")[1], r.post_data)) if "/api/" in r.url else None)
    return asked


def test_the_first_map_is_on_screen_before_plotly_has_run_and_where_plotly_puts_it(watched):
    page = watched.page
    plotly = held(page, "**/vendor/plotly*")
    asked = api_requests(page)
    page.goto(watched.base + "/" + URL_HASH, wait_until="commit")  # the load event waits for plotly.js
    wait_until(lambda: page.evaluate("() => window.__gradplayPerf?.firstPicture.classify?.painted > 0"),
               TIMEOUT_MS * 3 / 1000, "the first picture painted")
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert len(plotly) >= 1  # plotly.js was asked for and is still held
    page.evaluate("() => { window.__firstRecord = window.gradplay.store.state.data.classify.records[0]; }")
    drawn = page.evaluate(CORNERS)
    for got, value in zip(drawn["px"], drawn["lattice"]):
        assert got[3] == 255 and all(abs(g - e) <= 12 for g, e in zip(got[:3], colour(value))), (got, value)
    before = page.evaluate(RECT, CANVAS)
    assert before[2] == before[3] > 50  # a square, drawn at its size
    assert page.locator("#classify-stats [data-part='epoch']").text_content() == "0"
    screenshot(watched, "classify-first-picture-before-plotly")

    release(plotly)
    page.unroute("**/vendor/plotly*")
    page.wait_for_selector("#classify-boundary .imagelayer image", state="attached", timeout=TIMEOUT_MS)
    after = page.evaluate(RECT, "#classify-boundary .imagelayer image")
    assert all(abs(a - b) <= 1 for a, b in zip(before, after)), (before, after)  # no jump
    page.wait_for_selector(CANVAS, state="detached", timeout=TIMEOUT_MS)  # Plotly's picture took over
    page.wait_for_selector("#lesson-classify[data-ready='stream'][data-complete='true']", timeout=TIMEOUT_MS * 3)
    screenshot(watched, "classify-first-picture-after-plotly")
    assert [p for p, _ in asked].count("runs/stream") == 1


def test_the_stream_starts_before_main_js_has_run(watched):
    page = watched.page
    main = held(page, "**/js/main.js")
    asked = api_requests(page)
    page.goto(watched.base + "/" + URL_HASH, wait_until="commit")
    asked_for_stream = lambda: "runs/stream" in [p for p, _ in asked] and main  # noqa: E731
    wait_until(lambda: page.wait_for_timeout(50) or asked_for_stream(), TIMEOUT_MS / 1000, "the stream asked for")  # events in
    assert page.evaluate("typeof window.gradplay") == "undefined"  # main.js has not run
    release(main)
    page.wait_for_selector("#lesson-classify[data-ready='stream'][data-complete='true']", timeout=TIMEOUT_MS * 3)
    counts = Counter(asked)
    assert counts and max(counts.values()) == 1, counts
    stream = [json.loads(body) for path, body in asked if path == "runs/stream"]
    assert len(stream) == 1 and stream[0]["steps"] == 40
    assert page.evaluate("window.gradplay.store.state.data.classify.records.length") == 41


def test_a_late_boot_js_asks_for_nothing_the_page_has_asked_for(watched):
    page = watched.page
    boot = held(page, "**/js/boot.js")
    asked = api_requests(page)
    page.goto(watched.base + "/" + URL_HASH, wait_until="commit")
    page.wait_for_selector("#lesson-classify[data-ready='stream'][data-complete='true']", timeout=TIMEOUT_MS * 3)
    assert boot  # main.js drew without it
    release(boot)
    page.wait_for_timeout(500)  # boot.js runs, finds every request made
    counts = Counter(asked)
    assert [p for p, _ in asked].count("runs/stream") == 1 and max(counts.values()) == 1, counts


# when plotly.js defines window.Plotly, and when main.js ran (index.html only preloads plotly.js: core/plotly.js runs it)
PLOTLY_AT = """(() => { let p; window.__plotlyAt = null;
  Object.defineProperty(window, 'Plotly', { configurable: true, get: () => p,
    set: (v) => { p = v; window.__plotlyAt ??= performance.now(); } }); })();"""


def test_a_classify_link_runs_plotly_only_after_its_first_map_is_painted(watched):
    page = watched.page
    page.add_init_script(PLOTLY_AT)
    page.goto(watched.base + "/" + URL_HASH)
    wait_until(lambda: page.evaluate("() => window.__plotlyAt !== null"), what="plotly.js to run")
    painted = page.evaluate("() => window.__gradplayPerf.firstPicture.classify.painted")
    assert painted is not None and painted < page.evaluate("() => window.__plotlyAt")
    page.wait_for_selector("#lesson-classify[data-ready]", timeout=TIMEOUT_MS)  # and then Plotly draws every view


def test_any_other_page_runs_plotly_before_main_js_has_built_anything(watched):
    page = watched.page
    page.add_init_script(PLOTLY_AT)
    main = held(page, "**/js/main.js")
    page.goto(watched.base + "/#lesson=not_gate", wait_until="commit")
    wait_until(lambda: page.evaluate("() => window.__plotlyAt !== null"), what="plotly.js to run, asked by boot.js")
    assert len(main) >= 1 and page.evaluate("() => window.gradplay === undefined")  # main.js is still held
    release(main)
    page.unroute("**/js/main.js")
    page.wait_for_selector("#lesson-not_gate[data-ready]", timeout=TIMEOUT_MS)
