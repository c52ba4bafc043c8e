"""The "How torch got this gradient" panel: walking backprop ends at the lesson's own gradients, on every lesson."""

import re

import pytest

from tests.browser.pages import TIMEOUT_MS, open_lesson, readout_step, screenshot, wait_until

PANEL = "#gradgraph"
RESULT = "#gradgraph-body [data-part='result']"


def open_panel(w, step: int, by_key: bool = False) -> int:
    """Open the panel (button or G) and wait for the graph of `step`; returns how many nodes backward visits."""
    if by_key:
        w.page.keyboard.press("g")
    else:
        w.page.click("#gradgraph-toggle")
    w.page.wait_for_selector("#gradgraph-toggle[aria-expanded='true']", timeout=TIMEOUT_MS)
    w.page.wait_for_selector(f"{PANEL}[data-status='ready'][data-step='{step}']", timeout=TIMEOUT_MS)
    w.page.wait_for_selector(f"{PANEL} .gradgraph-figure .annotation-text", timeout=TIMEOUT_MS)
    return int(w.page.text_content("#gradgraph-progress").split("/")[1])


def walk_backprop(w, total: int, by_key: bool = False, start: int = 0) -> None:
    """Light the nodes from `start` to `total` in backward order, one press at a time; at the end, check it says so."""
    for reached in range(start + 1, total + 1):
        if by_key:
            w.page.keyboard.press("b")
        else:
            w.page.click("#gradgraph-next")
        w.page.wait_for_selector(f"{PANEL}[data-reached='{reached}']", timeout=TIMEOUT_MS)
    if total == int(w.page.text_content("#gradgraph-progress").split("/")[1]):
        assert w.page.is_disabled("#gradgraph-next")
        assert "done" in w.page.text_content("#gradgraph-body [data-part='heading']")


def box_texts(w) -> list[str]:
    return w.page.locator(f"{PANEL} .gradgraph-figure .annotation-text").all_text_contents()


def record_grads(w, lesson: str, step: int) -> dict:
    return w.page.evaluate(f"window.gradplay.store.state.data['{lesson}'].records[{step}].grads")


def numbers(text: str) -> list[float]:
    return [float(n.replace("\u2212", "-")) for n in re.findall(r"[\u2212-]?\d+(?:\.\d+)?(?:e[\u2212+-]?\d+)?", text)]


def flat(value) -> list[float]:
    return [x for v in value for x in flat(v)] if isinstance(value, list) else [value]


def test_parabola_backprop_ends_at_x_grad_12(watched):
    open_lesson(watched, "parabola")
    assert watched.page.is_hidden("#gradgraph-body")
    total = open_panel(watched, 0)
    assert total == 5  # +, +, ×, (·)², x
    assert "grad ?" in " ".join(box_texts(watched))
    walk_backprop(watched, total)
    assert watched.page.text_content(RESULT) == "x.grad = 12"
    lines = watched.page.locator("#gradgraph-body [data-part='lines'] li").all_text_contents()
    assert lines == ["from (·)²: 2·5 × 1 = 10", "from ×: 2 × 1 = 2", "accumulated: 10 + 2 = 12", "this is x.grad"]
    assert any(t.startswith("x") and "grad 12" in t for t in box_texts(watched))
    assert record_grads(watched, "parabola", 0) == {"x": 12.0}
    screenshot(watched, "grad-graph-parabola")


def test_parabola_at_a_later_step_ends_at_that_records_grad(watched):
    open_lesson(watched, "parabola", "&k=3")
    total = open_panel(watched, 3, by_key=True)
    walk_backprop(watched, 3, by_key=True)
    screenshot(watched, "grad-graph-parabola-midway")
    walk_backprop(watched, total, by_key=True, start=3)
    shown = numbers(watched.page.text_content(RESULT))
    assert shown == pytest.approx([record_grads(watched, "parabola", 3)["x"]], rel=1e-5)
    watched.page.keyboard.press("Shift+B")
    watched.page.wait_for_selector(f"{PANEL}[data-reached='0']", timeout=TIMEOUT_MS)
    assert watched.page.text_content("#gradgraph-progress") == f"0 / {total}"


def test_the_panel_follows_the_step_shown(watched):
    open_lesson(watched, "parabola")
    total = open_panel(watched, 0)
    walk_backprop(watched, total)
    watched.page.click("#btn-forward")
    watched.page.wait_for_selector(f"{PANEL}[data-status='ready'][data-step='1']", timeout=TIMEOUT_MS)
    texts = " ".join(box_texts(watched))
    assert "= 3.8" in texts  # x after one update
    assert watched.page.get_attribute(PANEL, "data-reached") == str(total)  # same ops: the walk is kept
    assert numbers(watched.page.text_content(RESULT)) == pytest.approx([record_grads(watched, "parabola", 1)["x"]],
                                                                       rel=1e-5)


def test_the_panel_follows_the_lesson(watched):
    open_lesson(watched, "parabola")
    open_panel(watched, 0)
    watched.page.click("#tab-network")
    watched.page.wait_for_selector("#lesson-network[data-complete='true']", timeout=TIMEOUT_MS)
    wait_until(lambda: any(t.startswith("linear1.weight") for t in box_texts(watched)), what="the network's graph")
    assert watched.page.get_attribute(PANEL, "data-status") == "ready"
    assert not any(t.startswith("x= 5") for t in box_texts(watched))  # the parabola's x = 5 is gone
    assert watched.page.text_content("#gradgraph-progress") == "0 / 13"


def test_playing_waits_and_the_panel_catches_up_on_pause(watched):
    open_lesson(watched, "network", "&lr=0.0001")
    open_panel(watched, 0)
    watched.page.select_option("#speed", "10")
    watched.page.click("#btn-play")
    wait_until(lambda: readout_step(watched) >= 3, what="step 3")
    watched.page.click("#btn-play")  # pause
    step = watched.page.evaluate("window.gradplay.store.state.step")
    watched.page.wait_for_selector(f"{PANEL}[data-status='ready'][data-step='{step}']", timeout=TIMEOUT_MS)


@pytest.mark.parametrize("lesson", ["not_gate", "network"])
def test_lesson_panel_renders_and_backprop_ends_at_the_records_grads(watched, lesson):
    open_lesson(watched, lesson)
    total = open_panel(watched, 0)
    walk_backprop(watched, total, by_key=True)
    name, shown = watched.page.text_content(RESULT).split(".grad = ")
    assert numbers(shown) == pytest.approx(flat(record_grads(watched, lesson, 0)[name]), rel=1e-5)
    screenshot(watched, f"grad-graph-{lesson}")


def test_the_panel_is_labelled_and_reachable_by_keyboard(watched):
    open_lesson(watched, "parabola")
    watched.page.focus("#gradgraph-toggle")
    watched.page.keyboard.press("Enter")
    watched.page.wait_for_selector(f"{PANEL}[data-status='ready']", timeout=TIMEOUT_MS)
    watched.page.keyboard.press("Tab")
    assert watched.page.evaluate("document.activeElement.id") == "gradgraph-next"
    watched.page.keyboard.press("Enter")
    watched.page.wait_for_selector(f"{PANEL}[data-reached='1']", timeout=TIMEOUT_MS)
    label = watched.page.get_attribute(f"{PANEL} .gradgraph-figure", "aria-label")
    assert "x = 5" in label and "reached 1 of 5" in label
    assert watched.page.get_attribute(f"{PANEL} .gradgraph-explain", "aria-live") == "polite"
    watched.page.keyboard.press("g")
    watched.page.wait_for_selector("#gradgraph-body", state="hidden", timeout=TIMEOUT_MS)
    assert watched.page.get_attribute("#gradgraph-toggle", "aria-expanded") == "false"


def test_not_gate_boxes_write_their_small_values_out_at_1280(watched):
    """Values of up to 4 numbers are written out (with fewer digits if need be), not shown as a bare shape;
    a gradient may still give way to its shape where the row is full (it is in the text and on hover)."""
    open_lesson(watched, "not_gate")
    total = open_panel(watched, 0)
    walk_backprop(watched, total)
    texts = box_texts(watched)
    assert not [t for t in texts if re.search(r"= \d+×\d+", t)], texts
    sigma = next(t for t in texts if t.startswith("σ"))
    assert numbers(sigma.split("grad")[0]) == pytest.approx([0.73, 0.98], abs=0.005)  # sigmoid(1), sigmoid(4)
    # digits are shared out a level at a time: σ's gradient (the same as − passes back) is written out too
    assert numbers(sigma.split("grad")[1]) == pytest.approx([-0.269, 0.982], abs=0.0005)


def test_brief_gives_up_digits_before_numbers(watched):
    open_lesson(watched, "parabola")
    brief = lambda value, chars: watched.page.evaluate(  # noqa: E731
        "([v, c]) => import('/js/gradgraph/text.js').then((m) => m.brief(v, c))", [value, chars])
    assert brief([[-0.05291, 0.01734]], 30) == "[[\u22120.0529, 0.0173]]"
    assert brief([[-0.05291, 0.01734]], 17) == "[[\u22120.053, 0.017]]"
    assert brief([[-0.05291, 0.01734]], 14) == "1×2"
    assert brief([[1, 2], [3, 4], [5, 6]], 40) == "3×2: 1…6"


def test_the_network_graph_fits_a_1024_projector_in_presenter_mode(watched):
    """Presenter mode's larger type makes the network's graph too wide at 1024 px: it shrinks to fit, never cut off."""
    watched.page.set_viewport_size({"width": 1024, "height": 768})
    open_lesson(watched, "network", "&presenter=1")
    open_panel(watched, 0, by_key=True)
    figure = watched.page.locator(f"{PANEL} .gradgraph-figure").bounding_box()
    boxes = watched.page.locator(f"{PANEL} .gradgraph-figure g.annotation").evaluate_all(
        "els => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.right, e.textContent]; })")
    assert len(boxes) >= 13
    outside = [b for b in boxes if b[0] < figure["x"] - 1 or b[1] > figure["x"] + figure["width"] + 1]
    assert outside == [], outside
    screenshot(watched, "grad-graph-network-presenter-xga")
