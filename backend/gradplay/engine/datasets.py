"""The classify lesson's data: one small pure function per dataset, seeded by a torch.Generator.

The four shapes are TensorFlow Playground's (src/dataset.ts), written again in torch: the
same radii, padding and noise rules, with labels 1 and 0 where TFP has 1 and -1. `noise`
is a fraction (TFP's slider percent / 100); noise moves the point used to pick the label
(circle, xor) or the point itself (gauss, spiral). Every function returns (xy (n, 2),
label (n,)), float32, and knows nothing of the network. This module imports only torch
and math, so an exported script can carry these functions' source verbatim.
"""

import math

import torch

DOMAIN = 6.0  # data and drawing live in [-DOMAIN, DOMAIN]^2, as in TFP


def _uniform(n: int, lo: float, hi: float, gen: torch.Generator) -> torch.Tensor:
    return torch.rand(n, generator=gen) * (hi - lo) + lo


def _halves(n: int) -> tuple[int, int]:
    """(positives, negatives): n split in two, the odd one out a positive."""
    return n - n // 2, n // 2


def circle(n: int, noise: float, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Positives in a disc of radius 2.5, negatives in a ring 3.5..5; noise blurs the labels."""
    radius = 5.0
    parts = []
    for count, r_lo, r_hi in ((_halves(n)[0], 0.0, 0.5 * radius), (_halves(n)[1], 0.7 * radius, radius)):
        r = _uniform(count, r_lo, r_hi, gen)
        angle = _uniform(count, 0.0, 2 * math.pi, gen)
        xy = torch.stack((r * torch.sin(angle), r * torch.cos(angle)), 1)
        shift = _uniform(2 * count, -radius, radius, gen).reshape(count, 2) * noise
        label = (torch.linalg.vector_norm(xy + shift, dim=1) < 0.5 * radius).float()
        parts.append((xy, label))
    return torch.cat([p[0] for p in parts]), torch.cat([p[1] for p in parts])


def xor(n: int, noise: float, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Uniform over [-5.3, 5.3]^2 with a 0.3 gap at the axes; label 1 where x1·x2 ≥ 0 (noise blurs it)."""
    xy = _uniform(2 * n, -5.0, 5.0, gen).reshape(n, 2)
    xy = xy + torch.where(xy > 0, 0.3, -0.3)  # the padding keeps points off the axes
    shift = _uniform(2 * n, -5.0, 5.0, gen).reshape(n, 2) * noise
    moved = xy + shift
    return xy, (moved[:, 0] * moved[:, 1] >= 0).float()


def gauss(n: int, noise: float, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Two Gaussian blobs at (2, 2) (label 1) and (-2, -2) (label 0); variance 0.5..4 as noise goes 0..0.5."""
    std = math.sqrt(0.5 + noise / 0.5 * 3.5)
    parts = []
    for count, centre, label in ((_halves(n)[0], 2.0, 1.0), (_halves(n)[1], -2.0, 0.0)):
        xy = torch.randn(count, 2, generator=gen) * std + centre
        parts.append((xy.clamp(-DOMAIN, DOMAIN), torch.full((count,), label)))  # kept inside the drawn square
    return torch.cat([p[0] for p in parts]), torch.cat([p[1] for p in parts])


def spiral(n: int, noise: float, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaved arms of 1.75 turns out to radius 5 (label 1, and 0 half a turn on); noise jitters points."""
    parts = []
    for count, delta, label in ((_halves(n)[0], 0.0, 1.0), (_halves(n)[1], math.pi, 0.0)):
        i = torch.arange(count, dtype=torch.float32) / count
        r, t = i * 5, 1.75 * i * 2 * math.pi + delta
        jitter = _uniform(2 * count, -1.0, 1.0, gen).reshape(count, 2) * noise
        xy = torch.stack((r * torch.sin(t), r * torch.cos(t)), 1) + jitter
        parts.append((xy, torch.full((count,), label)))
    return torch.cat([p[0] for p in parts]), torch.cat([p[1] for p in parts])


GENERATORS = {"circle": circle, "xor": xor, "gauss": gauss, "spiral": spiral}

# the input features a network may see, each computed from (x1, x2); their order is the first layer's columns
FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1sq": lambda x1, x2: x1 * x1,
    "x2sq": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sin_x1": lambda x1, x2: torch.sin(x1),
    "sin_x2": lambda x1, x2: torch.sin(x2),
}


def make(dataset: str, samples: int, noise_percent: float, data_seed: int,
         points: list | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """All the points, shuffled by `data_seed` (TFP shuffles before it splits): (xy (n, 2), label (n,))."""
    gen = torch.Generator().manual_seed(data_seed)
    if dataset == "points":
        data = torch.tensor(points, dtype=torch.float32).reshape(-1, 3)
        xy, label = data[:, :2], data[:, 2]
    else:
        xy, label = GENERATORS[dataset](samples, noise_percent / 100, gen)
    order = torch.randperm(len(label), generator=gen)
    return xy[order], label[order]


def split(xy: torch.Tensor, label: torch.Tensor, train_fraction: float) -> tuple[tuple, tuple]:
    """((train xy, label), (test xy, label)): the first share trains, the rest tests, each at least one point."""
    n_train = min(max(1, math.floor(len(label) * train_fraction)), len(label) - 1)
    return (xy[:n_train], label[:n_train]), (xy[n_train:], label[n_train:])


def features(xy: torch.Tensor, names: list[str]) -> torch.Tensor:
    """The (n, len(names)) input matrix, one column per named feature."""
    x1, x2 = xy[..., 0], xy[..., 1]
    return torch.stack([FEATURES[name](x1, x2) for name in names], -1)


def lattice(n: int) -> torch.Tensor:
    """n×n points over the domain, row-major from the bottom-left: point i*n + j is (xs[j], ys[i])."""
    axis = torch.linspace(-DOMAIN, DOMAIN, n)
    gy, gx = torch.meshgrid(axis, axis, indexing="ij")
    return torch.stack((gx.reshape(-1), gy.reshape(-1)), 1)
