"""What the API answers, named by role: the shapes /docs shows.

The answers about runs, sweeps, curves and landscapes live in `gradplay.models` (pydantic only,
so the torch-free client parses them with the same classes); this module re-exports them, narrows
a RunResult's `request` to the API's RunRequest, and adds the catalog's and health's answers.
"""

from typing import Any, Literal

from pydantic import BaseModel, Field

from gradplay import models
from gradplay.api.schemas import RunRequest
# the answers about runs are defined once, in gradplay.models (pydantic only: the client's too)
from gradplay.models import (CurveResult, Diagnostic, LandscapeResult, Record, Status,  # noqa: F401
                             Summary, SweepResult, Tensor)


class RunResult(models.RunResult):
    """A whole run: the request with every default filled in, N + 1 records, the summary."""

    request: RunRequest


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
    rule: Literal["manual", "sgd", "heavy_ball", "nesterov", "adam", "adam_decoupled", "mean_square",
                  "accumulated_square"] = Field(
        description="The update rule, named by its maths: which formula the page writes out with a record's `state`.")
    map_hyper: str | None = Field(description="The hyperparameter a convergence map sweeps against lr "
                                                "(POST /api/sweeps `hyper_sweep`), or null.", examples=["momentum"])


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
