"""What the API answers about runs, sweeps, curves and landscapes: pydantic models, and nothing heavier.

The client (`gradplay.client`) parses answers with these, so this module imports only pydantic:
a student's laptop needs neither torch nor the server to use them (the `gradplay-client`
distribution ships this file, the client and the package's `__init__`). The API declares its
responses with the same classes (`gradplay.api.results` imports them from here), so there is
one definition; only a RunResult's `request` is narrowed there to the API's RunRequest model.

Numbers that were not finite arrive as null, hence `float | None` throughout. A tensor
value is a float or a nested list in the tensor's shape (`Tensor`).
"""

from typing import Any, Literal, Union

from pydantic import BaseModel, Field
from typing_extensions import TypeAliasType

# A tensor as plain data: a float (or null) for a scalar, nested lists otherwise.
Tensor = TypeAliasType("Tensor", Union[float, None, list["Tensor"]])
Status = Literal["completed", "diverged", "stalled", "error", "timed_out"]


class Record(BaseModel):
    """The state after `step` updates: parameters, the loss at them, its gradients, the optimizer's state."""

    step: int = Field(ge=0, description="Updates made so far; record 0 is the start.")
    loss: float | None = Field(description="Loss at these parameters; null if not finite.")
    params: dict[str, Tensor] = Field(description="Parameters by torch name (w, b, linear1.weight, ...).")
    grads: dict[str, Tensor] = Field(description="dLoss/dparameter, same names and shapes; null if none.")
    state: dict[str, dict[str, Tensor]] = Field(
        default_factory=dict,
        description="The optimizer's per-parameter state after `step` updates, as torch holds it in "
                    "optimizer.state[p]: keyed by parameter name like `params`, then by torch's own names "
                    "(momentum_buffer; step, exp_avg, exp_avg_sq; square_avg; sum). A parameter without state "
                    "is left out, so gd, sgd with momentum 0 and record 0 give {} (but adagrad, which fills "
                    "its state when made: its record 0 holds step 0 and sum).")
    extras: dict[str, Any] = Field(description="What the views draw: not_gate `a`; network `pre`, `post`, `dead`.")

    model_config = {"json_schema_extra": {"examples": [
        {"step": 1, "loss": 23.04, "params": {"x": 3.8}, "grads": {"x": 9.6}, "state": {}, "extras": {}},
        {"step": 1, "loss": 23.04, "params": {"x": 3.8}, "grads": {"x": 9.6},
         "state": {"x": {"momentum_buffer": 12.0}}, "extras": {}}]}}


class Diagnostic(BaseModel):
    """A plain-words note on what happened at a step."""

    step: int
    kind: str = Field(description="diverged, diverging, oscillating, stationary, dead_relu, broadcast, "
                                  "torch_error, timed_out")
    message: str


class Summary(BaseModel):
    """The verdict of a run."""

    status: Status = Field(description="completed; diverged (non-finite value); stalled (dead ReLUs, zero "
                                       "gradients); error (torch refused, e.g. requires_grad=false); "
                                       "timed_out (ran past the time budget, or its client left).")
    steps_run: int = Field(ge=0, description="The step of the last record.")
    final_loss: float | None
    diagnostics: list[Diagnostic]


class RunSettings(BaseModel):
    """The settings a run used: its request with every default filled in (the API's RunRequest)."""

    problem: str
    optimizer: str | None = None
    lr: float | None = None
    steps: int | None = None
    seed: int = 0
    hyper: dict[str, Any] | None = None
    options: dict[str, Any] | None = None


class RunResult(BaseModel):
    """A whole run: the request with every default filled in, N + 1 records, the summary."""

    request: RunSettings
    records: list[Record]
    summary: Summary


class SweepResult(BaseModel):
    """One row per learning rate; row values after a row's first non-finite step are null.

    With a hyper_sweep, every per-lr list is one level deeper, [value][lr]: status[value][lr],
    final_loss[value][lr], loss[value][lr][step], params[name][value][lr][step]. With
    summary_only, only lrs, hyper_name, hyper_values, status, final_loss and curvature come back."""

    lrs: list[float]
    hyper_name: str | None = Field(None, description="The swept hyperparameter; present with hyper_sweep.")
    hyper_values: list[float] | None = Field(None, description="Its values, the outer index of the map.")
    status: list[Status] | list[list[Status]] = Field(
        description="status[lr] (status[value][lr] with hyper_sweep), as a run's summary status")
    final_loss: list[float | None] | list[list[float | None]] = Field(
        description="The loss of each run's last record, as its summary's final_loss: final_loss[lr] "
                    "(final_loss[value][lr] with hyper_sweep); null if not finite.")
    loss: list[list[float | None]] | list[list[list[float | None]]] | None = Field(
        None, description="loss[lr][step] (loss[value][lr][step] with hyper_sweep); absent with summary_only")
    params: dict[str, list[list[Tensor]]] | None = Field(
        None, description="params[name][lr][step] (params[name][value][lr][step] with hyper_sweep), each a "
                          "tensor value; absent with summary_only")
    grads: dict[str, list[list[Tensor]]] | None = Field(
        None, description="grads[name][lr][step], shaped like params; present only when the request sets grads: "
                          "true (and not summary_only)")
    curvature: float | None = Field(
        None, description="The largest eigenvalue λ of the loss's Hessian in the parameters when the loss is a "
                          "quadratic (the same Hessian at the start and at other points; at most 16 parameter "
                          "elements), else null. Gradient descent converges for lr·λ < 2, heavy-ball momentum β "
                          "for lr·λ < 2(1 + β).")

    model_config = {"json_schema_extra": {"examples": [
        {"lrs": [0.1, 1.5], "status": ["completed", "completed"], "final_loss": [14.7456, 576.0],
         "loss": [[36.0, 23.04, 14.7456], [36.0, 144.0, 576.0]],
         "params": {"x": [[5.0, 3.8, 2.84], [5.0, -13.0, 23.0]]}, "curvature": 2.0},
        {"lrs": [0.1, 1.5, 2.5], "hyper_name": "momentum", "hyper_values": [0.0, 0.9],
         "status": [["completed", "diverged", "diverged"], ["completed", "completed", "diverged"]],
         "final_loss": [[0.0, None, None], [0.000292659, 0.00428492, None]], "curvature": 2.0}]}}


class CurveResult(BaseModel):
    """f and its autograd derivative on an even grid."""

    x: list[float]
    y: list[float | None]
    dy: list[float | None]


class LandscapeResult(BaseModel):
    """loss[i][j] is the loss at (x[j], y[i])."""

    x: list[float]
    y: list[float]
    loss: list[list[float | None]]
    x_param: str
    y_param: str


class DatasetResult(BaseModel):
    """A classify run's points (POST /api/datasets), shuffled by data_seed and split as a run splits them."""

    train: list[list[float]] = Field(description="Training points [x1, x2, label], in the run's order.")
    test: list[list[float]] = Field(description="Test points [x1, x2, label].")
