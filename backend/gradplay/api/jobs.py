"""What the routes hand to a worker thread: one engine call, then its JSON encoding.

Each function here runs off the event loop (through `Gate`), so neither torch nor the
encoding of a large result ever stalls other requests. Checks that need the engine's
answer (a sweep's size, which depends on the lesson's parameters) run here too, and raise
`InputError` like the engine does.
"""

from gradplay.api.cache import Answer
from gradplay.api.encoding import dumps
from gradplay.api.results import Limits, OptimizerInfo, ProblemInfo
from gradplay.api.schemas import CurveRequest, LandscapeRequest, RunRequest, SweepRequest
from gradplay.api.settings import Settings
from gradplay.engine import PROBLEMS, InputError, RunSpec, run_all
from gradplay.engine.catalog import catalog as engine_catalog
from gradplay.engine.codegen import script
from gradplay.engine.curve import curve
from gradplay.engine.graph import graph
from gradplay.engine.landscape import landscape
from gradplay.engine.notebook import notebook
from gradplay.engine.problems.classify_data import dataset
from gradplay.engine.sweep import make_lrs, sweep


def make_spec(req: RunRequest | SweepRequest, settings: Settings) -> RunSpec:
    """The engine's validated spec for any run-like request (lr is absent from sweeps)."""
    return RunSpec.make(req.problem, optimizer=req.optimizer, lr=getattr(req, "lr", None), steps=req.steps,
                        seed=req.seed, hyper=req.hyper, options=req.options, max_steps=settings.max_steps)


def run_answer(spec: RunSpec, budget_s: float) -> Answer:
    """The RunResult; a run stopped by its time budget is not a function of its request: not kept."""
    result = run_all(spec, budget_s=budget_s)
    return Answer(dumps(result), deterministic=result["summary"]["status"] != "timed_out")


def sweep_lrs(req: SweepRequest) -> list[float]:
    if req.lrs is not None:
        return list(req.lrs)
    return make_lrs(req.lr_min, req.lr_max, req.count, req.scale)


def sweep_json(spec: RunSpec, lrs: list[float], settings: Settings, grads: bool = False,
               hyper_sweep: dict | None = None, summary_only: bool = False) -> bytes:
    values = 1 if hyper_sweep is None else len(hyper_sweep["values"])
    check_sweep_size(spec, len(lrs), settings, grads and not summary_only, values)
    return dumps(sweep(spec, lrs, grads=grads, hyper_sweep=hyper_sweep, summary_only=summary_only))


def check_sweep_size(spec: RunSpec, count: int, settings: Settings, grads: bool = False, values: int = 1) -> None:
    """Refuse before computing a sweep whose answer would exceed the numbers cap.

    A summary_only sweep is held to the same cap: the engine keeps every row's history to
    find its first non-finite step, so the cap bounds the work and memory as well."""
    if count > settings.max_sweep_lrs:
        raise InputError(f"a sweep takes at most {settings.max_sweep_lrs} learning rates; got {count}")
    scalars = sum(p.numel() for p in PROBLEMS[spec.problem].init(spec.options, spec.seed).values())
    scalars *= 2 if grads else 1  # gradients double the parameters' share
    runs = count * values
    numbers = runs * (spec.steps + 1) * (1 + scalars)
    if numbers > settings.max_sweep_numbers:
        fit = settings.max_sweep_numbers // (runs * (1 + scalars)) - 1
        what = f"{count} learning rates" if values == 1 else f"{values} values x {count} learning rates"
        raise InputError(f"this sweep would return {numbers:,} numbers ({what} x "
                         f"{spec.steps + 1} records x {1 + scalars} values); the limit is "
                         f"{settings.max_sweep_numbers:,}. Use at most {max(fit, 0)} steps, or fewer learning rates.")


def code_text(spec: RunSpec) -> str:
    return script(spec)


def notebook_json(spec: RunSpec) -> bytes:
    return dumps(notebook(spec))


def graph_json(spec: RunSpec, step: int, budget_s: float) -> bytes:
    return dumps(graph(spec, step, budget_s))


def curve_json(req: CurveRequest) -> bytes:
    return dumps(curve(req.function, req.x_min, req.x_max, req.n))


def landscape_json(req: LandscapeRequest) -> bytes:
    axis = lambda a: None if a is None else a.model_dump()  # noqa: E731 - plain dicts for the engine
    return dumps(landscape(req.problem, req.options, axis(req.x), axis(req.y), req.n))


def dataset_json(options: dict) -> bytes:
    return dumps(dataset(options))


def catalog(settings: Settings) -> dict:
    """The engine's catalog with this server's limits, in the exact form /api/problems, /api/optimizers
    and /api/limits answer it (through their models), so the copy inlined into the page equals them."""
    data = engine_catalog(settings.max_steps, settings.max_sweep_lrs)
    return {"problems": [ProblemInfo.model_validate(p).model_dump(mode="json") for p in data["problems"]],
            "optimizers": [OptimizerInfo.model_validate(o).model_dump(mode="json") for o in data["optimizers"]],
            "limits": Limits.model_validate(data["limits"]).model_dump(mode="json")}
