"""A run as Server-Sent Events: one `record` event per record, then one `summary` event.

The generator is written on its own (testable without HTTP). Each record is computed by
one `Gate.step` call in a worker thread, so the event loop stays free, and computing
stops as soon as nobody asks for the next event: a client that goes away costs at most
the step already under way.

The time budget counts the time spent computing this stream's steps, not the time spent
waiting for a free core: with 100 streams sharing two cores, waiting is the server's
doing, and counting it would time out every stream of a busy classroom at once.
"""

import threading
import time
from typing import AsyncIterator

from fastapi.sse import ServerSentEvent

from gradplay.api.encoding import dumps
from gradplay.api.gate import Gate
from gradplay.engine import RunSpec, run

_END = object()


class StepClock:
    """Seconds spent computing steps; the engine asks `should_stop` before each update."""

    def __init__(self, budget_s: float, stop: threading.Event):
        self.budget_s, self.stop, self.used = budget_s, stop, 0.0

    def should_stop(self) -> bool:
        return self.stop.is_set() or self.used > self.budget_s


def _next_event(records, engine_run, clock: StepClock) -> tuple[str, bytes]:
    """In a worker thread: compute the next record (or read the summary) and encode it."""
    started = time.perf_counter()
    record = next(records, _END)
    clock.used += time.perf_counter() - started
    if record is not _END:
        return "record", dumps(record)
    return "summary", dumps(engine_run.summary)


async def run_events(spec: RunSpec, gate: Gate, budget_s: float,
                     stop: threading.Event) -> AsyncIterator[ServerSentEvent]:
    """Yield the run's events, one engine step per worker-thread call."""
    clock = StepClock(budget_s, stop)
    engine_run = run(spec, should_stop=clock.should_stop)
    records = iter(engine_run)
    try:
        while True:
            kind, data = await gate.step(_next_event, records, engine_run, clock)
            yield ServerSentEvent(event=kind, raw_data=data.decode("utf-8"))
            if kind == "summary":
                return
    finally:
        stop.set()
        records.close()  # no thread is inside it: a cancelled step is waited for, not abandoned
