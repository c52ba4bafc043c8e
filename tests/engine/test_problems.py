"""The three lessons against their oracles: DESIGN.md's reference numbers, the seed's printed
output, and the seed's own loops written out in plain torch in this file."""

import math

import numpy as np
import pytest
import torch

from gradplay.engine import InputError, RunSpec, run_all
from gradplay.engine.problems import PROBLEMS
from tests.engine.oracles import flat, sgd_loop

REL = 1e-5  # DESIGN.md: compare reference numbers with relative tolerance 1e-5
SEED_PRINT = 5e-5 + 1e-7  # the seed prints tensors to 4 decimals: half a unit in the last place

# The seed's 50-step parabola loop, `print(x, y, gradient)` after each update (gd, lr 0.1, x0 5):
# x after the update and y before it as numpy prints a float32, the gradient as a Python float.
SEED_FIFTY = """\
3.8 36.0 12.0
2.84 23.039999 9.600000381469727
2.072 14.7456 7.679999828338623
1.4576 9.437184 6.144000053405762
0.96607995 6.039798 4.915200233459473
0.57286394 3.8654704 3.932159900665283
0.25829116 2.473901 3.1457278728485107
0.006632924 1.5832967 2.5165822505950928
-0.19469367 1.0133098 2.01326584815979
-0.35575494 0.6485183 1.6106126308441162
-0.48460394 0.4150517 1.2884900569915771
-0.58768314 0.2656331 1.0307921171188354
-0.6701465 0.1700052 0.8246337175369263
-0.73611724 0.10880327 0.6597069501876831
-0.7888938 0.06963408 0.5277655124664307
-0.83111507 0.044565797 0.4222123622894287
-0.86489207 0.028522134 0.33776986598968506
-0.89191365 0.01825416 0.27021586894989014
-0.91353095 0.01168263 0.2161726951599121
-0.93082476 0.007476926 0.17293810844421387
-0.9446598 0.0047852397 0.1383504867553711
-0.9557279 0.0030625463 0.11068034172058105
-0.9645823 0.0019600391 0.08854424953460693
-0.97166586 0.0012544394 0.07083535194396973
-0.9773327 0.00080281496 0.05666828155517578
-0.9818662 0.00051379204 0.045334577560424805
-0.98549294 0.00032883883 0.036267638206481934
-0.9883944 0.000210464 0.029014110565185547
-0.9907155 0.0001347065 0.023211240768432617
-0.9925724 8.6188316e-05 0.018568992614746094
-0.99405795 5.51939e-05 0.014855146408081055
-0.99524635 3.528595e-05 0.011884093284606934
-0.9961971 2.259016e-05 0.009507298469543457
-0.99695766 1.4483929e-05 0.007605791091918945
-0.9975661 9.23872e-06 0.0060846805572509766
-0.9980529 5.90086e-06 0.0048677921295166016
-0.9984423 3.8146973e-06 0.003894209861755371
-0.99875385 2.4437904e-06 0.003115415573120117
-0.99900305 1.5497208e-06 0.0024923086166381836
-0.99920243 1.013279e-06 0.001993894577026367
-0.99936193 6.556511e-07 0.001595139503479004
-0.99948955 4.172325e-07 0.0012761354446411133
-0.99959165 2.3841858e-07 0.0010209083557128906
-0.9996733 1.7881393e-07 0.0008167028427124023
-0.99973863 1.1920929e-07 0.000653386116027832
-0.9997909 5.9604645e-08 0.0005227327346801758
-0.99983275 5.9604645e-08 0.0004181861877441406
-0.9998662 0.0 0.0003345012664794922
-0.99989295 0.0 0.0002676248550415039
-0.99991435 0.0 0.00021409988403320312"""

# The seed's NOT-gate iterations 0..4 (raw tensors and nn.Parameter module, SGD lr 10, w0 3, b0 1):
# w, b, a (4 decimals), squared errors, mean loss, w_grad and b_grad (4 decimals).
SEED_NOT_GATE = [
    (3.0, 1.0, [0.7311, 0.9820], [0.07232948, 0.96435106], 0.5183403, 0.0173, -0.0355),
    (2.8265495, 1.3553205, [0.7950, 0.9850], [0.0420258, 0.97014576], 0.50608575, 0.0146, -0.0188),
    (2.6806374, 1.5435127, [0.8240, 0.9856], [0.03098487, 0.97135484], 0.50116986, 0.0140, -0.0115),
    (2.5405035, 1.6586863, [0.8401, 0.9852], [0.02558029, 0.970647], 0.49811363, 0.0144, -0.0071),
    (2.3969853, 1.7300583, [0.8494, 0.9841], [0.02267439, 0.96850324], 0.4955888, 0.0154, -0.0039),
]
# The seed's nn.Linear NOT gate (with the broadcast bug) from its unseeded start: w, b, mean loss.
SEED_LINEAR_BUG = [(-0.08132863, 0.9673029, 0.29686266), (-0.5114101, 0.0890395, 0.25566065),
                   (-0.26254913, 0.28239763, 0.2524717), (-0.27495283, 0.09810886, 0.25127253),
                   (-0.16556998, 0.14636995, 0.25067863)]
NETWORK_SEED = {"linear1.weight": [[-2.0, 8.0], [5.0, -2.0], [3.0, 4.0]], "linear1.bias": [8.0, -2.0, 4.0],
                "linear2.weight": [[3.0, 2.0, 8.0]], "linear2.bias": [3.0]}


def _records(problem: str, **request) -> list[dict]:
    return run_all(RunSpec.make(problem, **request))["records"]


def _close(value: float, reference: float, rel: float = REL) -> bool:
    return math.isclose(value, reference, rel_tol=rel)


def _float32_text(value: float) -> str:
    """How numpy prints a float32 (the seed's `.numpy()` output); f-strings would print the double."""
    return str(np.float32(value))


def _numbers(records: list[dict]) -> list:
    """Every loss, parameter, gradient and prediction, in order, with the names left out."""
    return [(r["step"], r["loss"], flat(r["params"]), flat(r["grads"]), r["extras"].get("a")) for r in records]


# ---- oracles: the seed's loops in plain torch ---------------------------------------------

X = torch.tensor([[0], [1]], dtype=torch.float32)
Y = torch.tensor([1, 0], dtype=torch.float32)


class NotGate(torch.nn.Module):
    """The seed's second NOT gate: nn.Parameter w and b."""

    def __init__(self, w0: float, b0: float):
        super().__init__()
        self.w = torch.nn.Parameter(torch.tensor([[w0]]))
        self.b = torch.nn.Parameter(torch.tensor([[b0]]))

    def forward(self, x):
        return torch.sigmoid(self.w @ x.T + self.b)


class LinearNotGate(torch.nn.Module):
    """The seed's third NOT gate: nn.Linear(1, 1)."""

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(in_features=1, out_features=1)

    def forward(self, x):
        return torch.sigmoid(self.linear(x))


class ComplexNetwork(torch.nn.Module):
    """The seed's 2-3-1 network."""

    def __init__(self):
        super().__init__()
        self.linear1 = torch.nn.Linear(in_features=2, out_features=3)
        self.linear2 = torch.nn.Linear(in_features=3, out_features=1)

    def forward(self, x):
        return torch.relu(self.linear2(torch.relu(self.linear1(x))))


def _engine_triples(records: list[dict]) -> list[tuple]:
    return [(r["loss"], r["params"], r["grads"]) for r in records]


def _linear_with(w0: float, b0: float) -> LinearNotGate:
    model = LinearNotGate()
    with torch.no_grad():
        model.linear.weight.fill_(w0)
        model.linear.bias.fill_(b0)
    return model


# ---- parabola -----------------------------------------------------------------------------

@pytest.mark.parametrize("optimizer", ["gd", "sgd"])
def test_parabola_reference_numbers(optimizer):
    records = _records("parabola", optimizer=optimizer, lr=0.1, steps=50, options={"x0": 5.0})
    losses = [r["loss"] for r in records[:5]]
    assert all(_close(a, b) for a, b in zip(losses, [36.0, 23.04, 14.7456, 9.437184, 6.039798]))
    for k, x in [(1, 3.8), (2, 2.84), (3, 2.072)]:
        assert _close(records[k]["params"]["x"], x), k
    assert _close(records[50]["params"]["x"], -0.99991435)


def test_parabola_gd_prints_the_seeds_fifty_lines_exactly():
    records = _records("parabola", optimizer="gd", lr=0.1, steps=50)
    printed = "\n".join(f"{_float32_text(records[k + 1]['params']['x'])} {_float32_text(records[k]['loss'])} "
                        f"{records[k]['grads']['x']!r}" for k in range(50))
    assert printed == SEED_FIFTY


def test_parabola_sgd_matches_the_seeds_fifty_lines_within_tolerance():
    """torch.optim.SGD rounds once where the seed's `x -= lr * x.grad` rounds twice: under torch 2.13
    a few of its lines differ from the seed's in the last float32 digit (see test_optimizers.py)."""
    records = _records("parabola", optimizer="sgd", lr=0.1, steps=50)
    for k, line in enumerate(SEED_FIFTY.splitlines()):
        x, y, grad = map(float, line.split())
        assert _close(records[k + 1]["params"]["x"], x) and _close(records[k]["grads"]["x"], grad)
        assert _close(records[k]["loss"], y) or abs(records[k]["loss"] - y) < 1e-12


def test_parabola_gradient_at_5_is_12():
    assert _records("parabola", steps=0)[0]["grads"] == {"x": 12.0}


def test_parabola_gd_equals_the_seed_loop_bit_for_bit():
    x = torch.tensor(5, requires_grad=True, dtype=torch.float32)
    expected = []
    for _ in range(51):
        y = x**2 + 2 * x + 1
        y.backward()
        expected.append((y.item(), x.item(), x.grad.item()))
        with torch.no_grad():
            x -= 0.1 * x.grad
        x.grad.zero_()
    got = [(r["loss"], r["params"]["x"], r["grads"]["x"]) for r in _records("parabola", steps=50)]
    assert got == expected


# ---- not_gate -----------------------------------------------------------------------------

@pytest.mark.parametrize("variant", ["tensors", "module", "linear"])
def test_not_gate_reference_numbers(variant):
    records = _records("not_gate", optimizer="sgd", lr=10, steps=5, options={"variant": variant})
    step0, step1 = records[0], records[1]
    assert all(abs(a - b) <= SEED_PRINT for a, b in zip(step0["extras"]["a"], [0.7311, 0.9820]))
    assert _close(step0["loss"], 0.5183403)
    w_grad, b_grad = flat(step0["grads"])
    assert _close(w_grad, 0.0173450) and _close(b_grad, -0.0355320)
    w1, b1 = flat(step1["params"])
    assert _close(w1, 2.8265495) and _close(b1, 1.3553203)
    assert _close(records[4]["loss"], 0.4955888)


@pytest.mark.parametrize("variant", ["tensors", "module", "linear"])
def test_not_gate_matches_the_seed_iterations_0_to_4(variant):
    records = _records("not_gate", options={"variant": variant})
    for record, (w, b, a, terms, mean, w_grad, b_grad) in zip(records, SEED_NOT_GATE):
        assert all(_close(v, ref) for v, ref in zip(flat(record["params"]), [w, b]))
        assert all(abs(v - ref) <= SEED_PRINT for v, ref in zip(record["extras"]["a"], a))
        assert all(_close(v, ref) for v, ref in zip(flat(record["extras"]["loss_terms"]), terms))
        assert _close(record["loss"], mean)
        assert all(abs(v - ref) <= SEED_PRINT for v, ref in zip(flat(record["grads"]), [w_grad, b_grad]))


def test_not_gate_tensors_equals_the_seed_loop_bit_for_bit():
    w = torch.tensor([[3]], requires_grad=True, dtype=torch.float32)
    b = torch.tensor([[1]], requires_grad=True, dtype=torch.float32)
    expected = sgd_loop({"w": w, "b": b}, lambda: torch.mean(torch.square(torch.sigmoid(w @ X.T + b) - Y)), 10, 5)
    assert _engine_triples(_records("not_gate", options={"variant": "tensors"})) == expected


def test_not_gate_module_equals_the_seed_module_bit_for_bit():
    model = NotGate(3.0, 1.0)
    expected = sgd_loop(dict(model.named_parameters()), lambda: torch.mean(torch.square(model(X) - Y)), 10, 5)
    assert _engine_triples(_records("not_gate", options={"variant": "module"})) == expected


def test_not_gate_linear_equals_nn_linear_bit_for_bit():
    model = _linear_with(3.0, 1.0)
    params = {"linear." + n: p for n, p in model.linear.named_parameters()}
    expected = sgd_loop(params, lambda: torch.mean(torch.square(model(X) - Y.unsqueeze(1))), 10, 5)
    assert _engine_triples(_records("not_gate", options={"variant": "linear"})) == expected


@pytest.mark.parametrize("init, seed", [("seed", 0), ("random", 0), ("random", 7), ("random", 2024)])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_not_gate_three_variants_agree(init, seed, optimizer):
    runs = [_numbers(_records("not_gate", optimizer=optimizer, seed=seed, steps=8,
                              options={"variant": v, "init": init})) for v in ("tensors", "module", "linear")]
    assert runs[0] == runs[1] == runs[2]


@pytest.mark.parametrize("seed", [0, 1, 42, 123456789])
@pytest.mark.parametrize("variant", ["tensors", "module", "linear"])
def test_not_gate_random_init_equals_torch_manual_seed_nn_linear(seed, variant):
    torch.manual_seed(seed)
    reference = torch.nn.Linear(1, 1)
    start = _records("not_gate", seed=seed, steps=0, options={"variant": variant, "init": "random"})[0]["params"]
    assert flat(start) == [reference.weight.item(), reference.bias.item()]


def test_not_gate_random_init_depends_on_seed():
    starts = [flat(_records("not_gate", seed=s, steps=0, options={"init": "random"})[0]["params"]) for s in range(5)]
    assert len({tuple(s) for s in starts}) == 5


def test_not_gate_random_init_leaves_the_global_generator_alone():
    torch.manual_seed(3)
    expected = torch.rand(3)
    torch.manual_seed(3)
    _records("not_gate", seed=99, steps=0, options={"init": "random"})
    assert torch.equal(torch.rand(3), expected)


def test_not_gate_broadcast_bug_loss_terms_are_2x2():
    records = _records("not_gate", options={"variant": "linear", "broadcast_bug": True})
    terms = records[0]["extras"]["loss_terms"]
    assert [len(row) for row in terms] == [2, 2]
    correct = _records("not_gate", options={"variant": "linear"})[0]["extras"]["loss_terms"]
    assert [len(row) for row in correct] == [1, 1]


def test_not_gate_broadcast_bug_equals_the_seeds_buggy_loop():
    model = _linear_with(3.0, 1.0)
    params = {"linear." + n: p for n, p in model.linear.named_parameters()}
    expected = sgd_loop(params, lambda: torch.mean(torch.square(model(X) - Y)), 10, 5)  # (2,1) - (2,)
    got = _records("not_gate", options={"variant": "linear", "broadcast_bug": True})
    assert _engine_triples(got) == expected
    assert got[0]["loss"] != _records("not_gate", options={"variant": "linear"})[0]["loss"]


def test_not_gate_buggy_oracle_reproduces_the_seed_printout():
    """The oracle above is the seed's code: from the seed's own start it prints the seed's numbers."""
    w0, b0, _ = SEED_LINEAR_BUG[0]
    model = _linear_with(w0, b0)
    params = {"linear." + n: p for n, p in model.linear.named_parameters()}
    out = sgd_loop(params, lambda: torch.mean(torch.square(model(X) - Y)), 10, 4)
    for (loss, p, _), (w, b, mean) in zip(out, SEED_LINEAR_BUG):
        assert _close(p["linear.weight"][0][0], w) and _close(p["linear.bias"][0], b) and _close(loss, mean)


def test_not_gate_broadcast_bug_needs_linear_variant():
    with pytest.raises(InputError, match="broadcast_bug.*linear"):
        RunSpec.make("not_gate", options={"variant": "tensors", "broadcast_bug": True})


# ---- network ------------------------------------------------------------------------------

def test_network_reference_numbers_lr_0_1():
    records = _records("network", optimizer="sgd", lr=0.1, steps=5)
    assert records[0]["extras"]["post"][1] == [399.0]
    assert records[0]["loss"] == 151321.0
    for record in records[1:]:
        assert record["loss"] == 100.0
        assert all(g == 0.0 for g in flat(record["grads"]))
        assert flat(record["extras"]["dead"]) == [True] * 4


def test_network_every_relu_dead_after_one_update():
    records = _records("network", steps=1)
    assert flat(records[0]["extras"]["dead"]) == [False] * 4
    assert all(v <= 0 for v in flat(records[1]["extras"]["pre"]))
    assert flat(records[1]["extras"]["post"]) == [0.0] * 4


def test_network_seed_run_stalls_with_dead_relu_diagnostic():
    summary = run_all(RunSpec.make("network", lr=0.1, steps=5))["summary"]
    assert summary["status"] == "stalled" and summary["steps_run"] == 5 and summary["final_loss"] == 100.0
    (note,) = [d for d in summary["diagnostics"] if d["kind"] == "dead_relu"]
    for unit in ("hidden 1", "hidden 2", "hidden 3", "the output"):
        assert unit in note["message"]


def test_network_lr_1e_4_loss_at_step_7():
    records = _records("network", lr=1e-4, steps=7)
    assert records[7]["loss"] == pytest.approx(1.63, abs=0.005)


def test_network_seed_weights_are_the_seed_graph():
    assert _records("network", steps=0)[0]["params"] == NETWORK_SEED


def test_network_equals_the_seed_module_bit_for_bit():
    model = ComplexNetwork()
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.tensor(NETWORK_SEED[name]))
    x, y = torch.tensor([[3, 5]], dtype=torch.float32), torch.tensor([[10]], dtype=torch.float32)
    expected = sgd_loop(dict(model.named_parameters()), lambda: torch.mean(torch.square(model(x) - y)), 0.1, 5)
    assert _engine_triples(_records("network", lr=0.1, steps=5)) == expected


@pytest.mark.parametrize("seed", [0, 5, 31337])
def test_network_random_init_equals_torch_manual_seed_nn_linear(seed):
    torch.manual_seed(seed)
    reference = ComplexNetwork()
    start = _records("network", seed=seed, steps=0, options={"init": "random"})[0]["params"]
    assert start == {n: p.tolist() for n, p in reference.named_parameters()}


def test_network_random_init_with_other_hidden_size():
    torch.manual_seed(4)
    first, second = torch.nn.Linear(2, 6), torch.nn.Linear(6, 1)
    start = _records("network", seed=4, steps=0, options={"init": "random", "hidden": 6})[0]["params"]
    assert start["linear1.weight"] == first.weight.tolist() and start["linear2.bias"] == second.bias.tolist()
    assert [len(start["linear1.bias"]), len(start["linear2.weight"][0])] == [6, 6]


def test_network_seed_init_needs_three_hidden_units():
    with pytest.raises(InputError, match="hidden"):
        RunSpec.make("network", options={"hidden": 4})


def test_network_options_inputs_and_target():
    records = _records("network", steps=0, options={"x": [1.0, -1.0], "target": 0.0})
    pre = [-2 * 1 + 8 * -1 + 8.0, 5 * 1 - 2 * -1 - 2.0, 3 * 1 + 4 * -1 + 4.0]  # W1 @ x + b1 by hand
    assert records[0]["extras"]["pre"][0] == pre
    out = 3 * max(pre[0], 0) + 2 * max(pre[1], 0) + 8 * max(pre[2], 0) + 3.0
    assert records[0]["loss"] == out**2


# ---- the shared interface -----------------------------------------------------------------

def test_problems_share_one_interface():
    assert list(PROBLEMS) == ["parabola", "not_gate", "network", "surface", "classify"]
    for problem in PROBLEMS.values():
        described = problem.describe()
        assert set(described) == {"id", "title", "defaults", "options", "page_defaults", "presets", "race", "landscape"}
        assert set(described["defaults"]) == {"optimizer", "lr", "steps"}
        params = problem.init(problem.validate_options({}), 0)
        assert all(p.dtype == torch.float32 and p.requires_grad for p in params.values())


@pytest.mark.parametrize("problem, defaults", [("parabola", ("gd", 0.1, 50)), ("not_gate", ("sgd", 10.0, 5)),
                                               ("network", ("sgd", 0.1, 5))])
def test_problem_defaults_are_the_lessons(problem, defaults):
    spec = RunSpec.make(problem)
    assert (spec.optimizer, spec.lr, spec.steps) == defaults
