"""The requests the API accepts, named by role, every bound in the field (so /docs shows it).

Requests are strict: numbers must be JSON numbers (not strings, not booleans), every
number finite, and a key the model does not declare is refused with the list of the keys
it does. The engine checks what depends on the lesson (options, hyperparameters, the
function's text) and its `InputError` messages reach the client unchanged.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gradplay.engine import OPTIMIZERS, PROBLEMS
from gradplay.engine.limits import (MAX_ABS_X, MAX_CELLS, MAX_CURVE_POINTS, MAX_FUNCTION_CHARS, MAX_HYPER_VALUES,
                                    MAX_LANDSCAPE_N, MAX_LR, MAX_LRS, MAX_SEED, MAX_STEPS)

# Settings.max_steps and max_sweep_lrs may lower MAX_STEPS and MAX_LRS for one server

LearningRate = Annotated[float, Field(gt=0, le=MAX_LR)]


class Strict(BaseModel):
    """Base of every request: strict types, finite numbers, unknown keys named."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        allowed = ", ".join(cls.model_fields)
        if not isinstance(data, dict):
            raise ValueError(f"expected a JSON object with the keys {allowed}")
        unknown = sorted(k for k in data if k not in cls.model_fields)
        if unknown:
            raise ValueError(f"unknown key {', '.join(map(repr, unknown))}; allowed: {allowed}")
        return data


PROBLEM = Field(description="The lesson to run.", examples=["parabola"], json_schema_extra={"enum": list(PROBLEMS)})
OPTIMIZER = Field(None, description="Update rule; the lesson's own by default (GET /api/problems: defaults).",
                  examples=["sgd"], json_schema_extra={"enum": list(OPTIMIZERS)})
STEPS = Field(None, ge=0, le=MAX_STEPS, description="Updates to make; a run of N steps has N + 1 records.",
              examples=[50])
SEED = Field(0, ge=0, le=MAX_SEED, description="Seeds the random init (options init: 'random').")
HYPER = Field(None, description="Hyperparameters of the optimizer, e.g. {\"momentum\": 0.9}; "
                                "see GET /api/optimizers for each optimizer's names and defaults.",
              examples=[{"momentum": 0.9}])
OPTIONS = Field(None, description="Options of the lesson, e.g. {\"x0\": 5.0} for parabola; "
                                  "see GET /api/problems for each lesson's options, bounds and choices.",
                examples=[{"function": "x**2 + 2*x + 1", "x0": 5.0}])


class RunRequest(Strict):
    """One run of a lesson. Every key but `problem` is optional; defaults come from the lesson."""

    problem: str = PROBLEM
    optimizer: str | None = OPTIMIZER
    lr: float | None = Field(None, gt=0, le=MAX_LR, description=f"Learning rate, in (0, {MAX_LR:g}].",
                              examples=[0.1])
    steps: int | None = STEPS
    seed: int = SEED
    hyper: dict[str, Any] | None = HYPER
    options: dict[str, Any] | None = OPTIONS

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"problem": "parabola", "optimizer": "momentum", "lr": 0.1, "steps": 50, "seed": 0,
         "hyper": {"momentum": 0.9}, "options": {"function": "x**2 + 2*x + 1", "x0": 5.0}},
        {"problem": "network", "optimizer": "sgd", "lr": 0.1, "steps": 5},
    ]})


class HyperSweep(Strict):
    """A second axis for a sweep: one hyperparameter of the chosen optimizer, at each of `values`."""

    name: str = Field(description="A hyperparameter of the optimizer (see GET /api/optimizers): momentum, "
                                  "dampening, weight_decay (sgd family); beta1, beta2, eps, weight_decay "
                                  "(adam, adamw); alpha, momentum, eps, weight_decay (rmsprop); ...",
                      examples=["momentum"])
    values: list[float] = Field(min_length=1, max_length=MAX_HYPER_VALUES, examples=[[0.0, 0.5, 0.9]],
                                description=f"The values to try, each within the hyperparameter's bounds; at most "
                                            f"{MAX_HYPER_VALUES}, and values x learning rates at most {MAX_CELLS}.")


class SweepRequest(Strict):
    """One run per learning rate, in one batched computation: give `lrs`, or a range to fill.
    With `hyper_sweep`, one run per (value, learning rate): a stability map."""

    problem: str = PROBLEM
    optimizer: str | None = OPTIMIZER
    lrs: list[LearningRate] | None = Field(None, min_length=1, max_length=MAX_LRS, examples=[[0.01, 0.1, 0.5, 1.0]],
                                           description=f"Learning rates to try, each in (0, {MAX_LR:g}]; at most {MAX_LRS}.")
    lr_min: float | None = Field(None, gt=0, le=MAX_LR, description="Smallest learning rate of the range.")
    lr_max: float | None = Field(None, gt=0, le=MAX_LR, description="Largest learning rate of the range.")
    count: int = Field(32, ge=1, le=MAX_LRS, description="How many learning rates the range holds.")
    scale: Literal["log", "linear"] = Field("log", description="Spacing of the range.")
    grads: bool = Field(False, description="Also return grads[name][lr][step], the gradients each record carries.")
    hyper_sweep: HyperSweep | None = Field(
        None, description="Also sweep one hyperparameter: every per-lr list becomes [value][lr]. Its values "
                          "replace that hyperparameter's entry in `hyper`.",
        examples=[{"name": "momentum", "values": [0.0, 0.5, 0.9]}])
    summary_only: bool = Field(False, description="Return only lrs, hyper_name, hyper_values, status, final_loss "
                                                  "and curvature: no loss, params or grads per step.")
    steps: int | None = STEPS
    seed: int = SEED
    hyper: dict[str, Any] | None = HYPER
    options: dict[str, Any] | None = OPTIONS

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"problem": "parabola", "steps": 20, "lrs": [0.01, 0.1, 0.5, 0.9, 1.0, 1.1]},
        {"problem": "not_gate", "steps": 20, "lr_min": 0.01, "lr_max": 100, "count": 64, "scale": "log"},
        {"problem": "parabola", "optimizer": "momentum", "steps": 50, "lr_min": 0.01, "lr_max": 4, "count": 32,
         "hyper_sweep": {"name": "momentum", "values": [0.0, 0.5, 0.9, 0.99]}, "summary_only": True},
    ]})

    @model_validator(mode="after")
    def _one_way(self) -> "SweepRequest":
        ranged = self.lr_min is not None or self.lr_max is not None
        if (self.lrs is None) == (not ranged):
            raise ValueError("give either lrs (a list) or lr_min and lr_max (a range), not both and not neither")
        if self.lrs is None and (self.lr_min is None or self.lr_max is None or self.lr_min > self.lr_max):
            raise ValueError(f"a range needs lr_min <= lr_max, both in (0, {MAX_LR:g}]")
        lr_count = len(self.lrs) if self.lrs is not None else self.count
        if self.hyper_sweep is not None and len(self.hyper_sweep.values) * lr_count > MAX_CELLS:
            raise ValueError(f"a hyper_sweep map holds at most {MAX_CELLS} cells (values x learning rates); got "
                             f"{len(self.hyper_sweep.values)} x {lr_count} = {len(self.hyper_sweep.values) * lr_count}")
        return self


class CurveRequest(Strict):
    """A function of x sampled on a grid, with its derivative by autograd."""

    function: str = Field(max_length=MAX_FUNCTION_CHARS, examples=["x**2 + 2*x + 1"],
                          description="f(x): x, pi, e, numbers, + - * / **, parentheses, "
                                      "sin cos tan exp log sqrt abs tanh sigmoid relu.")
    x_min: float = Field(-6.0, ge=-MAX_ABS_X, le=MAX_ABS_X, description="Left end of the grid.")
    x_max: float = Field(6.0, ge=-MAX_ABS_X, le=MAX_ABS_X, description="Right end; must exceed x_min.")
    n: int = Field(201, ge=2, le=MAX_CURVE_POINTS, description="Grid points, ends included.")

    @model_validator(mode="after")
    def _ordered(self) -> "CurveRequest":
        if not self.x_min < self.x_max:
            raise ValueError(f"x_min ({self.x_min:g}) must be less than x_max ({self.x_max:g})")
        return self


class Axis(Strict):
    """One axis of a loss landscape: which scalar parameter, over which range."""

    param: str = Field(description="A scalar element: 'w', 'b', 'linear1.weight[0,1]'.", examples=["w"])
    min: float = Field(ge=-MAX_ABS_X, le=MAX_ABS_X, examples=[-10.0])
    max: float = Field(ge=-MAX_ABS_X, le=MAX_ABS_X, examples=[10.0])

    @model_validator(mode="after")
    def _ordered(self) -> "Axis":
        if not self.min < self.max:
            raise ValueError(f"min ({self.min:g}) must be less than max ({self.max:g})")
        return self


class LandscapeRequest(Strict):
    """The loss over a grid of two parameters, the others held at their starting values."""

    problem: str = PROBLEM
    options: dict[str, Any] | None = OPTIONS
    x: Axis | None = Field(None, description="Horizontal axis; the lesson's own by default "
                                             "(GET /api/problems: landscape; not_gate: w over [-10, 10]).")
    y: Axis | None = Field(None, description="Vertical axis; the lesson's own by default (not_gate: b over [-10, 10]).")
    n: int = Field(51, ge=2, le=MAX_LANDSCAPE_N, description="Grid points per axis.")

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"problem": "not_gate", "x": {"param": "w", "min": -10, "max": 10},
         "y": {"param": "b", "min": -10, "max": 10}, "n": 51},
    ]})
