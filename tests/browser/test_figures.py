"""Figures that must stay readable: the neuron's labels never overlap, the tangent needs a gradient."""

import pytest

from tests.browser.classroom_pages import open_link
from tests.browser.pages import TIMEOUT_MS, open_lesson, path_data, screenshot, wait_ready

# every box in the neuron figure: the annotations (edge labels, notes) and the nodes' circles
NEURON_BOXES = """el => {
  const boxes = [];
  el.querySelectorAll('.annotation').forEach((a) => {
    const r = a.getBoundingClientRect();
    boxes.push({ what: 'label: ' + a.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom });
  });
  el.querySelectorAll('.scatterlayer .point').forEach((p, i) => {
    const r = p.getBoundingClientRect();
    boxes.push({ what: 'node ' + i, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom });
  });
  const f = el.getBoundingClientRect();
  return { boxes, frame: { x0: f.left, y0: f.top, x1: f.right, y1: f.bottom } };
}"""


def overlaps(boxes: list[dict], slack: float = 1.0) -> list[str]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["x0"] + slack < b["x1"] and b["x0"] + slack < a["x1"] and a["y0"] + slack < b["y1"] and b["y0"] + slack < a["y1"]:
                out.append(f"{a['what']!r} overlaps {b['what']!r}")
    return out


def check_neuron(w, name: str) -> None:
    w.page.wait_for_selector("#notgate-neuron .annotation-text:has-text('∂L/∂w')", timeout=TIMEOUT_MS)
    w.page.wait_for_timeout(300)  # a resize redraw after the panel opened
    screenshot(w, name)
    found = w.page.locator("#notgate-neuron").evaluate(NEURON_BOXES)
    boxes, frame = found["boxes"], found["frame"]
    assert len(boxes) >= 9, boxes
    assert overlaps(boxes) == []
    outside = [b["what"] for b in boxes if b["x0"] < frame["x0"] - 1 or b["x1"] > frame["x1"] + 1
               or b["y0"] < frame["y0"] - 1 or b["y1"] > frame["y1"] + 1]
    assert outside == []


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)])
def test_neuron_labels_do_not_overlap(watched, size):
    watched.page.set_viewport_size({"width": size[0], "height": size[1]})
    open_lesson(watched, "not_gate")
    check_neuron(watched, f"neuron-{size[0]}x{size[1]}")


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)])
def test_neuron_labels_do_not_overlap_with_the_tour_open(watched, size):
    watched.page.set_viewport_size({"width": size[0], "height": size[1]})
    open_link(watched, "tour=5", "#tour-panel[data-ready='4']")
    wait_ready(watched, "not_gate")
    check_neuron(watched, f"neuron-tour-{size[0]}x{size[1]}")


def test_no_tangent_without_a_gradient(watched):
    open_lesson(watched, "parabola", "&requires_grad=false")
    page = watched.page
    page.wait_for_selector("#parabola-formula [data-part='detail']:has-text('None')", timeout=TIMEOUT_MS)
    screenshot(watched, "parabola-no-grad")
    tangent = page.locator("#parabola-curve .scatterlayer .trace").nth(3).locator("path.js-line")
    assert tangent.count() == 0 or tangent.first.get_attribute("d") in (None, "", "M0,0")
    assert "×" not in page.text_content("#parabola-formula [data-part='update']")
    assert "refused" in page.text_content("#parabola-formula [data-part='heading']")
    assert len(path_data(watched, "parabola-curve")) >= 1  # the curve itself is still drawn
