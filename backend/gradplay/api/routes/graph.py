"""The autograd graph torch builds for one step's loss: values, gradients, and backward's order."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from gradplay.api.cache import answer, key
from gradplay.api.deps import Context, context
from gradplay.api.graph_schemas import GraphRequest, GraphResult
from gradplay.api.jobs import graph_json, make_spec
from gradplay.api.results import ErrorBody

router = APIRouter(tags=["graph"], responses={422: {"model": ErrorBody}, 503: {"model": ErrorBody}})


@router.post("/graph", response_model=GraphResult)
async def create_graph(body: GraphRequest, request: Request, ctx: Context = Depends(context)) -> Response:
    """The graph torch built for the loss at `step`: each node's value and gradient, and backward()'s order."""
    spec = make_spec(body, ctx.settings)
    return await answer(request, ctx.cache, ctx.gate, key("graph", {"spec": spec.to_dict(), "step": body.step}),
                        graph_json, spec, body.step, ctx.settings.run_budget_s)
