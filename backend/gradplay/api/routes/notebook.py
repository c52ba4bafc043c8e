"""The run as a Jupyter notebook: the exported script's parts as cells, plus a loss plot."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from gradplay.api.cache import answer, key
from gradplay.api.deps import Context, context, run_spec
from gradplay.api.jobs import notebook_json
from gradplay.api.results import ErrorBody
from gradplay.engine import RunSpec

router = APIRouter(tags=["runs"], responses={422: {"model": ErrorBody}, 503: {"model": ErrorBody}})

MEDIA_TYPE = "application/x-ipynb+json"
# refusals are JSON even where the answer is a notebook file
JSON_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}


@router.post("/notebook", response_class=Response,
             responses={200: {"content": {MEDIA_TYPE: {}}, "description": "A Jupyter notebook (nbformat 4)."},
                        422: JSON_ERROR, 503: JSON_ERROR})
async def create_notebook(request: Request, spec: RunSpec = Depends(run_spec), ctx: Context = Depends(context)) -> Response:
    """The run as a .ipynb whose cells reproduce it with plain torch and plot the loss with matplotlib."""
    name = f"gradplay-{spec.problem}-{spec.optimizer}-lr{spec.lr:g}.ipynb"
    return await answer(request, ctx.cache, ctx.gate, key("notebook", spec.to_dict()), notebook_json, spec,
                        media_type=MEDIA_TYPE, headers=(("Content-Disposition", f'attachment; filename="{name}"'),))
