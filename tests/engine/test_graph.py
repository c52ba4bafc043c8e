"""graph(spec, step): the autograd graph torch builds, checked against plain torch loops."""

import json
from collections import Counter

import pytest
import torch

from gradplay.engine.errors import InputError
from gradplay.engine.graph import graph
from gradplay.engine.problems import get_problem
from gradplay.engine.run import RunSpec

AUTOGRAD_KINDS = {"loss", "op", "param"}


def _graph(step: int = 0, **request) -> dict:
    return graph(RunSpec.make(**request), step)


def _by_id(g: dict) -> dict:
    return {n["id"]: n for n in g["nodes"]}


def _ops(g: dict) -> Counter:
    return Counter(n["op"] for n in g["nodes"])


def _params(g: dict) -> dict:
    return {n["label"]: n for n in g["nodes"] if n["kind"] == "param"}


# ---- oracles: the seed's loops, written out in plain torch ---------------------------------

def _parabola_grads(step: int, lr: float = 0.1) -> dict:
    """The seed's manual loop: x -= lr * x.grad under no_grad (optimizer 'gd')."""
    x = torch.tensor(5.0, requires_grad=True)
    for _ in range(step + 1):
        x.grad = None
        y = x**2 + 2 * x + 1
        y.backward()
        with torch.no_grad():
            grad = x.grad.clone()
            x -= lr * x.grad
    return {"x": grad}


def _sine_grads(step: int) -> dict:
    """A typed function, f(x) = sin(x)*x from x = 2, with torch.optim.SGD."""
    x = torch.tensor(2.0, requires_grad=True)
    return _sgd_grads({"x": x}, lambda: torch.sin(x) * x, 0.1, step)


def _not_gate_grads(step: int) -> dict:
    """The seed's raw-tensor NOT gate: sigmoid(w @ x.T + b), MSE, SGD lr 10."""
    x, y = torch.tensor([[0.0], [1.0]]), torch.tensor([1.0, 0.0])
    w = torch.tensor([[3.0]], requires_grad=True)
    b = torch.tensor([[1.0]], requires_grad=True)
    return _sgd_grads({"w": w, "b": b}, lambda: torch.mean(torch.square(torch.sigmoid(w @ x.T + b) - y)), 10.0, step)


class _LinearNotGate(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(1, 1)
        with torch.no_grad():
            self.linear.weight.fill_(3.0)
            self.linear.bias.fill_(1.0)


def _linear_not_gate_grads(step: int, broadcast_bug: bool) -> dict:
    """The seed's nn.Linear NOT gate; the target is (2,) with the bug, (2, 1) without."""
    x, y = torch.tensor([[0.0], [1.0]]), torch.tensor([1.0, 0.0])
    target = y if broadcast_bug else y.unsqueeze(1)
    model = _LinearNotGate()
    params = dict(model.named_parameters())
    return _sgd_grads(params, lambda: torch.mean(torch.square(torch.sigmoid(model.linear(x)) - target)), 10.0, step)


class _Network(torch.nn.Module):
    def __init__(self, values: dict):
        super().__init__()
        hidden = len(values["linear1.bias"])
        self.linear1, self.linear2 = torch.nn.Linear(2, hidden), torch.nn.Linear(hidden, 1)
        with torch.no_grad():
            for name, p in self.named_parameters():
                p.copy_(values[name])

    def forward(self, x):
        return torch.relu(self.linear2(torch.relu(self.linear1(x))))


def _network_grads(step: int, lr: float, options: dict | None = None, seed: int = 0) -> dict:
    """The seed's ComplexNetwork loop; start values from the lesson's own init."""
    problem = get_problem("network")
    start = problem.init(problem.validate_options(options), seed)
    model = _Network({n: p.detach() for n, p in start.items()})
    x, y = torch.tensor([[3.0, 5.0]]), torch.tensor([[10.0]])
    return _sgd_grads(dict(model.named_parameters()), lambda: torch.mean(torch.square(model(x) - y)), lr, step)


def _sgd_grads(params: dict, loss_fn, lr: float, step: int) -> dict:
    """Run torch.optim.SGD `step` times, then return the gradients at that point."""
    optimizer = torch.optim.SGD(list(params.values()), lr=lr)
    for _ in range(step):
        loss_fn().backward()
        optimizer.step()
        optimizer.zero_grad()
    loss_fn().backward()
    return {n: p.grad.clone() for n, p in params.items()}


ORACLES = [
    ("parabola", {}, _parabola_grads),
    ("sine", {"problem": "parabola", "optimizer": "sgd", "options": {"function": "sin(x)*x", "x0": 2.0}}, _sine_grads),
    ("not_gate", {"problem": "not_gate"}, _not_gate_grads),
    ("not_gate_module", {"problem": "not_gate", "options": {"variant": "module"}}, _not_gate_grads),
    ("not_gate_linear", {"problem": "not_gate", "options": {"variant": "linear"}},
     lambda k: _linear_not_gate_grads(k, broadcast_bug=False)),
    ("not_gate_bug", {"problem": "not_gate", "options": {"variant": "linear", "broadcast_bug": True}},
     lambda k: _linear_not_gate_grads(k, broadcast_bug=True)),
    ("network", {"problem": "network"}, lambda k: _network_grads(k, 0.1)),
    ("network_small_lr", {"problem": "network", "lr": 1e-4, "steps": 8}, lambda k: _network_grads(k, 1e-4)),
    ("network_random", {"problem": "network", "seed": 7, "options": {"init": "random", "hidden": 4}},
     lambda k: _network_grads(k, 0.1, {"init": "random", "hidden": 4}, seed=7)),
]


@pytest.mark.parametrize("step", [0, 3])
@pytest.mark.parametrize("name, request_, oracle", ORACLES, ids=[o[0] for o in ORACLES])
def test_graph_leaf_grads_match_plain_torch_loop(name, request_, oracle, step):
    request_ = {"problem": "parabola", **request_}
    g = _graph(step, **request_)
    expected = oracle(step)
    leaves = _params(g)
    assert set(leaves) == set(expected)
    for label, grad in expected.items():
        got = torch.tensor(leaves[label]["grad"])
        torch.testing.assert_close(got, grad, rtol=1e-6, atol=0, msg=f"{name} step {step}: {label}")


# ---- the parabola at x = 5: the seed's own question ----------------------------------------

def test_graph_parabola_at_x5_has_seed_ops_and_gradient_12():
    g = _graph(0, problem="parabola")
    assert _ops(g) == Counter({"AddBackward0": 2, "PowBackward0": 1, "MulBackward0": 1, "AccumulateGrad": 1,
                               "const": 3})
    loss = next(n for n in g["nodes"] if n["kind"] == "loss")
    assert (loss["value"], loss["grad"], loss["label"]) == (36.0, 1.0, "+")
    x = _params(g)["x"]
    assert (x["id"], x["value"], x["grad"]) == ("param:x", 5.0, 12.0)
    assert "2·5 × 1 = 10" in x["explain"] and "10 + 2 = 12" in x["explain"]
    shares = sorted(e["grad"] for e in g["edges"] if e["source"] == "param:x")
    assert shares == [2.0, 10.0]
    assert g["note"] is None


def test_graph_parabola_values_follow_the_forward_pass():
    labels = {n["label"]: n["value"] for n in _graph(0, problem="parabola")["nodes"] if n["kind"] == "op"}
    assert labels == {"(·)²": 25.0, "×": 10.0, "+": 35.0}


def test_graph_parabola_later_step_uses_that_steps_x():
    x = _params(_graph(1, problem="parabola"))["x"]
    assert x["value"] == pytest.approx(3.8, rel=1e-6)
    assert x["grad"] == pytest.approx(2 * 3.8 + 2, rel=1e-6)


def test_graph_typed_function_builds_its_own_ops():
    g = _graph(0, problem="parabola", options={"function": "sin(x)*x"})
    assert _ops(g) == Counter({"MulBackward0": 1, "SinBackward0": 1, "AccumulateGrad": 1})
    assert sum(e["source"] == "param:x" for e in g["edges"]) == 2  # x feeds sin and ×


def test_graph_requires_grad_false_is_an_empty_graph_with_torchs_reason():
    g = _graph(0, problem="parabola", options={"requires_grad": False})
    assert [n["kind"] for n in g["nodes"]] == ["loss"]
    assert g["nodes"][0]["value"] == 36.0 and g["nodes"][0]["grad"] is None
    assert g["edges"] == [] and g["order"] == []
    assert "does not require grad" in g["note"] and "requires_grad" in g["note"]


def test_graph_requires_grad_false_has_no_later_step():
    with pytest.raises(InputError, match="stopped at step 0"):
        _graph(1, problem="parabola", options={"requires_grad": False})


def test_graph_loss_that_is_the_parameter_itself():
    g = _graph(0, problem="parabola", options={"function": "x"})
    assert [(n["kind"], n["grad"]) for n in g["nodes"]] == [("param", 1.0)]
    assert g["order"] == ["param:x"] and "itself" in g["note"]


def test_graph_non_finite_values_become_none():
    g = _graph(0, problem="parabola", options={"function": "log(x)", "x0": -1.0})
    loss = next(n for n in g["nodes"] if n["kind"] == "loss")
    assert loss["value"] is None
    assert _params(g)["x"]["grad"] == -1.0


# ---- NOT gate and network: the shape of the graph --------------------------------------------

def test_graph_not_gate_tensors_is_the_seeds_graph():
    g = _graph(0, problem="not_gate")
    assert _ops(g) == Counter({"MeanBackward0": 1, "PowBackward0": 1, "SubBackward0": 1, "SigmoidBackward0": 1,
                               "AddBackward0": 1, "MmBackward0": 1, "AccumulateGrad": 2, "input": 2})
    assert len(g["edges"]) == 9
    assert {n["label"] for n in g["nodes"] if n["kind"] == "input"} == {"xᵀ", "y"}
    nodes = {n["op"]: n for n in g["nodes"]}
    torch.testing.assert_close(torch.tensor(nodes["SigmoidBackward0"]["value"]), torch.tensor([[0.7311, 0.9820]]),
                               rtol=0, atol=1e-4)
    assert nodes["MeanBackward0"]["value"] == pytest.approx(0.5183403, rel=1e-6)
    assert _params(g)["w"]["grad"][0][0] == pytest.approx(0.0173450, rel=1e-4)


def test_graph_not_gate_linear_shows_addmm_and_the_transpose():
    g = _graph(0, problem="not_gate", options={"variant": "linear"})
    assert _ops(g) == Counter({"MeanBackward0": 1, "PowBackward0": 1, "SubBackward0": 1, "SigmoidBackward0": 1,
                               "AddmmBackward0": 1, "TBackward0": 1, "AccumulateGrad": 2, "input": 2})
    assert len(g["edges"]) == 9
    assert set(_params(g)) == {"linear.weight", "linear.bias"}


def test_graph_not_gate_broadcast_bug_squares_a_2x2_grid():
    square = {o: next(n for n in _graph(0, problem="not_gate", options={"variant": "linear", "broadcast_bug": o})
                      ["nodes"] if n["op"] == "PowBackward0") for o in (False, True)}
    assert torch.tensor(square[False]["value"]).shape == (2, 1)
    assert torch.tensor(square[True]["value"]).shape == (2, 2)


def test_graph_network_is_two_linear_layers_with_relus():
    g = _graph(0, problem="network")
    assert _ops(g) == Counter({"MeanBackward0": 1, "PowBackward0": 1, "SubBackward0": 1, "ReluBackward0": 2,
                               "AddmmBackward0": 2, "TBackward0": 2, "AccumulateGrad": 4, "input": 2})
    assert len(g["edges"]) == 14
    assert set(_params(g)) == {"linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias"}
    output = next(n for n in g["nodes"] if n["op"] == "ReluBackward0" and n["grad"] == [[778.0]])
    assert output["value"] == [[399.0]]  # the seed's output 399, loss 151321
    assert next(n for n in g["nodes"] if n["kind"] == "loss")["value"] == 151321.0


def test_graph_network_after_the_relus_die_passes_only_zeros():
    g = _graph(2, problem="network")
    assert "ReLU is off" in " ".join(n["explain"] for n in g["nodes"])
    for leaf in _params(g).values():
        assert torch.count_nonzero(torch.tensor(leaf["grad"])) == 0


def test_graph_summarises_large_tensors():
    g = _graph(0, problem="network", options={"init": "random", "hidden": 16})
    grad = _params(g)["linear1.weight"]["grad"]
    assert set(grad) == {"shape", "min", "max", "mean"} and grad["shape"] == [16, 2]
    assert isinstance(_params(g)["linear1.bias"]["value"], list)  # 16 numbers still listed


# ---- every graph: a valid backward order, stable plain data ---------------------------------

GRAPHS = [({"problem": "parabola"}, 0), ({"problem": "parabola", "options": {"function": "x*x + 2/x"}}, 2),
          ({"problem": "not_gate"}, 4), ({"problem": "not_gate", "options": {"variant": "linear"}}, 1),
          ({"problem": "network"}, 0), ({"problem": "network", "seed": 3, "options": {"init": "random"}}, 5)]


@pytest.mark.parametrize("request_, step", GRAPHS)
def test_graph_order_visits_every_node_after_its_consumers(request_, step):
    g = _graph(step, **request_)
    kinds = {n["id"]: n["kind"] for n in g["nodes"]}
    assert sorted(g["order"]) == sorted(i for i, k in kinds.items() if k in AUTOGRAD_KINDS)
    assert kinds[g["order"][0]] == "loss"
    position = {node_id: i for i, node_id in enumerate(g["order"])}
    for e in g["edges"]:
        if kinds[e["source"]] in AUTOGRAD_KINDS:
            assert position[e["source"]] > position[e["target"]], e


@pytest.mark.parametrize("request_, step", GRAPHS)
def test_graph_is_stable_plain_json(request_, step):
    first, second = _graph(step, **request_), _graph(step, **request_)
    text = json.dumps(first, allow_nan=False)
    assert text == json.dumps(second, allow_nan=False)
    assert len({n["id"] for n in first["nodes"]}) == len(first["nodes"])
    assert all({"id", "op", "label", "value", "grad", "kind", "explain"} <= set(n) for n in first["nodes"])


@pytest.mark.parametrize("step", [-1, 6, 1.0, True])
def test_graph_step_outside_the_run_is_refused(step):
    with pytest.raises(InputError, match="step"):
        _graph(step, problem="not_gate")


def test_graph_step_after_divergence_is_refused():
    with pytest.raises(InputError, match="diverged"):
        _graph(50, problem="parabola", lr=100.0, steps=100, options={"function": "x**4"})


def test_graph_replay_past_its_time_budget_is_refused_with_advice():
    spec = RunSpec.make("network", lr=1e-4, steps=2000)
    with pytest.raises(InputError, match="budget"):
        graph(spec, 2000, budget_s=0.0)
    assert graph(spec, 0, budget_s=0.0)["nodes"]  # step 0 needs no update, so no time
