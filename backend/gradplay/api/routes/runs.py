"""Runs: the whole result at once, a live stream of records, or the script that reproduces it."""

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse

from gradplay.api.deps import Context, StreamJob, context, run_spec, stream_job
from gradplay.api.encoding import JSONBytes
from gradplay.api.jobs import code_text, run_json
from gradplay.api.results import ErrorBody, RunResult
from gradplay.api.sse_schema import STREAM_RESPONSE
from gradplay.api.streams import EventStream, run_events
from gradplay.engine import RunSpec

router = APIRouter(tags=["runs"], responses={422: {"model": ErrorBody}, 503: {"model": ErrorBody}})


@router.post("/runs", response_model=RunResult)
async def create_run(spec: RunSpec = Depends(run_spec), ctx: Context = Depends(context)) -> JSONBytes:
    """Run a lesson; answer every record and the summary at once."""
    return JSONBytes(await ctx.gate.compute(run_json, spec, ctx.settings.run_budget_s))


# refusals are JSON even where the answer is not (the ErrorBody schema is registered by create_run)
JSON_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}


@router.post("/runs/stream", response_class=EventStream,
             responses={200: STREAM_RESPONSE, 422: JSON_ERROR, 503: JSON_ERROR})
async def stream_run(job: StreamJob = Depends(stream_job), ctx: Context = Depends(context)) -> EventStream:
    """Run a lesson, sending each record as it is computed (SSE), then the summary."""
    return EventStream(run_events(job.spec, ctx.gate, ctx.settings.run_budget_s, job.stop), job.stop)


@router.post("/code", response_class=PlainTextResponse,
             responses={200: {"content": {"text/x-python": {}}, "description": "A standalone PyTorch script."},
                         422: JSON_ERROR, 503: JSON_ERROR})
async def create_code(spec: RunSpec = Depends(run_spec), ctx: Context = Depends(context)) -> PlainTextResponse:
    """The run as a standalone PyTorch script that prints the same records as JSON lines."""
    text = await ctx.gate.compute(code_text, spec)
    return PlainTextResponse(text, media_type="text/x-python; charset=utf-8")
