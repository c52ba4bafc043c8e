"""The classify lesson against a plain torch loop written here: nn.Linear layers, torch.optim, the same data,
the same initial weights (torch.manual_seed), the same shuffling generator; compared record by record."""

import json
import subprocess
import sys

import pytest
import torch
import torch.nn.functional as F

from gradplay.engine import InputError, RunSpec, datasets, run_all
from gradplay.engine.codegen import script
from gradplay.engine.problems import PROBLEMS
from gradplay.engine.problems.classify_notes import explain

SMALL = {"samples": 60, "grid": 5}  # 30 training points: 3 minibatches of 10 per epoch
ACT = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "linear": lambda t: t}


class Net(torch.nn.Module):
    def __init__(self, sizes, activation):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.activation = activation

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = self.activation(layer(x))
        return self.layers[-1](x)


def torch_optimizer(name, params, lr):
    if name == "gd":
        return None
    make = {"sgd": lambda: torch.optim.SGD(params, lr=lr),
            "momentum": lambda: torch.optim.SGD(params, lr=lr, momentum=0.9, dampening=0.0),
            "nesterov": lambda: torch.optim.SGD(params, lr=lr, momentum=0.9, nesterov=True),
            "adam": lambda: torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8),
            "adamw": lambda: torch.optim.AdamW(params, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
            "rmsprop": lambda: torch.optim.RMSprop(params, lr=lr, alpha=0.99, eps=1e-8),
            "adagrad": lambda: torch.optim.Adagrad(params, lr=lr, eps=1e-10)}
    return make[name]()


def plain_run(spec):
    """The run as a person writes it with torch: records of (loss, params, grads, state, test loss, accuracies)."""
    o = spec.options
    xy, label = datasets.make(o["dataset"], o["samples"], o["noise"], o["data_seed"], o["points"])
    (a, la), (b, lb) = datasets.split(xy, label, o["train_fraction"])
    x, y = datasets.features(a, o["features"]), la[:, None]
    tx, ty = datasets.features(b, o["features"]), lb[:, None]
    torch.manual_seed(spec.seed)
    model = Net([len(o["features"]), *o["hidden"], 1], ACT[o["activation"]])
    params = dict(model.named_parameters())
    optimizer = torch_optimizer(spec.optimizer, list(params.values()), spec.lr)
    shuffle = torch.Generator().manual_seed(spec.seed)

    def loss_of(z, target):
        if o["loss"] == "bce":
            return F.binary_cross_entropy_with_logits(z, target)
        return F.mse_loss(torch.sigmoid(z), target)

    def penalty():
        weights = [p for n, p in params.items() if n.endswith("weight")]
        if o["regularization"] == "l1":
            return o["reg_rate"] * sum(w.abs().sum() for w in weights)
        return o["reg_rate"] * sum(w.square().sum() for w in weights) / 2

    records = []
    for step in range(spec.steps + 1):
        loss = loss_of(model(x), y)
        loss.backward()
        with torch.no_grad():
            test_z = model(tx)
            records.append({
                "loss": loss.item(), "params": {n: p.tolist() for n, p in params.items()},
                "grads": {n: p.grad.tolist() for n, p in params.items()},
                "state": {} if optimizer is None else {
                    n: {k: v.tolist() if torch.is_tensor(v) else v for k, v in optimizer.state[p].items()}
                    for n, p in params.items() if optimizer.state.get(p)},
                "test_loss": loss_of(test_z, ty).item(),
                "train_accuracy": ((model(x) > 0).float() == y).float().mean().item(),
                "test_accuracy": ((test_z > 0).float() == ty).float().mean().item()})
        if step == spec.steps:
            break
        for p in params.values():
            p.grad = None
        order = torch.randperm(len(y), generator=shuffle)
        for start in range(0, len(y), o["batch_size"]):
            rows = order[start:start + o["batch_size"]]
            batch_loss = loss_of(model(x[rows]), y[rows])
            if o["regularization"] != "none":
                batch_loss = batch_loss + penalty()
            batch_loss.backward()
            if optimizer is None:  # the seed's manual update
                with torch.no_grad():
                    for p in params.values():
                        p -= spec.lr * p.grad
                        p.grad.zero_()
            else:
                optimizer.step()
                optimizer.zero_grad()
    return records


def engine_view(records):
    return [{"loss": r["loss"], "params": r["params"], "grads": r["grads"], "state": r["state"],
             **{k: r["extras"][k] for k in ("test_loss", "train_accuracy", "test_accuracy")}} for r in records]


def assert_same_run(spec):
    engine = run_all(spec)
    assert engine["summary"]["status"] == "completed"
    assert engine_view(engine["records"]) == plain_run(spec)
    return engine


@pytest.mark.parametrize("batch_size", [10, 7, 500], ids=["minibatches", "uneven", "full_batch"])
def test_runs_equal_a_plain_torch_loop_record_by_record(batch_size):
    spec = RunSpec.make("classify", lr=0.3, steps=4, seed=3, options={**SMALL, "batch_size": batch_size})
    records = assert_same_run(spec)["records"]
    assert records[-1]["loss"] < records[0]["loss"]


@pytest.mark.parametrize("optimizer", ["gd", "sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad"])
def test_every_optimizer_equals_torch_optim_on_one_setting(optimizer):
    spec = RunSpec.make("classify", optimizer=optimizer, lr=0.05, steps=3, seed=1,
                        options={**SMALL, "dataset": "xor", "features": ["x1", "x2", "x1x2"], "noise": 10.0})
    assert_same_run(spec)


@pytest.mark.parametrize("options", [
    {"hidden": [], "loss": "bce"},
    {"hidden": [3, 3, 2], "activation": "relu", "regularization": "l1", "reg_rate": 0.01},
    {"hidden": [5], "activation": "sigmoid", "regularization": "l2", "reg_rate": 0.1, "dataset": "spiral",
     "features": ["x1", "x2", "x1sq", "x2sq", "x1x2", "sin_x1", "sin_x2"]},
    {"activation": "linear", "dataset": "gauss", "noise": 30.0, "train_fraction": 0.3},
    {"dataset": "points", "points": [[1, 2, 1], [-1, -2, 0], [3, 3, 1], [-4, 0.5, 0], [2, -5, 0], [0, 0, 1]],
     "batch_size": 2},
], ids=["no_hidden_bce", "relu_l1", "sigmoid_l2_all_features", "linear_gauss", "points"])
def test_network_shapes_losses_and_penalties_equal_torch(options):
    assert_same_run(RunSpec.make("classify", optimizer="adam", lr=0.02, steps=3, options={**SMALL, **options}))


def test_init_is_nn_linear_under_manual_seed_and_names_are_torch_names():
    options = PROBLEMS["classify"].validate_options({"hidden": [4, 2]})
    params = PROBLEMS["classify"].init(options, 11)
    torch.manual_seed(11)
    model = Net([2, 4, 2, 1], torch.tanh)
    assert list(params) == [n for n, _ in model.named_parameters()] == [
        "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias"]
    assert all(torch.equal(params[n], p) and params[n].requires_grad for n, p in model.named_parameters())


def test_records_carry_the_boundary_and_neuron_thumbnails():
    spec = RunSpec.make("classify", steps=1, options={**SMALL, "grid": 7, "hidden": [3, 2]})
    extras = run_all(spec)["records"][1]["extras"]
    assert len(extras["boundary"]) == 7 and all(len(row) == 7 for row in extras["boundary"])
    assert [len(layer) for layer in extras["neurons"]] == [3, 2] and len(extras["neurons"][0][0]) == 16
    # the boundary is the model's probability of class 1 at the lattice points, row i at y = ys[i]
    params = {n: torch.tensor(v) for n, v in run_all(spec)["records"][1]["params"].items()}
    torch.manual_seed(0)
    model = Net([2, 3, 2, 1], torch.tanh)
    with torch.no_grad():
        for n, p in model.named_parameters():
            p.copy_(params[n])
        expected = torch.sigmoid(model(datasets.lattice(7))).reshape(7, 7)
        hidden1 = torch.tanh(model.layers[0](datasets.lattice(16)))
    # pictures, rounded to 4 decimals
    assert torch.tensor(extras["boundary"]).allclose(expected, rtol=0, atol=5.01e-5)
    assert torch.tensor(extras["neurons"][0][1]).allclose(hidden1[:, 1].reshape(16, 16), rtol=0, atol=5.01e-5)
    assert all(round(v, 4) == v for row in extras["boundary"] for v in row)


def test_xor_with_the_product_feature_reaches_95_percent_on_test_points():
    spec = RunSpec.make("classify", optimizer="adam", lr=0.03, steps=15,
                        options={"dataset": "xor", "features": ["x1", "x2", "x1x2"], "samples": 200, "grid": 5})
    accuracy = [r["extras"]["test_accuracy"] for r in run_all(spec)["records"]]
    assert accuracy[0] < 0.9 and accuracy[-1] >= 0.95


@pytest.mark.parametrize("optimizer, options", [
    ("adam", {"regularization": "l2", "reg_rate": 0.01}),
    ("gd", {"dataset": "points", "points": [[1, 2, 1], [-1, -2, 0], [3, 3, 1], [-4, 0, 0]], "batch_size": 1}),
])
def test_the_exported_script_prints_the_same_records(optimizer, options):
    spec = RunSpec.make("classify", optimizer=optimizer, lr=0.1, steps=3, options={**SMALL, "hidden": [3], **options})
    proc = subprocess.run([sys.executable, "-c", script(spec)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    printed = [json.loads(line) for line in proc.stdout.splitlines()]
    expected = [{k: r[k] for k in ("step", "loss", "params", "grads", "state")} for r in run_all(spec)["records"]]
    assert printed == expected and len(printed) == 4


@pytest.mark.parametrize("options, message", [
    ({"hidden": [2] * 7}, "at most 6 hidden layer"),
    ({"hidden": [9]}, "from 1 to 8 units"),
    ({"hidden": [0]}, "from 1 to 8 units"),
    ({"features": ["x1", "x3"]}, "unknown feature 'x3'"),
    ({"features": []}, "non-empty list"),
    ({"points": [[0, 0, 2]]}, "label must be 0 or 1"),
    ({"points": [[7, 0, 1]]}, r"within \[-6, 6\]"),
    ({"points": [[0, 0, 1]] * 1001}, "at most 1000 points"),
    ({"noise": 51}, r"within \[0, 50\]"),
    ({"batch_size": 0}, r"within \[1, 500\]"),
    ({"dataset": "points"}, "needs at least 2 points"),
    ({"grid": 201}, r"within \[2, 200\]"),
    ({"activation": "softmax"}, "must be one of"),
])
def test_bad_options_name_the_limit(options, message):
    with pytest.raises(InputError, match=message):
        RunSpec.make("classify", options=options)


def test_features_come_in_one_fixed_order():
    assert RunSpec.make("classify", options={"features": ["x1x2", "x1"]}).options["features"] == ["x1", "x1x2"]


def test_dead_relus_stall_a_run_and_are_named():
    spec = RunSpec.make("classify", lr=100.0, steps=3, options={**SMALL, "activation": "relu", "hidden": [4]})
    summary = run_all(spec)["summary"]
    kinds = [d["kind"] for d in summary["diagnostics"]]
    assert "dead_relu" in kinds and "layer 1 unit" in summary["diagnostics"][kinds.index("dead_relu")]["message"]


def test_many_dead_units_are_named_one_phrase_a_layer():
    last = {"step": 9, "loss": 0.7, "extras": {"dead": [[False, True, False, True], [True, False], [False, False]]}}
    (note,) = explain({"activation": "relu"}, last, last)
    assert note["message"].startswith("dead ReLUs: layer 1 units 2, 4; layer 2 unit 1 output 0 on every training point")


def test_explain_names_saturation_overfitting_and_a_too_large_lr():
    first = {"step": 0, "loss": 0.3, "extras": {"test_loss": 0.3}}
    last = {"step": 40, "loss": 0.05,
            "extras": {"test_loss": 0.2, "saturated": [[True, False]], "dead": [[False, False]]}}
    lowest = {"test_loss": {"value": 0.1, "step": 12, "loss": 0.12}, "loss": {"value": 0.05, "step": 40, "loss": 0.05}}
    notes = explain({"activation": "tanh"}, first, last, lowest)
    assert [n["kind"] for n in notes] == ["saturated", "overfitting"]
    assert "layer 1 unit 1" in notes[0]["message"] and "since epoch 12" in notes[1]["message"]
    bounced = {"step": 40, "loss": 0.3, "extras": {"test_loss": 0.3}}
    lowest = {"test_loss": {"value": 0.25, "step": 5, "loss": 0.1}, "loss": {"value": 0.1, "step": 5, "loss": 0.1}}
    assert [n["kind"] for n in explain({"activation": "tanh"}, first, bounced, lowest)] == ["lr_too_large"]


def test_a_real_run_that_overshoots_says_the_lr_is_too_large():
    spec = RunSpec.make("classify", optimizer="sgd", lr=10.0, steps=20, options={**SMALL, "loss": "bce"})
    assert "lr_too_large" in [d["kind"] for d in run_all(spec)["summary"]["diagnostics"]]


def test_a_big_network_on_few_noisy_points_overfits_and_says_so():
    spec = RunSpec.make("classify", optimizer="adam", lr=0.03, steps=60,
                        options={"samples": 40, "grid": 5, "dataset": "spiral", "noise": 50.0, "hidden": [8, 8, 8]})
    result = run_all(spec)
    notes = {d["kind"]: d["message"] for d in result["summary"]["diagnostics"]}
    last = result["records"][-1]
    assert "overfitting" in notes and last["loss"] < result["records"][0]["loss"]
    assert last["extras"]["test_loss"] > result["records"][0]["extras"]["test_loss"]
