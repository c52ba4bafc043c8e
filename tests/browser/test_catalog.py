"""The page builds what it offers from the catalog (GET /api/problems, /api/optimizers, /api/limits,
inlined in index.html) and keeps no copy: its tabs, optimizers, presets and bounds are the API's."""

import re

from tests.browser.pages import TIMEOUT_MS, open_lesson, wait_ready

CATALOG_TAG = re.compile(r'<script type="application/json" id="catalog">.*?</script>', re.S)


def api(w, path):
    return w.page.request.get(w.base + path).json()


def test_tabs_optimizers_presets_and_bounds_come_from_the_api(watched):
    open_lesson(watched, "parabola")
    page = watched.page
    problems, optimizers, limits = api(watched, "/api/problems"), api(watched, "/api/optimizers"), api(watched, "/api/limits")
    tabs = page.locator("[role='tab']").evaluate_all("els => els.map((e) => e.dataset.lesson)")
    assert tabs == [p["id"] for p in problems if p["id"] in tabs] and tabs[:3] == ["parabola", "not_gate", "network"]
    options = page.locator("#optimizer option").evaluate_all("els => els.map((e) => [e.value, e.textContent])")
    assert options == [[o["id"], o["label"]] for o in optimizers]
    parabola = next(p for p in problems if p["id"] == "parabola")
    presets = page.locator("#preset option").evaluate_all("els => els.map((e) => [e.value, e.textContent])")
    assert presets == [["", "(your own)"]] + [[p["id"], p["label"]] for p in parabola["presets"]]
    assert page.get_attribute("#lr-value", "max") == str(limits["max_lr"]).removesuffix(".0")
    assert page.get_attribute("#steps", "max") == str(limits["max_steps"])
    assert page.get_attribute("#function", "maxlength") == str(limits["max_function_chars"])
    assert page.input_value("#function") == parabola["defaults"]["options"]["function"]
    not_gate = next(p for p in problems if p["id"] == "not_gate")
    variants = page.locator("#variant option").evaluate_all("els => els.map((e) => e.value)")
    assert variants == not_gate["options"]["variant"]["choices"]


def test_without_the_inlined_catalog_the_page_asks_the_api(watched):
    page = watched.page
    asked = []

    def strip(route):
        response = route.fetch()
        route.fulfill(response=response, body=CATALOG_TAG.sub("", response.text()))

    page.route(watched.base + "/", strip)
    page.on("request", lambda r: asked.append(r.url.removeprefix(watched.base)) if "/api/" in r.url else None)
    page.goto(f"{watched.base}/#lesson=not_gate&steps=7")
    wait_ready(watched, "not_gate")
    assert page.locator("#catalog").count() == 0
    assert {"/api/problems", "/api/optimizers", "/api/limits"} <= set(asked)
    assert page.get_attribute("#readout", "data-total") == "7"
    page.wait_for_selector("#notgate-landscape .main-svg", timeout=TIMEOUT_MS)
