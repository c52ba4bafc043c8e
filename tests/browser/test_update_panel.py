"""The update panel writes each optimizer's own update with the numbers torch holds (records' `state`).

The oracle is a plain torch loop written here: torch.optim's own state after the step, formatted as the
page formats float32 (the shortest decimal that rounds back to the same float32)."""

import numpy as np
import torch

from tests.browser.pages import open_lesson, screenshot

MINUS = "\u2212"


def f32(v: float) -> str:
    """As the page writes a float32: numpy's shortest round-trip repr, a real minus sign, no trailing .0."""
    text = np.format_float_positional(np.float32(v), trim="-")
    return text.replace("-", MINUS)


def panel(w, prefix: str, part: str) -> str:
    return w.page.text_content(f"#{prefix}-formula [data-part='{part}']")


def test_momentum_writes_its_buffer_then_the_step(watched):
    x = torch.tensor(5.0, requires_grad=True)
    opt = torch.optim.SGD([x], lr=0.1, momentum=0.9)
    for _ in range(2):  # two updates: the panel at step 1 shows the second
        (x ** 2 + 2 * x + 1).backward()
        before, g = x.item(), x.grad.item()
        opt.step()
        opt.zero_grad()
    buf = opt.state[x]["momentum_buffer"].item()
    open_lesson(watched, "parabola", "&opt=momentum&k=1")
    assert panel(watched, "parabola", "rule") == f"v ← 0.9 × 12 + {f32(g)} = {f32(buf)}"
    assert panel(watched, "parabola", "update") == f"x ← {f32(before)} {MINUS} 0.1 × {f32(buf)} = {f32(x.item())}"
    assert "Momentum" in panel(watched, "parabola", "heading")


def test_adam_writes_m_v_their_corrections_and_the_step(watched):
    w = torch.tensor([[3.0]], requires_grad=True)
    b = torch.tensor([[1.0]], requires_grad=True)
    x, y = torch.tensor([[0.0], [1.0]]), torch.tensor([1.0, 0.0])
    opt = torch.optim.Adam([w, b], lr=0.5)
    torch.mean(torch.square(torch.sigmoid(w @ x.T + b) - y)).backward()
    g = w.grad.item()
    opt.step()
    m, v = opt.state[w]["exp_avg"].item(), opt.state[w]["exp_avg_sq"].item()
    open_lesson(watched, "not_gate", "&opt=adam&lr=0.5&k=0")
    rule = watched.page.locator("#notgate-formula [data-part='rule'] span").all_text_contents()
    assert rule[0] == f"m ← 0.9 × 0 + 0.1 × {f32(g)} = {f32(m)}"
    assert rule[1].startswith("v ← 0.999 × 0 + 0.001 × ") and "²" in rule[1]
    assert rule[2].startswith("m̂ = m / (1 − β₁^1) = ") and ",  v̂ = v / (1 − β₂^1) = " in rule[2]
    assert rule[3].startswith("step = lr·m̂ / (√v̂ + ε) = 0.5 × ")
    # Adam's first step is lr · sign(g), whatever the gradient's size: w moves by 0.5
    assert panel(watched, "notgate", "update") == f"w ← 3 {MINUS} 0.5 = {f32(w.item())}"
    screenshot(watched, "update-panel-adam-not-gate")


def test_the_panel_writes_out_another_parameter_when_asked(watched):
    open_lesson(watched, "network", "&lr=0.0001&k=0")
    watched.page.click("#network-formula [data-part='choose'] button:has-text('b ŷ')")
    watched.page.wait_for_selector("#network-formula [data-part='update']:has-text('b ŷ ←')")
    # plain SGD: b ← b − lr × ∂L/∂b, with the seed's output bias 3 and gradient 2·(399 − 10) = 778
    assert panel(watched, "network", "update") == f"b ŷ ← 3 {MINUS} 0.0001 × 778 = {f32(np.float32(3) - np.float32(0.0778))}"
