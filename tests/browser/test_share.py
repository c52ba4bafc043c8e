"""Shareable links: every setting lives in the URL, a copied link opens the identical view in a fresh
browser, the hash can be edited live, and old or odd links still open (unknown keys ignored, missing default)."""

import json

import pytest

from tests.browser.classroom_pages import open_link, snapshot
from tests.browser.conftest import VIEWPORT, WATCH_CSP, Watched
from tests.browser.pages import TIMEOUT_MS, annotation_texts, path_data, wait_until

DRAWN = ["notgate-landscape", "notgate-loss", "notgate-fit"]


def drawn(w) -> dict:
    """What the browser drew: readout, every line of the charts, the neuron's labels, the options shown."""
    return {"readout": w.page.text_content("#readout"), "paths": {c: path_data(w, c) for c in DRAWN},
            "neuron": annotation_texts(w, "notgate-neuron"),
            "controls": {i: w.page.input_value(f"#{i}") for i in ("lr-value", "optimizer", "steps", "speed", "variant")}}


def set_up_a_lesson_by_hand(page):
    """Change everything a link must carry, the way a teacher would."""
    page.keyboard.press("2")
    page.wait_for_selector("#lesson-not_gate[data-ready='run']", timeout=TIMEOUT_MS)
    page.select_option("#optimizer", "momentum")
    page.click("#btn-hyper")
    page.wait_for_selector("#hyper-panel input[data-hyper='momentum']", timeout=TIMEOUT_MS)
    page.fill("#hyper-panel input[data-hyper='momentum']", "0.5")
    page.press("#hyper-panel input[data-hyper='momentum']", "Enter")
    page.click("#btn-hyper")
    page.fill("#steps", "30")
    page.press("#steps", "Enter")
    page.select_option("#variant", "module")
    page.select_option("#speed", "10")
    page.focus("#btn-play")
    page.keyboard.press("[")  # lr 10 -> 8
    page.wait_for_selector("#lesson-not_gate[data-ready='run'][data-complete='true']", timeout=TIMEOUT_MS)
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("p")


def test_a_copied_link_opens_the_identical_view_in_a_fresh_browser(watched, browser):
    page = watched.page
    open_link(watched, "lesson=parabola", "#lesson-parabola[data-ready='run']")
    set_up_a_lesson_by_hand(page)
    wait_until(lambda: snapshot(watched)["settings"]["hyper"] == {"momentum": 0.5}, what="momentum 0.5")
    page.wait_for_selector("#readout[data-step='7']")
    page.click("#btn-classroom")
    page.click("#btn-share")
    page.check("#share-panel [data-hide='steps']")
    page.wait_for_selector("#share-status:has-text('Copied')", timeout=TIMEOUT_MS)
    link = page.input_value("#share-url")
    assert "h.momentum=0.5" in link and "presenter=1" in link and "hide=steps" in link
    page.keyboard.press("Escape")
    page.wait_for_selector("#share-panel", state="hidden")
    page.wait_for_selector("#lesson-not_gate[data-ready='run'][data-step='7']", timeout=TIMEOUT_MS)
    before, before_drawn = snapshot(watched), drawn(watched)
    assert before["settings"] == {"optimizer": "momentum", "lr": 8, "steps": 30, "hyper": {"momentum": 0.5},
                                  "options": {"variant": "module", "init": "seed", "broadcast_bug": False}}
    assert (before["step"], before["speed"], before["presenter"], before["hide"]) == (7, 10, True, ["steps"])

    fresh = browser.new_context(viewport=VIEWPORT)  # another browser profile: no state shared
    try:
        other = fresh.new_page()
        other.add_init_script(WATCH_CSP)
        w2 = Watched(other, watched.base)
        other.goto(link)
        other.wait_for_selector("#lesson-not_gate[data-ready='run'][data-step='7']", timeout=TIMEOUT_MS)
        other.wait_for_selector("html[data-presenter][data-classroom='ready']", state="attached")
        assert snapshot(w2) == before
        try:  # the charts settle once the classroom modules have hidden what the link hides
            wait_until(lambda: drawn(w2) == before_drawn, timeout_s=5, what="the same drawing")
        except AssertionError:
            assert drawn(w2) == before_drawn
        assert other.is_hidden("#steps") and other.is_visible("#lr-value")
        assert w2.unexpected_errors() == [] and w2.outside == []
    finally:
        fresh.close()


def test_the_hash_is_live_editing_it_or_going_back_changes_the_view(watched):
    page = watched.page
    open_link(watched, "lesson=parabola", "#lesson-parabola[data-ready='run']")
    page.evaluate("location.hash = '#lesson=network&lr=0.0001&k=7&presenter=1'")
    page.wait_for_selector("#lesson-network[data-ready='run'][data-step='7']", timeout=TIMEOUT_MS)
    state = snapshot(watched)
    assert (state["lesson"], state["settings"]["lr"], state["presenter"]) == ("network", 0.0001, True)
    page.go_back()
    page.wait_for_selector("#lesson-parabola[data-ready='run'][data-step='0']", timeout=TIMEOUT_MS)
    assert snapshot(watched)["presenter"] is False


@pytest.mark.parametrize("hash_, expect", [
    # keys a future version might add, and values that do not fit: ignored, the rest still applies
    ("lesson=network&lr=0.0001&zoom=3&theme=dark&k=2", {"lesson": "network", "lr": 0.0001, "step": 2}),
    ("lesson=parabola&opt=lbfgs&lr=-1&steps=abc&h.momentum=0.5&hide=nothing,steps&race=sgd:zz,adam:0.5&thr=-2",
     {"lesson": "parabola", "optimizer": "gd", "lr": 0.1, "steps": 50, "hyper": {}, "hide": ["steps"],
      "race": {"entries": [{"optimizer": "adam", "lr": 0.5}], "rule": "threshold", "threshold": 0.01}}),
    ("", {"lesson": "parabola", "optimizer": "gd", "lr": 0.1, "steps": 50, "step": 0, "presenter": False}),
])
def test_old_and_odd_links_still_open(watched, hash_, expect):
    open_link(watched, hash_)
    watched.page.wait_for_selector(f"#lesson-{expect['lesson']}[data-ready='run']", state="attached", timeout=TIMEOUT_MS)
    state = snapshot(watched)
    flat = {**state, **state["settings"]}
    assert {k: flat[k] for k in expect} == expect


def test_copy_link_falls_back_to_a_selected_field_without_the_clipboard_api(watched):
    page = watched.page
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined })")  # plain http on a LAN
    open_link(watched, "lesson=parabola&k=3", "#lesson-parabola[data-ready='run']")
    page.keyboard.press("l")
    page.wait_for_selector("#share-panel:not([hidden])")
    page.wait_for_selector("#share-status:not(:empty)")
    selected = page.evaluate("""() => { const f = document.activeElement;
      return [f.id, f.selectionStart, f.selectionEnd, f.value.length]; }""")
    assert selected[0] == "share-url" and selected[1] == 0 and selected[2] == selected[3] > 0
    assert page.input_value("#share-url").endswith("&k=3&speed=5&function=x**2+%2B+2*x+%2B+1&x0=5&requires_grad=true")


def test_the_hyperparameter_names_match_the_api(watched):
    open_link(watched, "lesson=parabola", "#lesson-parabola[data-ready='run']")
    # the page's own instance of the module (its versioned URL), which has read the inlined catalog
    names = watched.page.evaluate("""import(document.querySelector('script[src$="/js/main.js"]').src
      .replace(/main[.]js$/, 'core/catalog.js')).then((m) =>
      JSON.stringify(Object.fromEntries(m.optimizerIds().map((id) => [id, m.hyperNames(id)]))))""")
    api = watched.page.request.get(watched.base + "/api/optimizers").json()
    assert json.loads(names) == {o["id"]: list(o["hyperparameters"]) for o in api}
