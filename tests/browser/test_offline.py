"""The page works with the network cut to everything but its own server: nothing it loads lives elsewhere."""

from pathlib import Path

from tests.browser.pages import LESSONS, TIMEOUT_MS, open_lesson

INDEX = Path(__file__).resolve().parents[2] / "frontend" / "index.html"
REFERENCES = """() => [...document.querySelectorAll('[src], [href]')]
  .map((el) => el.getAttribute('src') ?? el.getAttribute('href'))"""


def test_every_lesson_loads_with_only_the_server_reachable(watched):
    for lesson in LESSONS:  # the fixture aborts and reports any request off the server
        open_lesson(watched, lesson)
    assert watched.outside == []


def test_the_page_references_only_its_own_files(watched):
    open_lesson(watched, "parabola")
    for ref in watched.page.evaluate(REFERENCES):
        assert ref.startswith(("/", "#")), ref
    icon = watched.page.request.get(watched.base + "/favicon.svg")
    assert icon.ok and "svg" in icon.headers["content-type"]


def test_plotly_is_loaded_from_the_versioned_url_the_server_caches():
    from gradplay.api.static import CARTESIAN_URL

    assert f'href="{CARTESIAN_URL}"' in INDEX.read_text(), "index.html must name the plotly.js build the server has"


def test_plotly_url_is_cached_for_a_year(watched):
    from gradplay.api.static import CARTESIAN_URL

    response = watched.page.request.get(watched.base + CARTESIAN_URL)
    assert response.ok and "immutable" in response.headers["cache-control"]


def drawn_trace_types(w) -> set[str]:
    return set(w.page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
      .flatMap((el) => (el.data ?? []).map((t) => t.type ?? 'scatter'))"""))


def test_every_trace_the_page_draws_is_in_the_cartesian_build(watched):
    """The cartesian build quietly hides traces of a type it lacks: every chart, panel and race is checked."""
    drawn = set()
    for lesson in LESSONS:
        open_lesson(watched, lesson)
        # the race's key lives in the classroom modules, which load just after the first chart
        watched.page.wait_for_selector("html[data-classroom='ready']", state="attached", timeout=TIMEOUT_MS)
        watched.page.keyboard.press("g")  # the gradient's graph
        watched.page.wait_for_selector("#gradgraph .gradgraph-figure .annotation-text", timeout=TIMEOUT_MS)
        watched.page.keyboard.press("o")  # the optimizer race
        watched.page.wait_for_selector("#race[data-ready='true']", timeout=TIMEOUT_MS)
        drawn |= drawn_trace_types(watched)
    assert drawn >= {"scatter", "contour"}  # the loss landscape is a contour
    registered = set(watched.page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
    assert drawn <= registered, f"not in the cartesian build: {drawn - registered}"
    assert "scatter3d" not in registered  # the page does have the partial build


def test_without_the_cartesian_build_the_page_falls_back_to_the_full_one(watched):
    from gradplay.api.static import CARTESIAN_URL, PLOTLY_FILE

    fallback = []
    watched.page.route(f"**{CARTESIAN_URL}", lambda route: route.fulfill(status=404, body="gone"))
    watched.page.on("request", lambda r: fallback.append(r.url) if r.url.endswith("/vendor/plotly.min.js") else None)
    watched.allowed_errors.append("404")  # chromium logs the failed script load
    open_lesson(watched, "not_gate")
    assert fallback == [watched.base + "/vendor/plotly.min.js"]
    assert "scatter3d" in watched.page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)")
    assert watched.page.locator("#lesson-not_gate .js-plotly-plot").count() >= 3
    assert PLOTLY_FILE.exists()


def test_opening_a_lesson_asks_for_each_thing_once(watched):
    asked = []
    watched.page.on("request", lambda r: asked.append(r.url.split("/api/")[1]) if "/api/" in r.url else None)
    open_lesson(watched, "not_gate")
    watched.page.wait_for_selector("#lesson-not_gate[data-sweep='ready']")
    assert sorted(asked) == ["landscape", "runs", "sweeps"]
    asked.clear()
    open_lesson(watched, "parabola")  # at its defaults: its run and curve are in the page (api/opening.py)
    watched.page.wait_for_selector("#lesson-parabola[data-sweep='ready']")
    assert asked == ["sweeps"]
