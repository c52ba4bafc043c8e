"""Each lesson renders its charts with no console errors, no CSP violations and no outside requests."""

import pytest

from tests.browser.pages import LESSONS, TIMEOUT_MS, annotation_texts, open_lesson, screenshot, wait_ready

CHARTS = {
    "parabola": ["parabola-curve", "parabola-loss"],
    "not_gate": ["notgate-neuron", "notgate-fit", "notgate-landscape", "notgate-params", "notgate-loss"],
    "network": ["network-graph", "network-loss"],
    "surface": ["surface-map", "surface-loss"],
}


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_renders_every_chart(watched, lesson):
    open_lesson(watched, lesson)
    for chart in CHARTS[lesson]:
        watched.page.wait_for_selector(f"#{chart} .main-svg", timeout=TIMEOUT_MS)
        box = watched.page.locator(f"#{chart}").bounding_box()
        assert box["width"] > 150 and box["height"] > 100, (chart, box)
    screenshot(watched, f"lesson-{lesson}")


def test_tabs_switch_lessons_by_click_and_arrow_keys(watched):
    open_lesson(watched, "parabola")
    watched.page.click("#tab-network")
    wait_ready(watched, "network")
    assert watched.page.get_attribute("#tab-network", "aria-selected") == "true"
    assert watched.page.is_hidden("#lesson-parabola")
    watched.page.focus("#tab-network")
    watched.page.keyboard.press("ArrowLeft")
    wait_ready(watched, "not_gate")
    assert watched.page.evaluate("document.activeElement.id") == "tab-not_gate"


def test_parabola_shows_the_seeds_first_update(watched):
    open_lesson(watched, "parabola")
    assert watched.page.text_content("#parabola-formula [data-part='update']") == "x ← 5 − 0.1 × 12 = 3.8"
    first_row = watched.page.locator("#parabola-table tbody tr").first.locator("td").all_text_contents()
    assert first_row == ["0", "5", "36", "12", "3.8"]


def test_network_shows_seed_weights_and_dead_relus_after_one_step(watched):
    open_lesson(watched, "network")
    labels = annotation_texts(watched, "network-graph")
    for weight in ["−2", "8", "5", "3", "4", "2"]:
        assert weight in labels
    watched.page.click("#btn-forward")
    watched.page.wait_for_selector("#readout[data-step='1']")
    watched.page.wait_for_selector("#network-graph .annotation-text:text('−702.2')")
    assert "Stalled" in watched.page.text_content("#banner")
    assert watched.page.is_visible("#banner")
    screenshot(watched, "lesson-network-step1")


def test_a_dead_relu_says_why_on_hover(watched):
    open_lesson(watched, "network", "&k=1")
    hidden_2 = watched.page.locator("#network-graph .scatterlayer .point").nth(3).bounding_box()
    watched.page.mouse.move(hidden_2["x"] + hidden_2["width"] / 2, hidden_2["y"] + hidden_2["height"] / 2)
    hover = watched.page.wait_for_selector("#network-graph .hoverlayer .hovertext", timeout=TIMEOUT_MS)
    assert "is dead" in hover.text_content() and "≤ 0" in hover.text_content()


def test_not_gate_broadcast_bug_is_explained(watched):
    open_lesson(watched, "not_gate")
    assert watched.page.is_disabled("#broadcast-bug")
    watched.page.select_option("#variant", "linear")
    wait_ready(watched, "not_gate")
    watched.page.check("#broadcast-bug")
    watched.page.wait_for_selector("#banner:has-text('(2, 2)')", timeout=TIMEOUT_MS)
    wait_ready(watched, "not_gate")
    screenshot(watched, "lesson-not_gate-broadcast-bug")
