"""A run as Server-Sent Events: one `record` event per record, then one `summary` event.

The generator is written on its own (testable without HTTP). It hands the engine to a
worker thread in hops: each hop computes records until about a millisecond of work is
done (or `HOP_RECORDS` are), encodes them as SSE text and returns one chunk, so the event
loop pays one thread hop and one socket write per hop rather than per record, and a
stream never holds a core for long while others wait for theirs.

The engine asks `should_stop` before every update, and `EventStream` sets the stop flag
the moment the client disconnects, so a client that goes away costs at most the step
already under way, even in the middle of a hop.

The time budget counts the time spent computing this stream's steps, not the time spent
waiting for a free core: with 100 streams sharing two cores, waiting is the server's
doing, and counting it would time out every stream of a busy classroom at once.

A stream that runs to its end hands its encoded records to `keep` (the answer cache), so
that the same run asked again, as a stream or as POST /api/runs, is replayed from them.
"""

import threading
import time
from typing import AsyncIterator, Callable

from starlette.responses import StreamingResponse
from starlette.types import Receive

from gradplay.api.cache import run_json, run_sse
from gradplay.api.encoding import dumps
from gradplay.api.gate import Gate
from gradplay.engine import RunSpec, run

HOP_S = 0.001  # compute per worker-thread hop: short enough that 100 streams take turns quickly
HOP_RECORDS = 32  # records per hop at most, so the first ones reach the page at once


class StepClock:
    """Seconds spent computing steps; the engine asks `should_stop` before each update."""

    def __init__(self, budget_s: float, stop: threading.Event):
        self.budget_s, self.stop, self.used = budget_s, stop, 0.0

    def should_stop(self) -> bool:
        return self.stop.is_set() or self.used + (time.perf_counter() - self.hop_started) > self.budget_s

    def start_hop(self) -> None:
        self.hop_started = time.perf_counter()

    def end_hop(self) -> None:
        self.used += time.perf_counter() - self.hop_started


def sse(kind: str, data: bytes) -> bytes:
    """One event in text/event-stream format (the JSON has no newlines, so one `data:` line)."""
    return b"event: " + kind.encode() + b"\ndata: " + data + b"\n\n"


def _next_events(records, engine_run, clock: StepClock, kept: list[bytes] | None = None) -> tuple[bytes, bool]:
    """In a worker thread: the next records (and the summary, once the run ends) as SSE text;
    each record's JSON is also appended to `kept` unless it is None."""
    clock.start_hop()
    chunk, done = [], False
    try:
        while True:
            record = next(records, None)
            if record is None:
                chunk.append(sse("summary", dumps(engine_run.summary)))
                done = True
                break
            data = dumps(record)
            if kept is not None:
                kept.append(data)
            chunk.append(sse("record", data))
            if len(chunk) >= HOP_RECORDS or time.perf_counter() - clock.hop_started >= HOP_S:
                break
    finally:
        clock.end_hop()
    return b"".join(chunk), done


async def run_events(spec: RunSpec, gate: Gate, budget_s: float, stop: threading.Event,
                     keep: Callable[[bytes, bytes], None] | None = None, keep_bytes: int = 0) -> AsyncIterator[bytes]:
    """Yield the run's SSE text, one chunk of whole events per worker-thread hop; a run that ends
    on its own (not stopped, not out of time) goes to `keep(result_json, sse_text)` if it fits in
    `keep_bytes`."""
    clock = StepClock(budget_s, stop)
    clock.start_hop()
    engine_run = run(spec, should_stop=clock.should_stop)
    records = iter(engine_run)
    kept: list[bytes] | None = [] if keep is not None else None
    size = 0
    try:
        while True:
            chunk, done = await gate.step(_next_events, records, engine_run, clock, kept)
            yield chunk
            if kept is not None:
                size += len(chunk)  # SSE text is a little larger than the JSON kept: a safe bound
                if size > keep_bytes:
                    kept = None  # too large to keep: stop holding its records
            if done:
                if kept is not None and engine_run.summary["status"] != "timed_out" and not stop.is_set():
                    summary = dumps(engine_run.summary)
                    keep(run_json(dumps(spec.to_dict()), kept, summary), run_sse(kept, summary))
                return
    finally:
        stop.set()
        records.close()  # no thread is inside it: a cancelled step is waited for, not abandoned


async def replay(text: bytes) -> AsyncIterator[bytes]:
    """A cached stream, sent as one chunk: the records were computed by an earlier request."""
    yield text


class EventStream(StreamingResponse):
    """text/event-stream of ready-made SSE chunks; sets `stop` as soon as the client disconnects.

    A plain StreamingResponse, not FastAPI's EventSourceResponse, which would encode (and pass
    through two in-memory queues) every event on its own."""

    media_type = "text/event-stream"

    def __init__(self, chunks: AsyncIterator[bytes], stop: threading.Event, status_code: int = 200,
                 etag: str | None = None):
        # no-cache: a proxy must not keep a stream; X-Accel-Buffering: nginx passes each chunk on at once
        headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        if etag is not None:  # a replayed stream is known to be deterministic
            headers["ETag"] = etag
        super().__init__(chunks, status_code, headers=headers)
        self.stop = stop

    async def listen_for_disconnect(self, receive: Receive) -> None:
        await super().listen_for_disconnect(receive)
        self.stop.set()  # the worker thread sees it before its next update
