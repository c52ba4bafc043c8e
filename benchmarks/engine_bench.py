"""Engine benchmarks: gradplay's `run` against the seed's own loop, and sweeps against single runs.

engine_step_ratio: the seconds per step of `run(spec)` (records, diagnostics, checks) over a
plain loop written as the seed writes it, which also pulls out each step the numbers the
seed prints (`.item()` / `.tolist()`, what printing `.numpy()` amounts to). 1.0 would mean
gradplay's bookkeeping is free; the target is <= 1.2.

sweep_speedup: 256 single runs, one per learning rate, over one batched 256-lr sweep of
the same runs (what the page's slider asks for once per lesson settings).
"""

import torch

from benchmarks.stats import interleaved
from gradplay.engine import RunSpec, run, run_all
from gradplay.engine.problems.network import SEED_B1, SEED_B2, SEED_W1, SEED_W2
from gradplay.engine.sweep import make_lrs, sweep


def seed_parabola_gd(steps: int, lr: float = 0.1) -> list:
    """The seed's 50-step loop (manual update under no_grad), printing x, y and the gradient."""
    x = torch.tensor(5, requires_grad=True, dtype=torch.float32)
    out = []
    for i in range(steps + 1):
        y = x**2 + 2*x + 1
        y.backward()
        out.append((x.item(), y.item(), x.grad.item()))
        if i == steps:
            break
        with torch.no_grad():
            x -= lr * x.grad
        x.grad.zero_()
    return out


def seed_parabola_sgd(steps: int, lr: float = 0.1) -> list:
    """The seed's torch.optim.SGD loop on the parabola."""
    x = torch.tensor(5, requires_grad=True, dtype=torch.float32)
    optimizer = torch.optim.SGD([x], lr=lr)
    out = []
    for i in range(steps + 1):
        y = x**2 + 2*x + 1
        y.backward()
        out.append((x.item(), y.item(), x.grad.item()))
        if i == steps:
            break
        optimizer.step()
        optimizer.zero_grad()
    return out


def seed_not_gate(steps: int, lr: float = 10.0) -> list:
    """The seed's raw-tensor NOT gate: it prints w, b, a, the loss terms, the mean loss and both gradients."""
    x = torch.tensor([[0], [1]], dtype=torch.float32)
    y = torch.tensor([1, 0], dtype=torch.float32)
    w = torch.tensor([[3]], requires_grad=True, dtype=torch.float32)
    b = torch.tensor([[1]], requires_grad=True, dtype=torch.float32)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    out = []
    for i in range(steps + 1):
        a = torch.sigmoid(w @ x.T + b)
        terms = torch.square(a - y)
        loss = torch.mean(terms)
        loss.backward()
        out.append((w.tolist(), b.tolist(), a.tolist(), terms.tolist(), loss.item(), w.grad.tolist(), b.grad.tolist()))
        if i == steps:
            break
        optimizer.step()
        optimizer.zero_grad()
    return out


class SeedNetwork(torch.nn.Module):
    """The seed's ComplexNetwork, with the weights its graph is labelled with."""

    def __init__(self):
        super().__init__()
        self.linear1 = torch.nn.Linear(in_features=2, out_features=3)
        self.linear2 = torch.nn.Linear(in_features=3, out_features=1)
        with torch.no_grad():
            for p, v in zip(self.parameters(), (SEED_W1, SEED_B1, SEED_W2, SEED_B2)):
                p.copy_(torch.tensor(v))

    def forward(self, x):
        x = torch.relu(self.linear1(x))
        return torch.relu(self.linear2(x))


def seed_network(steps: int, lr: float = 0.1) -> list:
    """The seed's 2-3-1 loop: it prints both layers' weights and biases and the loss."""
    model = SeedNetwork()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    x = torch.tensor([[3, 5]], dtype=torch.float32)
    y = torch.tensor([[10]], dtype=torch.float32)
    out = []
    for i in range(steps + 1):
        y_hat = model(x)
        loss = torch.mean(torch.square(y_hat - y))
        loss.backward()
        out.append((model.linear1.weight.tolist(), model.linear1.bias.tolist(), model.linear2.weight.tolist(),
                     model.linear2.bias.tolist(), loss.item()))
        if i == steps:
            break
        optimizer.step()
        optimizer.zero_grad()
    return out


# name -> (gradplay's spec, the seed's loop); both run `steps` updates
STEP_CASES = {
    "parabola_gd": (dict(problem="parabola", optimizer="gd", lr=0.1), seed_parabola_gd),
    "parabola_sgd": (dict(problem="parabola", optimizer="sgd", lr=0.1), seed_parabola_sgd),
    "not_gate": (dict(problem="not_gate", optimizer="sgd", lr=10.0), seed_not_gate),
    "network": (dict(problem="network", optimizer="sgd", lr=0.1), seed_network),
}

# name -> (spec, the learning rates swept): the page's step counts, ranges where every row runs to the end
SWEEP_CASES = {
    "parabola": (dict(problem="parabola", optimizer="gd", steps=50), (1e-4, 0.9)),
    "not_gate": (dict(problem="not_gate", optimizer="sgd", steps=50), (1e-3, 10.0)),
    "network": (dict(problem="network", optimizer="sgd", steps=20), (1e-5, 0.1)),
}


def step_ratios(steps: int, runs: int) -> dict:
    """engine_step_ratio per case, with each side's microseconds per step."""
    torch.set_num_threads(1)  # as the server runs torch
    out = {}
    for name, (kwargs, seed_loop) in STEP_CASES.items():
        spec = RunSpec.make(steps=steps, **kwargs)
        r = interleaved(lambda: list(run(spec)), lambda: seed_loop(steps, spec.lr), runs)
        per_step = 1e6 / (steps + 1)
        out[name] = {"ratio": round(r["ratio"], 3), "gradplay_us_per_step": round(r["a_s"] * per_step, 1),
                     "seed_loop_us_per_step": round(r["b_s"] * per_step, 1), "steps": steps, "runs": runs}
    return out


def sweep_speedups(count: int, runs: int) -> dict:
    """sweep_speedup per lesson: `count` single runs over one `count`-lr sweep."""
    torch.set_num_threads(1)
    out = {}
    for name, (kwargs, (low, high)) in SWEEP_CASES.items():
        spec = RunSpec.make(**kwargs)
        lrs = make_lrs(low, high, count)
        singles = [RunSpec.make(**kwargs, lr=lr) for lr in lrs]
        r = interleaved(lambda: [run_all(s) for s in singles], lambda: sweep(spec, lrs), runs)
        out[name] = {"speedup": round(r["ratio"], 1), "singles_ms": round(r["a_s"] * 1e3, 1),
                     "sweep_ms": round(r["b_s"] * 1e3, 2), "lrs": count, "steps": spec.steps, "runs": runs}
    return out
