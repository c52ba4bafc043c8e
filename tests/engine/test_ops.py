"""ops.sigmoid: a batch of rows rounds exactly as each row does on its own."""

import torch

from gradplay.engine.ops import sigmoid


def _rows(shape: tuple, scale: float = 5.0) -> torch.Tensor:
    return torch.randn(shape, generator=torch.Generator().manual_seed(0)) * scale


def _one_by_one(z: torch.Tensor) -> torch.Tensor:
    """The oracle: torch.sigmoid on each row alone, the shape a single run sees."""
    return torch.stack([torch.sigmoid(row) for row in z])


def test_sigmoid_single_is_torch_sigmoid():
    z = _rows((1, 2))
    assert torch.equal(sigmoid(z, False), torch.sigmoid(z))


def test_sigmoid_batched_equals_each_row_alone():
    z = _rows((4096, 1, 2))
    assert torch.equal(sigmoid(z, True), _one_by_one(z))


def test_sigmoid_batched_scalar_rows():
    z = _rows((300,))
    assert torch.equal(sigmoid(z, True), _one_by_one(z))


def test_sigmoid_batched_keeps_the_gradient_per_row():
    z = _rows((64, 1, 2)).requires_grad_(True)
    sigmoid(z, True).sum().backward()
    expected = []
    for row in z.detach():
        r = row.clone().requires_grad_(True)
        torch.sigmoid(r).sum().backward()
        expected.append(r.grad)
    assert torch.equal(z.grad, torch.stack(expected))
