"""curvature(spec): λ_max of the loss's Hessian when the loss is a quadratic, else None; and every sweep has it."""

import pytest
import torch

from gradplay.engine import RunSpec
from gradplay.engine.curvature import MAX_ELEMENTS, curvature
from gradplay.engine.sweep import sweep


@pytest.mark.parametrize("options, expected", [
    ({}, 2.0),  # the seed's x**2 + 2*x + 1
    ({"function": "3*x**2 + x"}, 6.0),
    ({"function": "x**2", "x0": 0.0}, 2.0),
    ({"function": "0.5*(x - 3)**2"}, 1.0),
    ({"function": "-x**2"}, -2.0),  # a maximum: the largest eigenvalue is negative
    ({"function": "4*x + 1"}, 0.0),  # a line: no curvature at all
])
def test_quadratic_parabolas(options, expected):
    assert curvature(RunSpec.make("parabola", options=options)) == expected


@pytest.mark.parametrize("options", [
    {"function": "x**4 - 3*x**2"}, {"function": "x**4", "x0": 0.0}, {"function": "sin(x)"},
    {"function": "x**3"}, {"requires_grad": False},
])
def test_not_quadratic_or_no_gradient_is_none(options):
    assert curvature(RunSpec.make("parabola", options=options)) is None


@pytest.mark.parametrize("options", [{}, {"variant": "module"}, {"variant": "linear"}, {"init": "random"}])
def test_not_gate_is_not_quadratic(options):
    assert curvature(RunSpec.make("not_gate", options=options)) is None


@pytest.mark.parametrize("options", [{}, {"activation": "identity", "output_activation": "identity"}])
def test_network_is_not_quadratic(options):
    # 13 elements, but even without activations the loss multiplies weights of two layers: degree 4
    assert curvature(RunSpec.make("network", options=options)) is None


def test_more_than_max_elements_is_not_tried(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("no Hessian should be computed for more than MAX_ELEMENTS elements")
    monkeypatch.setattr(torch.autograd.functional, "hessian", refuse)
    spec = RunSpec.make("network", options={"init": "random", "hidden": 5})
    assert 2 * 5 + 5 + 5 + 1 > MAX_ELEMENTS and curvature(spec) is None


def test_the_value_is_torchs_own_hessian_eigenvalue():
    """Against torch.autograd.functional.hessian of the same function, written here."""
    f = lambda x: 2.5 * x**2 - 3 * x + 7  # noqa: E731
    hessian = torch.autograd.functional.hessian(f, torch.tensor(5.0))
    assert curvature(RunSpec.make("parabola", options={"function": "2.5*x**2 - 3*x + 7"})) == float(hessian) == 5.0


@pytest.mark.parametrize("problem, options, expected", [
    ("parabola", {}, 2.0), ("parabola", {"function": "x**4 - 3*x**2"}, None), ("not_gate", {}, None),
])
def test_every_sweep_carries_it(problem, options, expected):
    spec = RunSpec.make(problem, steps=2, options=options)
    assert sweep(spec, [0.1])["curvature"] == expected
    assert sweep(spec, [0.1], summary_only=True)["curvature"] == expected
