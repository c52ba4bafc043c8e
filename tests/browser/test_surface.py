"""The surface lesson on the page: a function of (x, y) as a contour with the path, the preset's minima starred,
a click that starts the run there, typed functions through the safe parser, and its URL state. The oracle is
a plain torch loop written here."""

import torch

from tests.browser.classroom_pages import open_link, snapshot
from tests.browser.pages import TIMEOUT_MS, open_lesson, screenshot, settled_pixel, wait_ready, wait_until

MAP = "#surface-map"
TRACES = """() => document.querySelector('#surface-map').data.map((t) => ({ x: t.x, y: t.y, text: t.text ?? null,
  mode: t.mode ?? null, type: t.type ?? null }))"""


def adam_on_rosenbrock(steps: int) -> list[tuple[float, float]]:
    """(x, y) after each update: torch.optim.Adam, lr 0.05, from (-1.5, 2), on float32 leaves."""
    x, y = torch.tensor(-1.5, requires_grad=True), torch.tensor(2.0, requires_grad=True)
    opt = torch.optim.Adam([x, y], lr=0.05)
    path = [(x.item(), y.item())]
    for _ in range(steps):
        ((1 - x) ** 2 + 100 * (y - x ** 2) ** 2).backward()
        opt.step()
        opt.zero_grad()
        path.append((x.item(), y.item()))
    return path


def test_the_default_run_is_adam_on_rosenbrock_drawn_on_its_contour(watched):
    open_lesson(watched, "surface")
    traces = watched.page.evaluate(TRACES)
    assert traces[0]["type"] == "contour"
    ghost = traces[1]  # the whole run's path, as the records give it
    expected = adam_on_rosenbrock(300)
    assert list(zip(ghost["x"], ghost["y"]))[:50] == expected[:50]
    stars = [t for t in traces if t["mode"] == "markers+text"]
    assert len(stars) == 1 and stars[0]["x"] == [1.0] and stars[0]["y"] == [1.0]  # Rosenbrock's minimum
    assert "narrow curved valley" in watched.page.text_content("#banner")
    screenshot(watched, "surface-rosenbrock")


def test_a_click_on_the_map_starts_the_run_there(watched):
    open_lesson(watched, "surface", "&opt=momentum&lr=0.001&steps=40")
    # what loads after the first chart (the classroom's buttons) may still move the map: click where it has settled
    watched.page.wait_for_selector("html[data-classroom='ready']", timeout=TIMEOUT_MS)
    watched.page.mouse.click(*settled_pixel(watched, "surface-map", 0.5, -0.5))
    options = wait_until(lambda: (o := snapshot(watched)["settings"]["options"])["x0"] != -1.5 and o,
                         what="the clicked start")
    assert abs(options["x0"] - 0.5) < 0.02 and abs(options["y0"] + 0.5) < 0.02
    start = lambda: watched.page.evaluate(  # noqa: E731 (the run's first record: float32 of the start)
        "() => { const r = window.gradplay.store.state.data.surface.records[0]; return r && [r.params.x, r.params.y]; }")
    wait_until(lambda: (xy := start()) and abs(xy[0] - options["x0"]) < 1e-6 and abs(xy[1] - options["y0"]) < 1e-6,
               what="a run from the clicked start")
    watched.page.wait_for_selector("#lesson-surface[data-ready='run'][data-complete='true']", timeout=TIMEOUT_MS)


def test_presets_star_their_minima_and_a_bad_function_is_refused(watched):
    open_lesson(watched, "surface")
    watched.page.select_option("#surface-preset", "himmelblau")
    wait_until(lambda: any(len(t["x"] or []) == 4 for t in watched.page.evaluate(TRACES) if t["mode"] == "markers+text"),
               what="Himmelblau's four minima")
    watched.allowed_errors.append("status of 422")  # the browser logs the refused request itself
    watched.page.fill("#surface-function", "x**2 + z")
    watched.page.click("#surface-function-form button[type=submit]")
    watched.page.wait_for_selector("#surface-function-error:not([hidden])", timeout=TIMEOUT_MS)
    assert "z" in watched.page.text_content("#surface-function-error")
    assert snapshot(watched)["settings"]["options"]["function"] == "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"


def test_a_link_carries_the_function_and_the_start(watched):
    open_link(watched, "lesson=surface&opt=sgd&lr=0.1&steps=100&function=x**2%20-%20y**2&x0=-2&y0=0",
              "#lesson-surface[data-ready='run'][data-complete='true']")
    settings = snapshot(watched)["settings"]
    assert settings["options"] == {"function": "x**2 - y**2", "x0": -2, "y0": 0}
    assert watched.page.input_value("#surface-preset") == "saddle"
    # on y = 0 the run rolls into the saddle and stays: the page says it is not a minimum
    watched.page.wait_for_selector("#banner:has-text('not a minimum')", timeout=TIMEOUT_MS)


def test_presenter_mode_at_1024(watched):
    watched.page.set_viewport_size({"width": 1024, "height": 768})
    open_link(watched, "lesson=surface&presenter=1&k=60", "#lesson-surface[data-ready='run'][data-complete='true']")
    wait_ready(watched, "surface")
    screenshot(watched, "surface-presenter-1024")
    heights = watched.page.locator("#lesson-surface .chart").evaluate_all(
        "els => els.map((e) => e.getBoundingClientRect().height)")
    assert all(h > 0.25 * 768 for h in heights), heights
