"""What the views draw besides runs: a function with its derivative, and a loss landscape."""

from fastapi import APIRouter, Depends

from gradplay.api.deps import Context, context
from gradplay.api.encoding import JSONBytes
from gradplay.api.jobs import curve_json, landscape_json
from gradplay.api.results import CurveResult, ErrorBody, LandscapeResult
from gradplay.api.schemas import CurveRequest, LandscapeRequest

router = APIRouter(tags=["plots"], responses={422: {"model": ErrorBody}, 503: {"model": ErrorBody}})


@router.post("/curve", response_model=CurveResult)
async def create_curve(body: CurveRequest, ctx: Context = Depends(context)) -> JSONBytes:
    """Sample f(x) on an even grid, with dy/dx by autograd."""
    return JSONBytes(await ctx.gate.compute(curve_json, body))


@router.post("/landscape", response_model=LandscapeResult)
async def create_landscape(body: LandscapeRequest, ctx: Context = Depends(context)) -> JSONBytes:
    """The loss over a grid of two scalar parameters, in one batched evaluation."""
    return JSONBytes(await ctx.gate.compute(landscape_json, body))
