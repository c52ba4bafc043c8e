"""The page carries its first chart's data: the opening lesson's run and curve, requests and answers
(api/opening.py), equal to what POST /api/runs and /api/curve answer for the same bodies."""

import json
import re

import httpx
import pytest

from gradplay.api import create_app, opening
from gradplay.api.page import OPENING
from gradplay.api.settings import Settings

SLOT = re.compile(r'<script type="application/json" id="opening">(.*?)</script>', re.S)


def inlined(html: str) -> list:
    return json.loads(SLOT.search(html).group(1))


async def test_the_page_holds_the_opening_run_and_curve_as_the_api_answers_them(client):
    r = await client.get("/")
    items = inlined(r.text)
    assert [path for path, _, _ in items] == ["/api/runs", "/api/curve"]
    (_, run, run_answer), (_, curve, curve_answer) = items
    # the page's own defaults for the catalog's first lesson (catalog.js lessonDefaults, state.js runRequest)
    assert run == {"problem": "parabola", "optimizer": "gd", "lr": 0.1, "steps": 50,
                   "options": {"function": "x**2 + 2*x + 1", "x0": 5.0, "requires_grad": True}}
    # the seed preset's x range, [-7, 7], already shows x0 = 5 with its margin (requests.js curveBody)
    assert curve == {"function": "x**2 + 2*x + 1", "x_min": -7.0, "x_max": 7.0, "n": 401}
    assert run_answer == (await client.post("/api/runs", json=run)).json()
    assert curve_answer == (await client.post("/api/curve", json=curve)).json()
    assert len(run_answer["records"]) == 51 and run_answer["records"][0]["params"]["x"] == 5.0
    assert len(curve_answer["x"]) == 401
    # data, never run: the CSP is unchanged, and the page is as cacheable as before
    assert r.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self';")
    again = await client.get("/")
    assert again.text == r.text and again.headers["etag"] == r.headers["etag"]
    assert (await client.get("/", headers={"if-none-match": r.headers["etag"]})).status_code == 304


@pytest.mark.parametrize("settings", [Settings(max_steps=10)])
async def test_defaults_this_server_refuses_leave_the_slot_empty_for_good(client, app):
    html = (await client.get("/")).text
    assert OPENING in html and inlined(html) == []  # the page asks for its run itself (and is told why not)
    cache = app.state.context.cache.counters()
    await client.get("/")
    assert app.state.context.cache.counters() == cache  # refused once: not asked again on every visit


async def test_a_page_without_the_slot_costs_no_run(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><head></head><body></body>")
    other = create_app(Settings(frontend_dir=tmp_path))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=other), base_url="http://localhost") as c:
        assert 'id="opening"' not in (await c.get("/")).text
    assert other.state.context.cache.counters()["entries"] == 0


def test_no_text_in_an_answer_can_close_the_tag():
    tag = opening.opening_tag([("/api/curve", {"function": "</script>"}, b'{"x": "</script><!-- a"}')])
    assert tag.count("</") == 1 and "<!--" not in tag
    body = tag[tag.index(">") + 1:-len("</script>")]
    assert json.loads(body) == [["/api/curve", {"function": "</script>"}, {"x": "</script><!-- a"}]]


def test_a_lesson_whose_run_streams_inlines_no_run():
    catalog = {"problems": [{"id": "p", "defaults": {"optimizer": "gd", "lr": 0.1, "steps": 501, "hyper": {},
                                                     "options": {}}, "options": {}, "presets": []}],
               "optimizers": [{"id": "gd", "hyperparameters": {}}]}
    assert opening.requests(catalog) == []


@pytest.mark.parametrize("settings", [Settings(allowed_hosts=("classroom.local",))])
async def test_a_page_asked_for_by_another_host_name_is_filled_too(app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://classroom.local:8000") as c:
        r = await c.get("/")
    assert r.status_code == 200 and [path for path, _, _ in inlined(r.text)] == ["/api/runs", "/api/curve"]
