"""What the views draw besides runs: a function with its derivative, and a loss landscape."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from gradplay.api.cache import answer, key
from gradplay.api.deps import Context, context
from gradplay.api.jobs import curve_json, landscape_json
from gradplay.api.results import CurveResult, ErrorBody, LandscapeResult
from gradplay.api.schemas import CurveRequest, LandscapeRequest

router = APIRouter(tags=["plots"], responses={422: {"model": ErrorBody}, 503: {"model": ErrorBody}})


@router.post("/curve", response_model=CurveResult)
async def create_curve(body: CurveRequest, request: Request, ctx: Context = Depends(context)) -> Response:
    """Sample f(x) on an even grid, with dy/dx by autograd."""
    return await answer(request, ctx.cache, ctx.gate, key("curve", body.model_dump()), curve_json, body)


@router.post("/landscape", response_model=LandscapeResult)
async def create_landscape(body: LandscapeRequest, request: Request, ctx: Context = Depends(context)) -> Response:
    """The loss over a grid of two scalar parameters, in one batched evaluation."""
    return await answer(request, ctx.cache, ctx.gate, key("landscape", body.model_dump()), landscape_json, body)
