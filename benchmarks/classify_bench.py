"""The classify lesson's benchmarks, on TensorFlow Playground's default setup (circle, x1 x2, [4, 2] tanh,
batch 10, 500 points of which 250 train; plain SGD, lr 0.03).

classify_epoch_ratio: CPU seconds per epoch of `run(spec)` (each record: the training loss and its
gradient, test loss, accuracies, the 50×50 boundary, the neurons' thumbnails, plain data,
diagnostics) over the same epochs as a plain torch loop (nn.Linear, torch.optim, the same data and
shuffle) that also reports what a person's loop prints each epoch: the training and test loss.
`bare_epoch_ratio` is the same engine against the minibatch updates alone. Target ≤ 1.2.
classify_boundary_ms: one batched forward pass over a grid×grid lattice of the domain, with the
rounding and conversion to the plain nested lists a record carries, for 50×50 and 100×100.
classify_stream_ratio: epochs per second a client receives from POST /api/runs/stream on a real
`gradplay serve`, over epochs per second of the engine alone in this process. Target ≥ 0.8.
"""

import time

import httpx
import torch
import torch.nn.functional as F

from benchmarks.server import served
from benchmarks.stats import interleaved, median, timed
from gradplay.engine import RunSpec, datasets, run
from gradplay.engine.problems import classify
from gradplay.engine.problems.classify_data import data
from gradplay.engine.run import plain

TFP_DEFAULT = dict(problem="classify", optimizer="sgd", lr=0.03, options={"dataset": "circle", "features": ["x1", "x2"],
                                                                          "hidden": [4, 2], "batch_size": 10})


class Net(torch.nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = torch.tanh(layer(x))
        return self.layers[-1](x)


def plain_loop(spec: RunSpec, evaluate: bool = True) -> list:
    """The same run as a plain torch loop; evaluate: also the train and test loss after each epoch."""
    o = spec.options
    xy, label = datasets.make(o["dataset"], o["samples"], o["noise"], o["data_seed"])
    (a, la), (b, lb) = datasets.split(xy, label, o["train_fraction"])
    x, y, tx, ty = datasets.features(a, o["features"]), la[:, None], datasets.features(b, o["features"]), lb[:, None]
    torch.manual_seed(spec.seed)
    model = Net([len(o["features"]), *o["hidden"], 1])
    optimizer = torch.optim.SGD(model.parameters(), lr=spec.lr)
    shuffle = torch.Generator().manual_seed(spec.seed)
    out = []
    for _ in range(spec.steps):
        order = torch.randperm(len(y), generator=shuffle)
        for start in range(0, len(y), o["batch_size"]):
            rows = order[start:start + o["batch_size"]]
            F.mse_loss(torch.sigmoid(model(x[rows])), y[rows]).backward()
            optimizer.step()
            optimizer.zero_grad()
        if evaluate:
            with torch.no_grad():
                train, test = F.mse_loss(torch.sigmoid(model(x)), y), F.mse_loss(torch.sigmoid(model(tx)), ty)
                out.append((train.item(), test.item()))
    return out


def cpu_interleaved(a, b, runs: int) -> dict:
    """stats.interleaved in this process's CPU seconds: both sides run on one thread, and CPU time is not
    inflated by other programs taking the core (wall time on two shared cores varied by 2x run to run)."""
    a(), b()
    ta, tb, ratios = [], [], []
    for i in range(runs):
        pair = [(a, ta), (b, tb)] if i % 2 == 0 else [(b, tb), (a, ta)]
        for fn, times in pair:
            started = time.process_time()
            fn()
            times.append(time.process_time() - started)
        ratios.append(ta[-1] / tb[-1])
    return {"a_s": median(ta), "b_s": median(tb), "ratio": median(ratios), "runs": runs}


def epoch_ratio(epochs: int, runs: int) -> dict:
    torch.set_num_threads(1)  # as the server runs torch
    spec = RunSpec.make(steps=epochs, **TFP_DEFAULT)
    with_eval = cpu_interleaved(lambda: list(run(spec)), lambda: plain_loop(spec), runs)
    bare = cpu_interleaved(lambda: list(run(spec)), lambda: plain_loop(spec, evaluate=False), runs)
    per_epoch = 1e6 / epochs
    return {"ratio": round(with_eval["ratio"], 3), "bare_epoch_ratio": round(bare["ratio"], 3),
            "gradplay_us_per_epoch": round(with_eval["a_s"] * per_epoch, 1),
            "plain_loop_us_per_epoch": round(with_eval["b_s"] * per_epoch, 1),
            "bare_loop_us_per_epoch": round(bare["b_s"] * per_epoch, 1), "epochs": epochs, "runs": runs,
            "train_points": len(data(spec.options).train_y)}


def boundary_ms(reps: int) -> dict:
    """Milliseconds for one boundary: the batched forward pass, and with its conversion to plain lists."""
    torch.set_num_threads(1)
    out = {}
    for n in (50, 100):
        options = RunSpec.make(**{**TFP_DEFAULT, "options": {**TFP_DEFAULT["options"], "grid": n}}).options
        params = classify.init(options, 0)
        lattice = data(options).grid_x

        def forward():
            with torch.no_grad():
                return torch.sigmoid(classify.net(params, lattice, "tanh")[0]).reshape(n, n)

        forward()
        ms = [timed(forward) for _ in range(reps)]
        with_lists = [timed(lambda: plain(classify.picture(forward()))) for _ in range(reps)]
        out[f"{n}x{n}"] = {"forward_ms": round(median(ms) * 1e3, 3), "with_lists_ms": round(median(with_lists) * 1e3, 3)}
    return out


def _stream_s(client: httpx.Client, body: dict) -> float:
    """Seconds from sending the request until the summary event has arrived; checks every record came."""
    started = time.perf_counter()
    records = 0
    with client.stream("POST", "/api/runs/stream", json=body) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            records += line == "event: record"
    assert records == body["steps"] + 1, f"{records} records for {body['steps']} epochs"
    return time.perf_counter() - started


def stream_ratio(epochs: int, runs: int) -> dict:
    torch.set_num_threads(1)
    body = {**TFP_DEFAULT, "steps": epochs}
    spec = RunSpec.make(**body)
    # the same stream is timed again and again: without the answer cache, or it would be a replay
    no_cache = {"GRADPLAY_CACHE_BYTES": "0"}
    with served(workers=1, env=no_cache) as url, httpx.Client(base_url=url, timeout=120) as client:
        _stream_s(client, {**body, "steps": 3})  # the server's first torch calls
        r = interleaved(lambda: _stream_s(client, body), lambda: list(run(spec)), runs)
    records = epochs + 1
    return {"ratio": round(1 / r["ratio"], 3), "stream_epochs_per_s": round(records / r["a_s"], 1),
            "engine_epochs_per_s": round(records / r["b_s"], 1), "epochs": epochs, "runs": runs}


def measure(quick: bool = False) -> dict:
    epochs, runs = (5, 3) if quick else (20, 21)
    return {"epoch": epoch_ratio(epochs, runs), "boundary_ms": boundary_ms(20 if quick else 200),
            "stream": stream_ratio(*((5, 1) if quick else (100, 9)))}
