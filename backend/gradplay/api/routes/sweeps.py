"""Sweeps: one run per learning rate, computed together in one batched torch computation."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from gradplay.api.cache import answer, key
from gradplay.api.deps import Context, context
from gradplay.api.jobs import make_spec, sweep_json, sweep_lrs
from gradplay.api.results import ErrorBody, SweepResult
from gradplay.api.schemas import SweepRequest

router = APIRouter(tags=["sweeps"], responses={422: {"model": ErrorBody}, 503: {"model": ErrorBody}})


@router.post("/sweeps", response_model=SweepResult)
async def create_sweep(body: SweepRequest, request: Request, ctx: Context = Depends(context)) -> Response:
    """Run a lesson at many learning rates (and hyper_sweep values) at once; rows are bit-identical to single runs."""
    spec = make_spec(body, ctx.settings)
    hyper_sweep = None if body.hyper_sweep is None else body.hyper_sweep.model_dump()
    lrs = sweep_lrs(body)
    canonical = {"spec": spec.to_dict(), "lrs": lrs, "grads": body.grads, "hyper_sweep": hyper_sweep,
                 "summary_only": body.summary_only}
    return await answer(request, ctx.cache, ctx.gate, key("sweep", canonical), sweep_json, spec, lrs, ctx.settings,
                        body.grads, hyper_sweep, body.summary_only)
