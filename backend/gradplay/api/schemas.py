"""The requests the API accepts, named by role, every bound in the field (so /docs shows it).

Requests are strict: numbers must be JSON numbers (not strings, not booleans), every
number finite, and a key the model does not declare is refused with the list of the keys
it does. The engine checks what depends on the lesson (options, hyperparameters, the
function's text) and its `InputError` messages reach the client unchanged.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from gradplay.engine import OPTIMIZERS, PROBLEMS
from gradplay.engine.limits import (MAX_ABS_X, MAX_CELLS, MAX_CURVE_POINTS, MAX_FUNCTION_CHARS, MAX_HYPER_VALUES,
                                    MAX_LANDSCAPE_N, MAX_LR, MAX_LRS, MAX_SEED, MAX_STEPS)

# Settings.max_steps and max_sweep_lrs may lower MAX_STEPS and MAX_LRS for one server

LearningRate = Annotated[float, Field(gt=0, le=MAX_LR)]


def _whole(value: Any) -> Any:
    """5.0 is the whole number 5: JSON Schema's `integer` admits it, so the server does too (not 5.5, not "5")."""
    return int(value) if type(value) is float and value.is_integer() else value


# every whole-number field: strict otherwise (no strings, no booleans)
WholeNumber = Annotated[int, BeforeValidator(_whole)]
# bounds inside, before the validator: on `WholeNumber | None` pydantic writes them as `ge`/`le`,
# keywords JSON Schema does not know
Steps = Annotated[int, Field(ge=0, le=MAX_STEPS), BeforeValidator(_whole)]
# The enum sits on the string itself, not beside the union, so that `null` (the lesson's own
# optimizer) stays a value the schema allows, as the server does.
OptimizerName = Annotated[str, WithJsonSchema({"type": "string", "enum": list(OPTIMIZERS)})]


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
# Each field's example must fit every other field's: tools (/docs, schemathesis) combine them into one request.
OPTIMIZER = Field(None, description="Update rule; null or absent: the lesson's own (GET /api/problems: defaults).",
                  examples=["momentum"])
STEPS = Field(None, description="Updates to make; a run of N steps has N + 1 records.",
              examples=[50])
SEED = Field(0, ge=0, le=MAX_SEED, description="Seeds the random init (options init: 'random').")
HYPER = Field(None, description="Hyperparameters of the optimizer, e.g. {\"momentum\": 0.9}. Each name must "
                                "be one the chosen optimizer takes (GET /api/optimizers: momentum for momentum, "
                                "nesterov and rmsprop, but not for sgd or adam), each value within its bounds "
                                "(nesterov's momentum above 0); "
                                "anything else answers 422 naming the allowed keys. Null or absent: the defaults.",
              examples=[{"momentum": 0.9}])
OPTIONS = Field(None, description="Options of the lesson, e.g. {\"x0\": 5.0} for parabola. Each key must be "
                                  "an option of the chosen problem (GET /api/problems: options, with bounds and "
                                  "choices), and some go together: not_gate's broadcast_bug true needs variant "
                                  "'linear'; network's init 'seed' needs hidden 3; a function must parse. "
                                  "Anything else answers 422. Null or absent: the lesson's defaults.",
                examples=[{"function": "x**2 + 2*x + 1", "x0": 5.0}])


class RunRequest(Strict):
    """One run of a lesson. Every key but `problem` is optional; defaults come from the lesson."""

    problem: str = PROBLEM
    optimizer: OptimizerName | None = OPTIMIZER
    lr: float | None = Field(None, gt=0, le=MAX_LR, description=f"Learning rate, in (0, {MAX_LR:g}]; null or "
                                                               "absent: the lesson's own.",
                              examples=[0.1])
    steps: Steps | None = STEPS
    seed: WholeNumber = SEED
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
    With `hyper_sweep`, one run per (value, learning rate): a stability map.

    Rules across fields (each breach answers 422): give either `lrs` or both `lr_min` and `lr_max`
    (then `count` and `scale` apply), never both and never neither; `lr_min` <= `lr_max`; with
    `hyper_sweep`, its name must be a hyperparameter of the chosen optimizer and values x learning
    rates at most max_cells (GET /api/limits); the answer holds at most the server's limit of numbers
    (the API's description; about (steps + 1) x learning rates x values x parameter elements); the
    classify lesson, which trains an epoch of shuffled minibatches per step, is not swept."""

    problem: str = PROBLEM
    optimizer: OptimizerName | None = OPTIMIZER
    lrs: list[LearningRate] | None = Field(None, min_length=1, max_length=MAX_LRS, examples=[[0.01, 0.1, 0.5, 1.0]],
                                           description=f"Learning rates to try, each in (0, {MAX_LR:g}]; at most {MAX_LRS}. "
                                                       "Give lrs or lr_min and lr_max, not both.")
    lr_min: float | None = Field(None, gt=0, le=MAX_LR,
                                 description="Smallest learning rate of the range; needs lr_max and no lrs.")
    lr_max: float | None = Field(None, gt=0, le=MAX_LR, description="Largest learning rate of the range, at least "
                                                                   "lr_min; needs lr_min and no lrs.")
    count: WholeNumber = Field(32, ge=1, le=MAX_LRS,
                               description="How many learning rates the range holds (with lr_min and lr_max).")
    scale: Literal["log", "linear"] = Field("log", description="Spacing of the range.")
    grads: bool = Field(False, description="Also return grads[name][lr][step], the gradients each record carries.")
    hyper_sweep: HyperSweep | None = Field(
        None, description="Also sweep one hyperparameter: every per-lr list becomes [value][lr]. Its name must be a "
                          "hyperparameter of the chosen optimizer; its values replace that hyperparameter's entry "
                          "in `hyper`; values x learning rates at most " + str(MAX_CELLS) + ".",
        examples=[{"name": "momentum", "values": [0.0, 0.5, 0.9]}])
    summary_only: bool = Field(False, description="Return only lrs, hyper_name, hyper_values, status, final_loss "
                                                  "and curvature: no loss, params or grads per step.")
    steps: Steps | None = STEPS
    seed: WholeNumber = SEED
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
    """A function of x sampled on a grid, with its derivative by autograd. x_min must be less than x_max."""

    function: str = Field(max_length=MAX_FUNCTION_CHARS, examples=["x**2 + 2*x + 1"],
                          description="f(x): x, pi, e, numbers, + - * / **, parentheses, "
                                      "sin cos tan exp log sqrt abs tanh sigmoid relu.")
    x_min: float = Field(-6.0, ge=-MAX_ABS_X, le=MAX_ABS_X, description="Left end of the grid; less than x_max.")
    x_max: float = Field(6.0, ge=-MAX_ABS_X, le=MAX_ABS_X,
                         description="Right end; must be greater than x_min (else 422).")
    n: WholeNumber = Field(201, ge=2, le=MAX_CURVE_POINTS, description="Grid points, ends included.")

    @model_validator(mode="after")
    def _ordered(self) -> "CurveRequest":
        if not self.x_min < self.x_max:
            raise ValueError(f"x_min ({self.x_min:g}) must be less than x_max ({self.x_max:g})")
        return self


class Axis(Strict):
    """One axis of a loss landscape: which scalar parameter, over which range (min less than max)."""

    # no examples here: x and y share this model, so one example would name the same param twice
    # (LandscapeRequest's x and y carry theirs)
    param: str = Field(description="A scalar element of the lesson's parameters: 'w', 'b', "
                                   "'linear1.weight[0,1]'; x and y name different ones.")
    min: float = Field(ge=-MAX_ABS_X, le=MAX_ABS_X, description="Less than max.")
    max: float = Field(ge=-MAX_ABS_X, le=MAX_ABS_X, description="Greater than min.")

    @model_validator(mode="after")
    def _ordered(self) -> "Axis":
        if not self.min < self.max:
            raise ValueError(f"min ({self.min:g}) must be less than max ({self.max:g})")
        return self


class LandscapeRequest(Strict):
    """The loss over a grid of two parameters, the others held at their starting values.

    The lesson needs two parameters or more (not parabola: use /api/curve); x and y name two
    different scalar elements of its parameters; each axis's min is less than its max."""

    # not_gate's own examples: parabola (the runs' example) has one parameter, so no landscape
    problem: str = Field(description="The lesson; one with two parameters or more (not parabola).",
                         examples=["not_gate"], json_schema_extra={"enum": list(PROBLEMS)})
    options: dict[str, Any] | None = Field(None, description=OPTIONS.description, examples=[{"variant": "tensors"}])
    x: Axis | None = Field(None, description="Horizontal axis; null or absent: the lesson's own "
                                             "(GET /api/problems: landscape; not_gate: w over [-10, 10]).",
                           examples=[{"param": "w", "min": -10.0, "max": 10.0}])
    y: Axis | None = Field(None, description="Vertical axis, a parameter other than x's; null or absent: the "
                                             "lesson's own (not_gate: b over [-10, 10]).",
                           examples=[{"param": "b", "min": -10.0, "max": 10.0}])
    n: WholeNumber = Field(51, ge=2, le=MAX_LANDSCAPE_N, description="Grid points per axis.")

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"problem": "not_gate", "x": {"param": "w", "min": -10, "max": 10},
         "y": {"param": "b", "min": -10, "max": 10}, "n": 51},
    ]})
