"""Sweeps: one run per learning rate, computed together in one batched torch computation."""

from fastapi import APIRouter, Depends

from gradplay.api.deps import Context, context
from gradplay.api.encoding import JSONBytes
from gradplay.api.jobs import make_spec, sweep_json, sweep_lrs
from gradplay.api.results import ErrorBody, SweepResult
from gradplay.api.schemas import SweepRequest

router = APIRouter(tags=["sweeps"], responses={422: {"model": ErrorBody}, 503: {"model": ErrorBody}})


@router.post("/sweeps", response_model=SweepResult)
async def create_sweep(body: SweepRequest, ctx: Context = Depends(context)) -> JSONBytes:
    """Run a lesson at many learning rates (and hyper_sweep values) at once; rows are bit-identical to single runs."""
    spec = make_spec(body, ctx.settings)
    hyper_sweep = None if body.hyper_sweep is None else body.hyper_sweep.model_dump()
    return JSONBytes(await ctx.gate.compute(sweep_json, spec, sweep_lrs(body), ctx.settings, body.grads,
                                            hyper_sweep, body.summary_only))
