"""script(spec): the exported PyTorch script, run with plain `python`, prints gradplay's records.

The cases that lean on a fresh interpreter (the seed lesson, torch's refusal, the seeded
random inits) each run as `subprocess.run([sys.executable, "-c", text])`. The rest share one
more interpreter, each script exec'd in its own empty namespace, because a torch start with
torch.optim costs seconds. Their JSON lines are compared with run_all's records: step, loss,
params, grads and the optimizer's state, exactly."""

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from gradplay.engine import RunSpec, run_all
from gradplay.engine.codegen import script
from tests.engine.oracles import SHARED_DRIVER

CASES = {
    "parabola-gd-seed": dict(problem="parabola", optimizer="gd", lr=0.1, steps=50),
    "parabola-sgd-typed": dict(problem="parabola", optimizer="sgd", lr=0.05, steps=20,
                               options={"function": "sin(x)*x + sigmoid(x) - exp(-x**2) + sin(1)", "x0": 2.5}),
    "parabola-gd-diverges": dict(problem="parabola", optimizer="gd", lr=5.0, steps=50),
    "parabola-requires-grad-false": dict(problem="parabola", options={"requires_grad": False}),
    "not_gate-tensors-sgd": dict(problem="not_gate", optimizer="sgd", lr=10, steps=5),
    "not_gate-module-momentum": dict(problem="not_gate", optimizer="momentum", lr=2.0, steps=10,
                                     hyper={"momentum": 0.8, "dampening": 0.1, "weight_decay": 0.01},
                                     options={"variant": "module"}),
    "not_gate-linear-nesterov-random": dict(problem="not_gate", optimizer="nesterov", lr=1.0, steps=10, seed=7,
                                            options={"variant": "linear", "init": "random"}),
    "not_gate-linear-bug-rmsprop": dict(problem="not_gate", optimizer="rmsprop", lr=0.1, steps=10,
                                        hyper={"momentum": 0.5},
                                        options={"variant": "linear", "broadcast_bug": True}),
    "network-seed-sgd": dict(problem="network", optimizer="sgd", lr=0.1, steps=5),
    "network-seed-adamw-leaky": dict(problem="network", optimizer="adamw", lr=0.01, steps=10,
                                     hyper={"beta1": 0.8, "eps": 1e-6}, options={"activation": "leaky_relu"}),
    "network-random-adagrad": dict(problem="network", optimizer="adagrad", lr=0.1, steps=10, seed=5,
                                   hyper={"lr_decay": 0.01, "initial_accumulator_value": 0.1},
                                   options={"init": "random", "hidden": 5, "activation": "tanh",
                                            "output_activation": "identity", "x": [1.5, -2.0], "target": 3.0}),
}


ALONE = ["parabola-gd-seed", "parabola-requires-grad-false", "not_gate-linear-nesterov-random",
         "network-random-adagrad"]



def _execute(text: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", text], input=stdin, capture_output=True, text=True, timeout=120)


def _shared(texts: dict[str, str]) -> dict[str, subprocess.CompletedProcess]:
    proc = _execute(SHARED_DRIVER, json.dumps(texts))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {name: subprocess.CompletedProcess([], 0, stdout, "") for name, stdout in json.loads(proc.stdout).items()}


@pytest.fixture(scope="module")
def outputs() -> dict[str, subprocess.CompletedProcess]:
    """Each case's script, run once; two interpreters at a time to keep the suite quick."""
    texts = {name: script(RunSpec.make(**request)) for name, request in CASES.items()}
    shared = {name: text for name, text in texts.items() if name not in ALONE}
    with ThreadPoolExecutor(max_workers=2) as pool:
        shared_run = pool.submit(_shared, shared)
        alone = dict(zip(ALONE, pool.map(_execute, [texts[name] for name in ALONE])))
        return alone | shared_run.result()


def _lines(proc: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def _expected(request: dict) -> list[dict]:
    records = run_all(RunSpec.make(**request))["records"]
    return [{k: r[k] for k in ("step", "loss", "params", "grads", "state")} for r in records]


@pytest.mark.parametrize("name", [n for n in CASES if n != "parabola-requires-grad-false"])
def test_script_prints_the_same_records(name, outputs):
    proc = outputs[name]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _lines(proc) == _expected(CASES[name])


def test_script_seed_lesson_prints_51_records(outputs):
    lines = _lines(outputs["parabola-gd-seed"])
    assert len(lines) == 51 and lines[1]["params"] == {"x": pytest.approx(3.8)}


def test_script_stops_at_the_first_non_finite_record(outputs):
    lines = _lines(outputs["parabola-gd-diverges"])
    expected = run_all(RunSpec.make(**CASES["parabola-gd-diverges"]))
    assert expected["summary"]["status"] == "diverged"
    assert len(lines) == len(expected["records"]) and lines[-1]["loss"] is None


def test_script_network_seed_run_stalls_like_gradplay(outputs):
    lines = _lines(outputs["network-seed-sgd"])
    assert lines[0]["loss"] == 151321.0 and [line["loss"] for line in lines[1:]] == [100.0] * 5


def test_script_requires_grad_false_fails_with_torchs_error_like_the_seed(outputs):
    proc = outputs["parabola-requires-grad-false"]
    assert proc.returncode != 0
    assert "RuntimeError" in proc.stderr and "does not require grad" in proc.stderr
    message = run_all(RunSpec.make(**CASES["parabola-requires-grad-false"]))["summary"]["diagnostics"][0]["message"]
    torch_line = proc.stderr.strip().splitlines()[-1].removeprefix("RuntimeError: ")
    assert torch_line in message


# ---- the text itself ------------------------------------------------------------------------

def test_script_writes_the_seed_way():
    text = script(RunSpec.make("not_gate", options={"variant": "module"}))
    assert "class NotGate(torch.nn.Module)" in text and "torch.optim.SGD(params.values(), lr=lr" in text
    assert "torch.sigmoid(self.w @ x.T + self.b)" in text
    gd = script(RunSpec.make("parabola"))
    assert "p -= lr * p.grad" in gd and "torch.optim" not in gd


def test_script_carries_only_checked_text():
    text = script(RunSpec.make("parabola", options={"function": "  sin(x)  +  pi*x "}))
    assert "return torch.sin(x) + math.pi * x" in text
    assert "  sin(x)  +  pi*x " not in text


def test_script_names_every_hyperparameter():
    text = script(RunSpec.make("parabola", optimizer="adagrad",
                               hyper={"lr_decay": 0.5, "eps": 1e-9, "initial_accumulator_value": 0.25}))
    assert ("torch.optim.Adagrad(params.values(), lr=lr, lr_decay=0.5, eps=1e-09, initial_accumulator_value=0.25, "
            "weight_decay=0.0)") in text
    adam = script(RunSpec.make("parabola", optimizer="adam", hyper={"beta1": 0.8}))
    assert "betas=(0.8, 0.999)" in adam
    assert "nesterov=True" in script(RunSpec.make("parabola", optimizer="nesterov"))
