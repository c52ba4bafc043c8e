"""The batched update rules against torch.optim itself, one optimizer per row.

Row i of a batched parameter, updated with lrs[i], must equal a plain tensor updated by the
torch.optim class (or the seed's manual loop) with lr = lrs[i], given the same gradients."""

import pytest
import torch

from gradplay.engine.batched_optim import RULES, BatchedOptimizer
from gradplay.engine.optimizers import OPTIMIZERS
from tests.engine.oracles import HYPER

LRS = [1e-4, 3e-3, 0.01, 0.1, 0.37, 1.0, 2.5]
SHAPES = [(), (1, 1), (3, 2)]
STEPS = 8


def _defaults(name: str) -> dict:
    return {k: o.default for k, o in OPTIMIZERS[name].hyper.items()}


def _gradients(shape: tuple, seed: int) -> list[torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    return [torch.randn((len(LRS), *shape), generator=gen) for _ in range(STEPS)]


def _start(shape: tuple) -> torch.Tensor:
    return torch.randn(shape, generator=torch.Generator().manual_seed(1))


def _torch_row(name: str, hyper: dict, lr: float, start: torch.Tensor, grads: list[torch.Tensor]) -> torch.Tensor:
    """One row: torch.optim through the engine's own factory, or `p -= lr * p.grad` for gd."""
    p = start.clone().requires_grad_(True)
    optimizer = OPTIMIZERS[name].make([p], lr, hyper)
    for g in grads:
        p.grad = g.clone()
        optimizer.step()
        optimizer.zero_grad()
    return p.detach()


def _batched(name: str, hyper: dict, start: torch.Tensor, grads: list[torch.Tensor]) -> torch.Tensor:
    p = start.unsqueeze(0).repeat(len(LRS), *[1] * start.dim()).requires_grad_(True)
    optimizer = BatchedOptimizer(name, LRS, hyper)
    for g in grads:
        p.grad = g.clone()
        optimizer.step([p])
        optimizer.zero_grad([p])
    return p.detach()


def test_batched_rules_cover_every_optimizer():
    assert set(RULES) == set(OPTIMIZERS)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", list(HYPER))
@pytest.mark.parametrize("which", ["defaults", "custom"])
def test_batched_rule_rows_equal_torch_optim(name, shape, which):
    hyper = _defaults(name) if which == "defaults" else _defaults(name) | HYPER[name]
    start, grads = _start(shape), _gradients(shape, seed=len(name))
    batched = _batched(name, hyper, start, grads)
    for i, lr in enumerate(LRS):
        expected = _torch_row(name, hyper, lr, start, [g[i] for g in grads])
        assert torch.equal(batched[i], expected), (lr, (batched[i] - expected).abs().max().item())


def test_batched_rmsprop_without_momentum_equals_torch():
    hyper = _defaults("rmsprop") | {"alpha": 0.95, "weight_decay": 0.1}
    start, grads = _start((3, 2)), _gradients((3, 2), seed=9)
    batched = _batched("rmsprop", hyper, start, grads)
    for i, lr in enumerate(LRS):
        assert torch.equal(batched[i], _torch_row("rmsprop", hyper, lr, start, [g[i] for g in grads]))


def test_batched_zero_grad_clears_gradients():
    p = torch.zeros(len(LRS), 2, requires_grad=True)
    p.grad = torch.ones_like(p)
    BatchedOptimizer("sgd", LRS, {"weight_decay": 0.0}).zero_grad([p])
    assert p.grad is None


def test_batched_rows_never_mix():
    """A row with a NaN gradient spoils only its own row."""
    start, grads = _start((3, 2)), _gradients((3, 2), seed=4)
    grads[2][3, 1, 0] = float("nan")
    batched = _batched("adam", _defaults("adam"), start, grads)
    bad_rows = [i for i in range(len(LRS)) if not torch.isfinite(batched[i]).all()]
    assert bad_rows == [3]


# ---- a swept hyperparameter: one value per row, as a float32 column -------------------------------

SWEPT = {"momentum": [0.0, 0.5, 0.99], "dampening": [0.0, 0.5], "weight_decay": [0.0, 0.3], "beta1": [0.0, 0.95],
         "beta2": [0.9, 0.999], "alpha": [0.5, 0.99], "eps": [1e-8, 0.1], "lr_decay": [0.0, 0.1],
         "initial_accumulator_value": [0.0, 2.0]}


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name, hyper_name", [(o, h) for o in OPTIMIZERS for h in OPTIMIZERS[o].hyper])
def test_batched_rule_with_a_swept_hyperparameter_equals_torch_optim(name, hyper_name, shape):
    """Rows = values x LRS; row (value, lr) must equal torch.optim with lr and hyper[hyper_name] = value."""
    values = [v for v in SWEPT[hyper_name] if not (name == "nesterov" and v == 0)]  # torch refuses that
    rows = [(v, lr) for v in values for lr in LRS]
    gen = torch.Generator().manual_seed(2)
    grads = [torch.randn((len(rows), *shape), generator=gen) for _ in range(STEPS)]
    start = _start(shape)
    p = start.unsqueeze(0).repeat(len(rows), *[1] * start.dim()).requires_grad_(True)
    optimizer = BatchedOptimizer(name, [lr for _, lr in rows], _defaults(name), (hyper_name, [v for v, _ in rows]))
    for g in grads:
        p.grad = g.clone()
        optimizer.step([p])
        optimizer.zero_grad([p])
    for i, (value, lr) in enumerate(rows):
        expected = _torch_row(name, _defaults(name) | {hyper_name: value}, lr, start, [g[i] for g in grads])
        assert torch.equal(p[i].detach(), expected), (value, lr)
