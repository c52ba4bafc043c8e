"""The page works with the network cut to everything but its own server: nothing it loads lives elsewhere."""

from pathlib import Path

from tests.browser.pages import LESSONS, open_lesson

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
    from gradplay.api.static import PLOTLY_URL

    assert f'src="{PLOTLY_URL}"' in INDEX.read_text(), "index.html must name the plotly.js version the server has"


def test_plotly_url_is_cached_for_a_year(watched):
    from gradplay.api.static import PLOTLY_URL

    response = watched.page.request.get(watched.base + PLOTLY_URL)
    assert response.ok and "immutable" in response.headers["cache-control"]


def test_opening_a_lesson_asks_for_each_thing_once(watched):
    asked = []
    watched.page.on("request", lambda r: asked.append(r.url.split("/api/")[1]) if "/api/" in r.url else None)
    open_lesson(watched, "parabola")
    watched.page.wait_for_selector("#lesson-parabola[data-sweep='ready']")
    assert sorted(asked) == ["curve", "runs", "sweeps"]
