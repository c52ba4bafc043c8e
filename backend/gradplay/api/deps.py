"""What routes receive besides their body: the app's context, and validated run specs.

`stream_job` does all a stream's checks (the request, the engine's validation, the
queue) before the stream starts, so a bad request is a 422 and a busy server a 503,
never an error halfway through a 200 stream. A run the cache holds is replayed, not
computed, so it skips the queue.
"""

import threading
from dataclasses import dataclass, field
from typing import AsyncIterator

from fastapi import Request

from gradplay.api.cache import Answer, AnswerCache, key, sse_key
from gradplay.api.gate import Gate
from gradplay.api.jobs import make_spec
from gradplay.api.schemas import RunRequest
from gradplay.api.settings import Settings
from gradplay.engine import RunSpec


@dataclass
class Context:
    """Everything a route needs from the app: one object, set once by create_app."""

    settings: Settings
    gate: Gate
    catalog: dict = field(default_factory=dict)
    cache: AnswerCache = field(default_factory=lambda: AnswerCache(0))


@dataclass
class StreamJob:
    spec: RunSpec
    stop: threading.Event
    cache_key: str
    cached: Answer | None = None  # the cache's stream, or RunResult, of this run: replay it


# async although nothing awaits: FastAPI runs a plain `def` dependency in a thread
async def context(request: Request) -> Context:
    return request.app.state.context


async def run_spec(body: RunRequest, request: Request) -> RunSpec:
    """The engine's spec for a RunRequest (cheap checks, on the loop); an InputError here answers 422."""
    return make_spec(body, request.app.state.context.settings)


async def stream_job(body: RunRequest, request: Request) -> AsyncIterator[StreamJob]:
    """Admit a stream and count it until the response has ended, however it ends."""
    ctx = request.app.state.context
    spec = make_spec(body, ctx.settings)
    job = StreamJob(spec, threading.Event(), key("run", spec.to_dict()))
    if ctx.cache.max_bytes:
        job.cached = ctx.cache.get(sse_key(job.cache_key), job.cache_key)
    if job.cached is not None:
        yield job
        return
    async with ctx.gate.job():
        try:
            yield job
        finally:
            job.stop.set()
