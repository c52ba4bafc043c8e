"""The classify lesson's options and its data as tensors, made once per setting.

The validators here check what a plain Option cannot: a user's points (≤ 1000 [x1, x2, label],
label 0 or 1, inside the drawn square), the feature names and the hidden layer widths. Nothing
a user sends is evaluated: features are names looked up in datasets.FEATURES.
"""

import functools
import math
from typing import Any, NamedTuple

import torch

from gradplay.engine import datasets
from gradplay.engine.errors import InputError
from gradplay.engine.limits import (MAX_BATCH, MAX_GRID, MAX_LAYERS, MAX_NOISE, MAX_POINTS, MAX_SAMPLES, MAX_SEED,
                                    MAX_UNITS)
from gradplay.engine.options import Option, validate

NEURON_GRID = 16  # each hidden unit's thumbnail lattice per axis (256 numbers a unit)
DATASETS = (*datasets.GENERATORS, "points")


def _points(label: str, value: Any) -> list:
    if not isinstance(value, list) or len(value) > MAX_POINTS:
        raise InputError(f"{label} must be a list of at most {MAX_POINTS} points [x1, x2, label]; "
                         f"got {len(value) if isinstance(value, list) else repr(value)[:40]}")
    out = []
    for i, p in enumerate(value):
        if not isinstance(p, list) or len(p) != 3 or any(isinstance(v, bool) or not isinstance(v, (int, float))
                                                          for v in p):
            raise InputError(f"{label}[{i}] must be [x1, x2, label] (three numbers); got {p!r}"[:200])
        x1, x2, y = p
        if not all(math.isfinite(v) and abs(v) <= datasets.DOMAIN for v in (x1, x2)):
            raise InputError(f"{label}[{i}]: x1 and x2 must lie within [-{datasets.DOMAIN:g}, "
                             f"{datasets.DOMAIN:g}]; got {p!r}"[:200])
        if y not in (0, 1):
            raise InputError(f"{label}[{i}]: the label must be 0 or 1; got {y!r}")
        out.append([float(x1), float(x2), float(y)])
    return out


def _features(label: str, value: Any) -> list:
    known = list(datasets.FEATURES)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise InputError(f"{label} must be a non-empty list of names from {', '.join(known)}; got {value!r}"[:200])
    unknown = [v for v in value if v not in datasets.FEATURES]
    if unknown:
        raise InputError(f"{label}: unknown feature {', '.join(map(repr, unknown))}; "
                         f"choose from {', '.join(known)}"[:200])
    return [f for f in known if f in value]  # the first layer's columns in one fixed order, each once


def _hidden(label: str, value: Any) -> list:
    if not isinstance(value, list) or len(value) > MAX_LAYERS:
        raise InputError(f"{label} must be a list of at most {MAX_LAYERS} hidden layer widths; got {value!r}"[:200])
    for i, w in enumerate(value):
        if isinstance(w, bool) or not isinstance(w, (int, float)) or w != int(w) or not 1 <= w <= MAX_UNITS:
            raise InputError(f"{label}[{i}]: a layer has from 1 to {MAX_UNITS} units; got {w!r}")
    return [int(w) for w in value]


OPTIONS = {
    "dataset": Option("circle", "the data: TFP's four shapes, or `points` (your own)", choices=DATASETS),
    "points": Option([], f"your own data, used by dataset 'points': at most {MAX_POINTS} [x1, x2, label] "
                         f"with x1, x2 in [-6, 6] and label 0 or 1", validator=_points),
    "samples": Option(500, "how many points a generated dataset has (TFP: 500)", bounds=(10, MAX_SAMPLES)),
    "noise": Option(0.0, "noise in percent, as TFP's slider", bounds=(0.0, MAX_NOISE)),
    "train_fraction": Option(0.5, "share of the points that train; the rest test", bounds=(0.1, 0.9)),
    "data_seed": Option(0, "seeds the data and its train/test split", bounds=(0, MAX_SEED)),
    "batch_size": Option(10, "points per update; an epoch is every training point once", bounds=(1, MAX_BATCH)),
    "features": Option(["x1", "x2"], f"inputs the network sees, from {', '.join(datasets.FEATURES)}",
                       validator=_features),
    "hidden": Option([4, 2], f"units in each hidden layer: at most {MAX_LAYERS} layers of 1 to {MAX_UNITS}",
                     validator=_hidden),
    "activation": Option("tanh", "activation of the hidden units", choices=("tanh", "relu", "sigmoid", "linear")),
    "loss": Option("mse", "mse: squared error of the output probability (TFP's); bce: cross-entropy",
                   choices=("mse", "bce")),
    "regularization": Option("none", "penalty on the weights added to the training loss", choices=("none", "l1", "l2")),
    "reg_rate": Option(0.0, "the penalty's rate", bounds=(0.0, 10.0)),
    "init": Option("random", "random: nn.Linear's default init from `seed`", choices=("random",)),
    "grid": Option(50, "points per axis of the output heatmap (`boundary`)", bounds=(2, MAX_GRID)),
}


def check(options: dict) -> None:
    if options["dataset"] == "points" and len(options["points"]) < 2:
        raise InputError("dataset 'points' needs at least 2 points in `points` (one to train, one to test); "
                         f"got {len(options['points'])}")


class Data(NamedTuple):
    train_x: torch.Tensor  # (n, features)
    train_y: torch.Tensor  # (n, 1), 0 or 1
    test_x: torch.Tensor
    test_y: torch.Tensor
    grid_x: torch.Tensor  # the boundary lattice's features, (grid², features)
    neuron_x: torch.Tensor  # the thumbnails' lattice, (NEURON_GRID², features)


def data(options: dict) -> Data:
    points = tuple(map(tuple, options["points"])) if options["dataset"] == "points" else ()
    return _data(options["dataset"], points, options["samples"], options["noise"], options["train_fraction"],
                 options["data_seed"], tuple(options["features"]), options["grid"])


@functools.lru_cache(maxsize=32)
def _data(dataset: str, points: tuple, samples: int, noise: float, train_fraction: float, data_seed: int,
          features: tuple, grid: int) -> Data:
    """Made once per setting (read-only tensors shared by every run with it)."""
    xy, label = datasets.make(dataset, samples, noise, data_seed, [list(p) for p in points])
    (train_xy, train_label), (test_xy, test_label) = datasets.split(xy, label, train_fraction)
    names = list(features)
    return Data(datasets.features(train_xy, names), train_label[:, None], datasets.features(test_xy, names),
                test_label[:, None], datasets.features(datasets.lattice(grid), names),
                datasets.features(datasets.lattice(NEURON_GRID), names))


DATA_OPTIONS = ("dataset", "points", "samples", "noise", "train_fraction", "data_seed")


def dataset(given: dict | None) -> dict:
    """{train: [[x1, x2, label]], test: [...]}: the exact data a classify run with these options uses
    (POST /api/datasets); `given` holds only the data options, checked as a run's options are."""
    options = validate(given, {k: OPTIONS[k] for k in DATA_OPTIONS}, "dataset option")
    check(options)
    return split_points(options)


def split_points(options: dict) -> dict:
    """The train and test points of these (checked) options, label last."""
    xy, label = datasets.make(options["dataset"], options["samples"], options["noise"], options["data_seed"],
                              options["points"])
    (a, la), (b, lb) = datasets.split(xy, label, options["train_fraction"])
    return {"train": torch.cat((a, la[:, None]), 1).tolist(), "test": torch.cat((b, lb[:, None]), 1).tolist()}
