"""The gate every torch computation passes: a core each, a bounded queue, then 503.

torch runs with one thread per computation, so about one computation per core runs at
once; the others wait their turn in a queue. When the queue is full a new request is
refused at once with 503 and `Retry-After`, instead of piling up until it times out.
The counters are plain attributes read by `GET /api/health` and by the fault tests.
"""

from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable, TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")


class Overloaded(Exception):
    """Too many computations are waiting; the client should retry after `retry_after_s`."""

    def __init__(self, retry_after_s: int):
        super().__init__(f"the server is busy with other computations; retry in {retry_after_s} s")
        self.retry_after_s = retry_after_s


class Gate:
    """Admits jobs (a run, a stream, a sweep) and runs their torch steps in worker threads."""

    def __init__(self, slots: int, max_waiting: int, retry_after_s: int):
        self.slots, self.max_waiting, self.retry_after_s = slots, max_waiting, retry_after_s
        # Created outside an event loop, anyio binds it to the loop that first uses it.
        self.limiter = anyio.CapacityLimiter(slots)
        self.active = 0  # jobs admitted and not yet finished (a stream counts until it ends)

    @property
    def running(self) -> int:
        """Steps executing in a worker thread right now (at most `slots`)."""
        return self.limiter.borrowed_tokens

    @property
    def waiting(self) -> int:
        """Steps queued for a free slot."""
        return self.limiter.statistics().tasks_waiting if self.limiter.borrowed_tokens else 0

    def admit(self) -> None:
        """Refuse a new job when every slot is busy and the queue is full."""
        if self.limiter.available_tokens == 0 and self.waiting >= self.max_waiting:
            raise Overloaded(self.retry_after_s)

    @asynccontextmanager
    async def job(self) -> AsyncIterator[None]:
        """Count one job from admission to its end, whatever way it ends."""
        self.admit()
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1

    async def step(self, fn: Callable[..., T], *args) -> T:
        """Run fn(*args) in a worker thread once a slot is free; cancelling waits for it to end."""
        return await anyio.to_thread.run_sync(fn, *args, limiter=self.limiter)

    async def compute(self, fn: Callable[..., T], *args) -> T:
        """A one-step job: admit, run in a worker thread, count it while it lasts."""
        async with self.job():
            return await self.step(fn, *args)

    def counters(self) -> dict[str, int]:
        return {"active": self.active, "running": self.running, "waiting": self.waiting, "slots": self.slots}
