"""The verdict and its plain-words diagnostics: diverged, stalled, completed with
oscillating / stationary / diverging notes, and the seed's broadcast mismatch."""

import math

import torch

from gradplay.engine import RunSpec, run_all
from tests.engine.oracles import flat


def _run(**request) -> dict:
    return run_all(RunSpec.make(**request))


def _kinds(summary: dict) -> list[str]:
    return [d["kind"] for d in summary["diagnostics"]]


def _first_non_finite_step(lr: float, x0: float = 5.0, steps: int = 50) -> int | None:
    """The seed's manual loop: the first step whose loss, x or gradient is not finite."""
    x = torch.tensor(x0, requires_grad=True)
    for k in range(steps + 1):
        y = x**2 + 2 * x + 1
        y.backward()
        if not all(math.isfinite(v) for v in (y.item(), x.item(), x.grad.item())):
            return k
        with torch.no_grad():
            x -= lr * x.grad
        x.grad.zero_()
    return None


# ---- diverged -----------------------------------------------------------------------------

def test_diverged_stops_at_the_first_non_finite_record():
    result = _run(problem="parabola", lr=5, steps=50)
    records, summary = result["records"], result["summary"]
    k = _first_non_finite_step(5.0)
    assert k is not None and [r["step"] for r in records] == list(range(k + 1))
    assert records[-1]["loss"] is None
    assert all(r["loss"] is not None and math.isfinite(r["loss"]) for r in records[:-1])
    assert summary["status"] == "diverged" and summary["steps_run"] == k and summary["final_loss"] is None


def test_diverged_diagnostic_names_the_step_and_a_smaller_lr():
    summary = _run(problem="parabola", lr=5, steps=50)["summary"]
    note = summary["diagnostics"][0]
    assert note["kind"] == "diverged" and note["step"] == summary["steps_run"]
    assert "learning rate 5 is too large" in note["message"] and "try 0.5" in note["message"]


def test_diverged_network_with_a_huge_lr():
    options = {"init": "random", "activation": "tanh", "output_activation": "identity"}
    result = _run(problem="network", optimizer="sgd", lr=100, steps=50, options=options)
    summary = result["summary"]
    assert summary["status"] == "diverged"
    last = result["records"][-1]
    assert None in [last["loss"], *flat(last["params"]), *flat(last["grads"])]


# ---- stalled ------------------------------------------------------------------------------

def test_stalled_when_every_relu_is_dead_and_every_gradient_zero():
    result = _run(problem="network", lr=0.1, steps=5)
    assert result["summary"]["status"] == "stalled"
    assert len(result["records"]) == 6  # all requested steps are still run, as the seed's loop does
    note = result["summary"]["diagnostics"][0]
    assert note["kind"] == "dead_relu" and note["step"] == 5
    assert "hidden 1, hidden 2, hidden 3, the output" in note["message"]
    assert "1e-4" in note["message"]


def test_not_stalled_when_some_relus_are_dead_but_gradients_flow():
    summary = _run(problem="network", lr=1e-4, steps=10)["summary"]
    assert summary["status"] == "completed"
    (note,) = [d for d in summary["diagnostics"] if d["kind"] == "dead_relu"]
    assert "hidden 2" in note["message"] and "hidden 1" not in note["message"]


# ---- completed, with notes ----------------------------------------------------------------

def test_completed_oscillating_for_parabola_lr_0_9():
    summary = _run(problem="parabola", lr=0.9, steps=50)["summary"]
    assert summary["status"] == "completed"
    assert _kinds(summary) == ["oscillating"]
    assert "changed direction in 50 of 50 steps" in summary["diagnostics"][0]["message"]


def test_completed_without_notes_for_the_seed_lesson():
    summary = _run(problem="parabola", lr=0.1, steps=50)["summary"]
    assert summary == {"status": "completed", "steps_run": 50, "final_loss": 0.0, "diagnostics": []}


def test_completed_stationary_at_a_zero_gradient():
    summary = _run(problem="parabola", steps=3, options={"function": "x**2", "x0": 0.0})["summary"]
    assert summary["status"] == "completed"
    assert _kinds(summary) == ["stationary"]
    assert "every gradient is exactly 0 at step 3" in summary["diagnostics"][0]["message"]


def test_completed_stationary_on_a_flat_relu_is_not_stalled():
    """A zero gradient without dead ReLU units in the extras is a stationary point, not a stall."""
    summary = _run(problem="parabola", steps=3, options={"function": "relu(x)", "x0": -1.0})["summary"]
    assert summary["status"] == "completed" and _kinds(summary) == ["stationary"]


def test_completed_diverging_when_the_loss_grows_but_stays_finite():
    summary = _run(problem="parabola", lr=1.05, steps=10)["summary"]
    assert summary["status"] == "completed"
    assert _kinds(summary) == ["diverging"]
    assert "grew from 36" in summary["diagnostics"][0]["message"]


# ---- the seed's broadcast mismatch ----------------------------------------------------------

def test_broadcast_diagnostic_for_the_linear_bug():
    summary = _run(problem="not_gate", options={"variant": "linear", "broadcast_bug": True})["summary"]
    assert summary["status"] == "completed"
    (note,) = [d for d in summary["diagnostics"] if d["kind"] == "broadcast"]
    assert note["step"] == 0
    for fragment in ("(2, 1)", "(2,)", "(2, 2)", "unsqueeze"):
        assert fragment in note["message"]


def test_no_broadcast_diagnostic_without_the_bug():
    summary = _run(problem="not_gate", options={"variant": "linear"})["summary"]
    assert "broadcast" not in _kinds(summary)
