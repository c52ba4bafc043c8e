"""Records carry `state`: the optimizer's per-parameter state as torch holds it in optimizer.state[p].

The oracle is a plain torch loop written here: the lesson's tensors and loss spelled out, the
torch.optim class made by hand with the same settings, and optimizer.state read after each step.
Every record's `state` must equal it exactly (same keys, same floats)."""

import pytest
import torch

from gradplay.engine import OPTIMIZERS, RunSpec, run_all
from gradplay.engine.problems.network import SEED_B1, SEED_B2, SEED_W1, SEED_W2
from tests.engine.oracles import HYPER
from tests.engine.test_optimizers import _torch_optimizer

STEPS = 6
LR = {"parabola": 0.1, "not_gate": 1.0, "network": 3e-6}  # network: small enough that no ReLU dies in 6 steps


def _parabola():
    x = torch.tensor(5.0, requires_grad=True, dtype=torch.float32)
    return {"x": x}, lambda: x**2 + 2 * x + 1


def _not_gate():
    x, y = torch.tensor([[0], [1]], dtype=torch.float32), torch.tensor([1, 0], dtype=torch.float32)
    w = torch.tensor([[3]], requires_grad=True, dtype=torch.float32)
    b = torch.tensor([[1]], requires_grad=True, dtype=torch.float32)
    return {"w": w, "b": b}, lambda: torch.mean(torch.square(torch.sigmoid(w @ x.T + b) - y))


def _network():
    names = ["linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias"]
    params = {n: torch.tensor(v, requires_grad=True, dtype=torch.float32)
              for n, v in zip(names, [SEED_W1, SEED_B1, SEED_W2, SEED_B2])}
    x, y = torch.tensor([[3.0, 5.0]]), torch.tensor([[10.0]])

    def loss():
        hidden = torch.relu(torch.nn.functional.linear(x, params["linear1.weight"], params["linear1.bias"]))
        out = torch.relu(torch.nn.functional.linear(hidden, params["linear2.weight"], params["linear2.bias"]))
        return torch.mean(torch.square(out - y))
    return params, loss


LESSONS = {"parabola": _parabola, "not_gate": _not_gate, "network": _network}


def _oracle_states(problem: str, optimizer: str, hyper: dict, steps: int = STEPS) -> list[dict]:
    """optimizer.state by parameter name after k updates, k = 0..steps, from a plain torch loop."""
    params, loss_fn = LESSONS[problem]()
    opt = _torch_optimizer(optimizer, list(params.values()), LR[problem], hyper)
    held = getattr(opt, "state", {})
    out = []
    for k in range(steps + 1):
        loss_fn().backward()
        out.append({n: {key: v.tolist() if torch.is_tensor(v) else v for key, v in held[p].items()}
                    for n, p in params.items() if p in held and held[p]})
        if k < steps:
            opt.step()
            opt.zero_grad()
    return out


def _defaults(optimizer: str) -> dict:
    return {k: o.default for k, o in OPTIMIZERS[optimizer].hyper.items()}


def _engine_states(problem: str, optimizer: str, hyper: dict) -> list[dict]:
    spec = RunSpec.make(problem, optimizer=optimizer, lr=LR[problem], steps=STEPS, hyper=hyper)
    result = run_all(spec)
    assert result["summary"]["status"] == "completed"
    return [r["state"] for r in result["records"]]


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
@pytest.mark.parametrize("problem", list(LESSONS))
def test_state_equals_torch_optimizer_state(problem, optimizer):
    expected = _oracle_states(problem, optimizer, _defaults(optimizer))
    assert _engine_states(problem, optimizer, {}) == expected
    if optimizer in ("gd", "sgd"):  # no state kept: the manual update, and SGD without momentum
        assert expected == [{}] * (STEPS + 1)
    elif optimizer != "adagrad":  # adagrad fills its state when it is made, before any update
        assert expected[0] == {} and all(expected[1:])


@pytest.mark.parametrize("optimizer", [o for o in OPTIMIZERS if o != "gd"])
@pytest.mark.parametrize("problem", ["parabola", "not_gate"])
def test_state_equals_torch_with_non_default_hyperparameters(problem, optimizer):
    hyper = HYPER[optimizer]
    assert _engine_states(problem, optimizer, hyper) == _oracle_states(problem, optimizer, {**_defaults(optimizer),
                                                                                            **hyper})


def test_state_uses_torchs_own_names():
    names = {o: set(_engine_states("parabola", o, {})[2]["x"]) for o in OPTIMIZERS if o not in ("gd", "sgd")}
    assert names == {"momentum": {"momentum_buffer"}, "nesterov": {"momentum_buffer"},
                     "adam": {"step", "exp_avg", "exp_avg_sq"}, "adamw": {"step", "exp_avg", "exp_avg_sq"},
                     "rmsprop": {"step", "square_avg"}, "adagrad": {"step", "sum"}}


def test_state_momentum_buffer_is_the_first_gradient_then_accumulates():
    # parabola (x + 1)**2 from x0 = 5: the first gradient is 12, so the buffer after one update is 12
    states = _engine_states("parabola", "momentum", {"momentum": 0.9})
    assert states[0] == {} and states[1] == {"x": {"momentum_buffer": 12.0}}
    assert states[2]["x"]["momentum_buffer"] == pytest.approx(0.9 * 12.0 + 9.6, rel=1e-6)


def test_state_shapes_follow_the_parameters():
    state = _engine_states("network", "adam", {})[1]
    assert set(state) == {"linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias"}
    assert len(state["linear1.weight"]["exp_avg"]) == 3 and len(state["linear1.weight"]["exp_avg"][0]) == 2
    assert state["linear2.bias"]["step"] == 1.0

