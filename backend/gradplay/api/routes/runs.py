"""Runs: the whole result at once, a live stream of records, or the script that reproduces it."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response

from gradplay.api.cache import JSON, SSE, Answer, answer, etag, key, not_modified, sse_key, sse_of_json
from gradplay.api.deps import Context, StreamJob, context, run_spec, stream_job
from gradplay.api.jobs import code_text, make_spec, run_answer
from gradplay.api.results import ErrorBody, RunResult
from gradplay.api.schemas import RunRequest
from gradplay.api.sse_schema import STREAM_RESPONSE
from gradplay.api.streams import EventStream, replay, run_events
from gradplay.engine import RunSpec

router = APIRouter(tags=["runs"], responses={422: {"model": ErrorBody}, 503: {"model": ErrorBody}})


@router.post("/runs", response_model=RunResult)
async def create_run(body: RunRequest, request: Request) -> Response:
    """Run a lesson; answer every record and the summary at once."""
    # api/fastpath.py answers the requests this route accepts before FastAPI routes them; they meet here
    return await answer_run(request, make_spec(body, request.app.state.context.settings))


async def answer_run(request: Request, spec: RunSpec) -> Response:
    """The RunResult of `spec`: 304, cached, or computed through the gate."""
    ctx = request.app.state.context
    return await answer(request, ctx.cache, ctx.gate, key("run", spec.to_dict()), run_answer, spec,
                        ctx.settings.run_budget_s)


# refusals are JSON even where the answer is not (the ErrorBody schema is registered by create_run)
JSON_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}


@router.post("/runs/stream", response_class=EventStream,
             responses={200: STREAM_RESPONSE, 422: JSON_ERROR, 503: JSON_ERROR})
async def stream_run(request: Request, job: StreamJob = Depends(stream_job),
                     ctx: Context = Depends(context)) -> Response:
    """Run a lesson, sending each record as it is computed (SSE), then the summary."""
    tag = etag(job.cache_key, "sse")
    if not_modified(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers={"ETag": tag})
    if job.cached is not None:
        text = job.cached.body
        if job.cached.media_type == JSON:  # computed by POST /api/runs: its stream, made once and kept
            text = await ctx.gate.step(sse_of_json, text)
            ctx.cache.put(sse_key(job.cache_key), Answer(text, SSE))
        return EventStream(replay(text), job.stop, etag=tag)

    def keep(result: bytes, text: bytes) -> None:
        ctx.cache.put(job.cache_key, Answer(result))
        ctx.cache.put(sse_key(job.cache_key), Answer(text, SSE))

    chunks = run_events(job.spec, ctx.gate, ctx.settings.run_budget_s, job.stop,
                        keep if ctx.cache.max_bytes else None, ctx.cache.max_bytes)
    return EventStream(chunks, job.stop)


@router.post("/code", response_class=PlainTextResponse,
             responses={200: {"content": {"text/x-python": {}}, "description": "A standalone PyTorch script."},
                         422: JSON_ERROR, 503: JSON_ERROR})
async def create_code(request: Request, spec: RunSpec = Depends(run_spec), ctx: Context = Depends(context)) -> Response:
    """The run as a standalone PyTorch script that prints the same records as JSON lines."""
    return await answer(request, ctx.cache, ctx.gate, key("code", spec.to_dict()), code_text, spec,
                        media_type="text/x-python; charset=utf-8")
