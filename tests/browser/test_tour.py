"""The guided tour walks the whole seed; every number it shows is torch's and matches the seed's printout."""

import pytest
import torch

from tests.browser.classroom_pages import number, open_link, snapshot, tour_numbers
from tests.browser.pages import TIMEOUT_MS, screenshot, wait_until

REL = 1e-5  # DESIGN.md: float32 numbers compared with rel. tolerance 1e-5


def broadcast_loss() -> float:
    """The seed's nn.Linear NOT gate with its (2, 1) - (2,) bug, w 3, b 1, in plain torch: the oracle."""
    x = torch.tensor([[0.0], [1.0]])
    y = torch.tensor([1.0, 0.0])
    a = torch.sigmoid(x @ torch.tensor([[3.0]]).T + torch.tensor([1.0]))
    return torch.mean(torch.square(a - y)).item()


def network_b2_grad() -> float:
    """The seed's 2-3-1 network, its hand-set weights, one backward(): dL/db2, in plain torch."""
    w1 = torch.tensor([[-2.0, 8.0], [5.0, -2.0], [3.0, 4.0]], requires_grad=True)
    b1 = torch.tensor([8.0, -2.0, 4.0])
    w2 = torch.tensor([[3.0, 2.0, 8.0]])
    b2 = torch.tensor([3.0], requires_grad=True)
    out = torch.relu(torch.relu(torch.tensor([[3.0, 5.0]]) @ w1.T + b1) @ w2.T + b2)
    torch.mean(torch.square(out - 10)).backward()
    return b2.grad.item()


# Per tour step: the lesson it shows, then each named number and what the seed (or a plain torch oracle) says.
SEED = [
    ("parabola", {"x0": 5, "loss0": 36, "grad0": 12}),
    ("parabola", {"status": "error",
                  "message": "element 0 of tensors does not require grad and does not have a grad_fn"}),
    ("parabola", {"update": "x ← 5 − 0.1 × 12 = 3.8", "x10": -0.35575494, "loss9": 0.6485183}),
    ("parabola", {"x1": 3.8, "x10": -0.35575494, "x10hand": -0.35575494}),
    ("not_gate", {"w0": 3, "b0": 1, "a0": "0.7311", "a1": "0.9820", "loss0": 0.5183403, "gw": "0.0173",
                  "gb": "−0.0355", "w1": 2.8265495, "b1": 1.3553205, "loss4": 0.4955888}),
    ("not_gate", {"loss0": 0.5183403, "w1": 2.8265495}),
    ("not_gate", {"w0": 3, "b0": 1, "loss0": 0.5183403, "w1": 2.8265495}),
    ("not_gate", {"loss0": broadcast_loss(), "correct": 0.5183403}),
    ("network", {"hidden": "42, 3, 33", "output": 399, "loss0": 151321, "gb2": network_b2_grad()}),
    ("network", {"dead": "4 of 4", "loss1": 100, "lossEnd": 100, "lastStep": 5, "status": "stalled"}),
    ("network", {"lr": 0.0001, "loss0": 151321, "loss7": 1.63}),
]


def check_numbers(shown: dict[str, str], expected: dict) -> None:
    for name, want in expected.items():
        assert name in shown, (name, shown)
        if name == "message":
            assert want in shown[name]
        elif isinstance(want, str):
            assert shown[name] == want, (name, shown[name])
        elif name == "loss7":  # DESIGN.md: "about 1.63"
            assert number(shown[name]) == pytest.approx(want, abs=0.005)
        else:
            assert number(shown[name]) == pytest.approx(want, rel=REL), (name, shown[name])


def test_the_tour_walks_the_whole_seed_with_its_numbers(watched):
    page = watched.page
    open_link(watched, "lesson=parabola", "#lesson-parabola[data-ready='run']")
    page.keyboard.press("t")
    for i, (lesson, expected) in enumerate(SEED):
        page.wait_for_selector(f"#tour-panel[data-ready='{i}']", state="attached", timeout=TIMEOUT_MS)
        assert page.text_content("#tour-panel .tour-count") == f"Tour · step {i + 1} of {len(SEED)}"
        assert snapshot(watched)["lesson"] == lesson and snapshot(watched)["tour"] == i
        assert page.get_attribute(f"#tab-{lesson}", "aria-selected") == "true"
        check_numbers(tour_numbers(watched), expected)
        wait_until(lambda: f"tour={i + 1}&" in page.evaluate("location.hash") + "&", what=f"tour={i + 1} in the URL")
        if i in (0, 2, 7, 9):
            screenshot(watched, f"tour-step-{i + 1}")
        if i < len(SEED) - 1:
            page.click("#tour-next") if i % 2 else page.keyboard.press("n")
    assert page.is_disabled("#tour-next")
    page.keyboard.press("Shift+N")
    page.wait_for_selector("#tour-panel[data-ready='9']", state="attached", timeout=TIMEOUT_MS)
    page.click("#tour-prev")
    page.wait_for_selector("#tour-panel[data-ready='8']", state="attached", timeout=TIMEOUT_MS)
    page.keyboard.press("Escape")
    page.wait_for_selector("#tour-panel", state="hidden")
    assert snapshot(watched)["tour"] is None


def test_the_tour_step_shows_on_the_page_too(watched):
    """The views show the same story: step 3's formula panel, step 10's dead units and stalled banner."""
    page = watched.page
    open_link(watched, "tour=3", "#tour-panel[data-ready='2']")
    page.wait_for_selector("#parabola-formula:has-text('x ← 5 − 0.1 × 12 = 3.8')", timeout=TIMEOUT_MS)
    page.keyboard.press("ArrowRight")  # the class steps on from there
    page.wait_for_selector("#parabola-formula:has-text('x ← 3.8 − 0.1 × 9.6 = 2.84')", timeout=TIMEOUT_MS)
    open_link(watched, "tour=10", "#tour-panel[data-ready='9']")
    page.wait_for_selector("#banner:has-text('Stalled')", timeout=TIMEOUT_MS)
    page.wait_for_selector("#network-graph .annotation-text:text('−702.2')", timeout=TIMEOUT_MS)


def test_a_link_to_a_tour_step_opens_it_and_changed_settings_can_go_back(watched):
    page = watched.page
    open_link(watched, "tour=5", "#tour-panel[data-ready='4']")
    state = snapshot(watched)
    assert state["lesson"] == "not_gate" and state["settings"]["lr"] == 10 and state["settings"]["steps"] == 5
    assert page.is_hidden("#tour-panel [data-part='changed']")
    page.keyboard.press("]")  # a teacher tries another learning rate mid-tour
    page.wait_for_selector("#tour-panel [data-part='changed']:not([hidden])", timeout=TIMEOUT_MS)
    page.click("#tour-panel [data-part='restore']")
    page.wait_for_selector("#tour-panel [data-part='changed'][hidden]", state="attached", timeout=TIMEOUT_MS)
    assert snapshot(watched)["settings"]["lr"] == 10
    page.keyboard.press("3")  # another lesson mid-tour: the panel says where the step is, and goes back
    page.wait_for_selector("#tour-panel[data-ready='elsewhere']:has-text('about the NOT gate lesson')", timeout=TIMEOUT_MS)
    page.click("#tour-panel [data-part='restore']")
    page.wait_for_selector("#tour-panel[data-ready='4']", state="attached", timeout=TIMEOUT_MS)
    assert snapshot(watched)["lesson"] == "not_gate"
