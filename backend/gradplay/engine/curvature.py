"""curvature(spec): the largest eigenvalue of the loss's Hessian, when the loss is a quadratic.

For a quadratic loss the Hessian is the same everywhere, and its largest eigenvalue λ sets
the learning rates that converge: plain gradient descent needs lr·λ < 2, heavy-ball momentum β
lr·λ < 2(1 + β). The page draws that boundary over a sweep. The loss is taken as quadratic
when its Hessian (by autograd, in the lesson's own float32) is the same at the start and at
two other points; only lessons with at most MAX_ELEMENTS parameter elements are tried, so the
Hessian stays a few small backward passes. Anything else, or anything torch refuses, is None.
"""

import torch

from gradplay.engine.problems import get_problem

MAX_ELEMENTS = 16
# Offsets of the other points, per element; uneven so that no symmetric function (x**4 at ±x)
# looks the same at both points by accident.
SHIFTS = (0.731, -1.249)
RTOL, ATOL = 1e-4, 1e-6


def curvature(spec) -> float | None:
    """λ_max of the Hessian when the loss is quadratic in the parameters, else None."""
    problem = get_problem(spec.problem)
    params = problem.init(spec.options, spec.seed)
    if not params or not all(p.requires_grad for p in params.values()):
        return None  # the requires_grad=False lesson: torch computes no gradient at all
    names, shapes = list(params), [p.shape for p in params.values()]
    sizes = [p.numel() for p in params.values()]
    if sum(sizes) > MAX_ELEMENTS:
        return None
    start = torch.cat([p.detach().flatten() for p in params.values()])

    def loss(theta: torch.Tensor) -> torch.Tensor:
        parts = theta.split(sizes)
        return problem.forward({n: t.view(s) for n, t, s in zip(names, parts, shapes)}, spec.options, False)[0]

    steps = torch.arange(len(start), dtype=start.dtype) * 0.113
    try:
        first = torch.autograd.functional.hessian(loss, start)
        if not bool(torch.isfinite(first).all()):
            return None
        for shift in SHIFTS:  # one point that differs is enough: the rest are not computed
            if not torch.allclose(torch.autograd.functional.hessian(loss, start + shift + steps), first,
                                  rtol=RTOL, atol=ATOL):
                return None
    except RuntimeError:
        return None
    symmetric = (first.double() + first.double().T) / 2
    return float(torch.linalg.eigvalsh(symmetric).max())
