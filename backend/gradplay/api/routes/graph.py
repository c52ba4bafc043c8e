"""The autograd graph torch builds for one step's loss: values, gradients, and backward's order."""

from fastapi import APIRouter, Depends

from gradplay.api.deps import Context, context
from gradplay.api.encoding import JSONBytes
from gradplay.api.graph_schemas import GraphRequest, GraphResult
from gradplay.api.jobs import graph_json, make_spec
from gradplay.api.results import ErrorBody

router = APIRouter(tags=["graph"], responses={422: {"model": ErrorBody}, 503: {"model": ErrorBody}})


@router.post("/graph", response_model=GraphResult)
async def create_graph(body: GraphRequest, ctx: Context = Depends(context)) -> JSONBytes:
    """The graph torch built for the loss at `step`: each node's value and gradient, and backward()'s order."""
    spec = make_spec(body, ctx.settings)
    return JSONBytes(await ctx.gate.compute(graph_json, spec, body.step, ctx.settings.run_budget_s))
