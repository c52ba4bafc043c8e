"""The first chart waits for no request to the API: the page holds the opening lesson's run and curve
(api/opening.py), and the sweep behind the slider is asked for once the chart is on screen."""

from tests.browser.pages import TIMEOUT_MS, wait_ready

# every /api/ request the page made: [path, startTime] (ms since navigation, as firstChartPainted)
API_REQUESTS = """() => performance.getEntriesByType('resource')
  .map((e) => [new URL(e.name).pathname, e.startTime]).filter(([path]) => path.startsWith('/api/'))"""


def first_chart_and_api_requests(w, hash_: str = "") -> tuple[float, list]:
    w.page.goto("about:blank")
    w.page.goto(f"{w.base}/{hash_}")
    w.page.wait_for_selector("html[data-first-chart]", timeout=TIMEOUT_MS)
    return w.page.evaluate("window.__gradplayPerf.firstChartPainted"), w.page.evaluate(API_REQUESTS)


def test_the_default_page_draws_its_first_chart_before_any_api_request(watched):
    painted, requests = first_chart_and_api_requests(watched)
    assert [path for path, start in requests if start < painted] == []
    wait_ready(watched, "parabola")  # the inlined run, drawn: 50 steps from x0 = 5
    assert watched.page.locator("#lesson-parabola").get_attribute("data-complete") == "true"
    assert watched.page.evaluate("window.gradplay.store.state.data.parabola.records.length") == 51
    assert watched.page.evaluate("window.gradplay.store.state.data.parabola.curve.x.length") == 401
    # the sweep follows the chart, and the run and curve are never asked for
    watched.page.wait_for_selector("#lesson-parabola[data-sweep='ready']", timeout=TIMEOUT_MS)
    requests = watched.page.evaluate(API_REQUESTS)
    assert [path for path, _ in requests] == ["/api/sweeps"] and requests[0][1] >= painted


def test_a_link_to_another_lr_asks_for_its_run_and_takes_the_inlined_curve(watched):
    painted, requests = first_chart_and_api_requests(watched, "#lesson=parabola&lr=0.3")
    paths = [path for path, _ in requests]
    assert "/api/runs" in paths and "/api/curve" not in paths  # the same function and x0: the same curve
    wait_ready(watched, "parabola")
    assert watched.page.evaluate("window.gradplay.store.state.lessons.parabola.lr") == 0.3
    assert "/api/sweeps" not in {path for path, start in requests if start < painted}
