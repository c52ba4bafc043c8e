"""The classify lesson's data: the exact training and test points a run with these options uses."""

from fastapi import APIRouter, Depends

from gradplay.api.dataset_schemas import DatasetRequest
from gradplay.api.deps import Context, context
from gradplay.api.encoding import JSONBytes
from gradplay.api.jobs import dataset_json
from gradplay.api.results import ErrorBody
from gradplay.models import DatasetResult

router = APIRouter(tags=["plots"], responses={422: {"model": ErrorBody}, 503: {"model": ErrorBody}})


@router.post("/datasets", response_model=DatasetResult)
async def create_dataset(body: DatasetRequest, ctx: Context = Depends(context)) -> JSONBytes:
    """The points of a classify dataset, split into train and test exactly as a run splits them."""
    return JSONBytes(await ctx.gate.compute(dataset_json, body.model_dump(mode="json")))
