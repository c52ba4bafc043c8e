"""A lesson is a unit: a Problem registered with its hooks works in runs, export, graph and landscape
without any other module knowing its name. The oracle is a toy lesson written here."""

import json
import subprocess
import sys

import pytest
import torch

from gradplay.engine import PROBLEMS, InputError, RunSpec, run_all
from gradplay.engine.codegen import script
from gradplay.engine.graph import graph
from gradplay.engine.landscape import landscape
from gradplay.engine.options import Option
from gradplay.engine.problems import Problem

TARGET = torch.tensor(1.0)  # where a ends; b ends at -2


def _init(options: dict, seed: int) -> dict:
    return {"a": torch.tensor(options["a0"], requires_grad=True), "b": torch.tensor(0.0, requires_grad=True)}


def _forward(params: dict, options: dict, batched: bool) -> tuple[torch.Tensor, dict]:
    return torch.square(params["a"] - TARGET) + 10 * torch.square(params["b"] + 2), {}


def _export(options: dict) -> str:
    return f'''
target = torch.tensor(1.0)
a = torch.tensor({options["a0"]!r}, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
params = {{"a": a, "b": b}}


def compute_loss():
    return torch.square(a - target) + 10 * torch.square(b + 2)
'''


TOY = Problem(id="toy", title="a toy valley", defaults={"optimizer": "momentum", "lr": 0.05, "steps": 8},
              options={"a0": Option(4.0, "start of a", bounds=(-10.0, 10.0))}, init=_init, forward=_forward,
              export=_export, graph_data=lambda options: [("target", TARGET)],
              landscape=lambda options: {"x": {"param": "a", "min": -3.0, "max": 5.0},
                                         "y": {"param": "b", "min": -4.0, "max": 2.0}},
              race={"entries": [["adam", 0.1]], "threshold": 0.1})


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setitem(PROBLEMS, "toy", TOY)


def test_a_new_lesson_exports_a_script_that_prints_its_records(toy):
    spec = RunSpec.make("toy", options={"a0": 3.0})
    proc = subprocess.run([sys.executable, "-c", script(spec)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    printed = [json.loads(line) for line in proc.stdout.splitlines()]
    expected = [{k: r[k] for k in ("step", "loss", "params", "grads", "state")} for r in run_all(spec)["records"]]
    assert printed == expected and len(printed) == 9 and printed[0]["loss"] == 4.0 + 40.0


def test_a_new_lesson_gets_its_own_landscape_axes_and_graph_names(toy):
    surface = landscape("toy", n=3)
    assert (surface["x"], surface["y"], surface["x_param"]) == ([-3.0, 1.0, 5.0], [-4.0, -1.0, 2.0], "a")
    assert surface["loss"][1][1] == (1.0 - 1.0) ** 2 + 10 * (-1.0 + 2.0) ** 2
    labels = {n["label"] for n in graph(RunSpec.make("toy"), 0)["nodes"] if n["kind"] == "input"}
    assert labels == {"target"}


def test_a_lesson_without_export_says_so():
    bare = Problem(id="bare", title="bare", defaults={}, options={}, init=_init, forward=_forward)
    with pytest.raises(InputError, match="cannot be exported"):
        bare.export({})
    assert bare.graph_data({}) == [] and bare.landscape({}) is None
    assert bare.describe()["presets"] == [] and bare.describe()["race"] is None


def test_the_lessons_own_their_axes_and_graph_data():
    assert PROBLEMS["not_gate"].landscape({"variant": "linear"})["x"] == {"param": "linear.weight", "min": -10.0,
                                                                          "max": 10.0}
    assert PROBLEMS["parabola"].landscape({}) is None
    names = [n for n, _ in PROBLEMS["network"].graph_data({"x": [3.0, 5.0], "target": 10.0})]
    assert names == ["x", "y"]
