"""What the API answers, named by role: the shapes /docs shows and the client parses.

Numbers that were not finite arrive as null, hence `float | None` throughout. A tensor
value is a float or a nested list in the tensor's shape (`Tensor`).
"""

from typing import Any, Literal, Union

from pydantic import BaseModel, Field
from typing_extensions import TypeAliasType

from gradplay.api.schemas import RunRequest

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


class RunResult(BaseModel):
    """A whole run: the request with every default filled in, N + 1 records, the summary."""

    request: RunRequest
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
         "loss": [[36.0, 23.04, 14.7456], [36.0, 144.0, 576.0]], "params": {"x": [[5.0, 3.8, 2.84], [5.0, -13.0, 23.0]]},
         "curvature": 2.0},
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


class Health(BaseModel):
    """The server is up; versions, and how busy it is now."""

    status: Literal["ok"]
    version: str
    torch: str
    active: int = Field(description="Runs, streams and sweeps in progress.")
    running: int = Field(description="Computations on a core right now.")
    waiting: int = Field(description="Computations queued for a core.")
    slots: int = Field(description="Computations allowed at once.")
    instance: str = Field(description="The server process that answered (host name:process id), to see a "
                                      "load balancer spread requests over replicas.")
    cache: "CacheCounters | None" = Field(None, description="This process's cache of deterministic answers.")


class CacheCounters(BaseModel):
    """The answer cache of one server process (each process keeps its own)."""

    hits: int = Field(description="Requests answered from the cache.")
    misses: int = Field(description="Requests not in the cache.")
    shared: int = Field(description="Requests not in the cache answered by the computation of an identical "
                                    "request under way (a class pressing the same button at once).")
    entries: int = Field(description="Answers held.")
    bytes: int = Field(description="Bytes of the answers held.")
    max_bytes: int = Field(description="The cache's size limit in bytes (GRADPLAY_CACHE_BYTES); 0: no cache.")


class Option(BaseModel):
    default: Any
    help: str
    kind: Literal["boolean", "number", "integer", "string", "function", "choice", "list"] = Field(
        description="The control to build: function is a typed formula (a text box with the parser's help).")
    bounds: list[float] | None = None
    choices: list[Any] | None = None


class Preset(BaseModel):
    """A starting point worth showing: options to set, the range to draw, the known minima."""

    id: str
    label: str
    options: dict[str, Any]
    range: dict[str, list[float]] | None = Field(None, description='{"x": [lo, hi], "y": [lo, hi]}')
    minima: list[list[float]] | None = Field(None, description="[[x, y], ...], where known")


class Race(BaseModel):
    """The optimizer race's starting line-up."""

    entries: list[tuple[str, float]] = Field(description="[[optimizer, lr], ...]")
    threshold: float = Field(description="A runner finishes when its loss falls below this.")


class LandscapeAxis(BaseModel):
    param: str
    min: float
    max: float


class LandscapeAxes(BaseModel):
    """Default axes of the loss-surface view (POST /api/landscape's x and y)."""

    x: LandscapeAxis
    y: LandscapeAxis


class ProblemInfo(BaseModel):
    """A lesson: its defaults as a full RunRequest, the options it takes, and what the page offers for it."""

    id: str
    title: str
    defaults: RunRequest
    options: dict[str, Option]
    page_defaults: dict[str, Any] = Field(description="What the page starts with where it differs from "
                                                      "defaults, e.g. {\"steps\": 50}.")
    presets: list[Preset]
    race: Race | None
    landscape: LandscapeAxes | None = Field(description="Default axes of the loss surface; null for fewer "
                                                        "than two parameters.")


class OptimizerInfo(BaseModel):
    """An optimizer: its hyperparameters with their defaults, bounds, and what each does."""

    id: str
    title: str
    label: str = Field(description="Short name for buttons and legends.", examples=["Momentum"])
    hyperparameters: dict[str, float]
    help: dict[str, str]
    bounds: dict[str, tuple[float, float]] = Field(description="name -> [lo, hi]")


class Limits(BaseModel):
    """What the page checks before it asks; a request beyond these answers 422."""

    max_lr: float = Field(description="lr lies in (0, max_lr].")
    max_steps: int
    max_function_chars: int
    max_lrs: int = Field(description="Learning rates per sweep.")
    max_hyper_values: int = Field(description="Values of a swept hyperparameter.")
    max_cells: int = Field(description="Learning rates x hyperparameter values in one sweep.")


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer: one sentence to act on, and per-field details for 422."""

    detail: str
    errors: list[dict[str, Any]] | None = None
