"""Fan-out inside one process: each follower's stream reads its own bounded asyncio queue.

Publishing puts the (already encoded) event on every follower's queue without waiting, so
one slow phone never holds up the others: a follower whose queue is full is dropped (its
queue is emptied and told so, its stream ends) and its EventSource reconnects with
`Last-Event-ID`, catching up from the store's replay log.
"""

import asyncio
import itertools
from collections import defaultdict

from gradplay.api.classes.model import Event

# Events a follower may fall behind before it is dropped: a whole class answering at once (200
# `answers` events in a second or two) fits, and so does the replay log it catches up from.
QUEUE_SIZE = 256
DROPPED = Event(-1, "dropped", b"null")


class Follower:
    _ids = itertools.count(1)

    def __init__(self, code: str):
        self.code = code
        self.id = f"{next(self._ids)}"
        self.queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_SIZE)
        self.dropped = False

    def offer(self, event: Event) -> bool:
        """Queue the event without waiting; False (and dropped) if the follower is too far behind."""
        if self.dropped:
            return False
        try:
            self.queue.put_nowait(event)
            return True
        except asyncio.QueueFull:
            self.drop()
            return False

    def drop(self) -> None:
        self.dropped = True
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(DROPPED)


class Hub:
    """code -> the followers connected to this process."""

    def __init__(self):
        self.followers: dict[str, set[Follower]] = defaultdict(set)
        self.dropped = 0  # how many slow followers were dropped, for the benchmark and tests

    def add(self, follower: Follower) -> None:
        self.followers[follower.code].add(follower)

    def remove(self, follower: Follower) -> None:
        group = self.followers.get(follower.code)
        if group is not None:
            group.discard(follower)
            if not group:
                del self.followers[follower.code]

    def publish(self, code: str, event: Event) -> None:
        for follower in list(self.followers.get(code, ())):
            if not follower.offer(event):
                self.dropped += 1
                self.remove(follower)

    def count(self, code: str) -> int:
        return len(self.followers.get(code, ()))

    def drop_all(self) -> None:
        for group in list(self.followers.values()):
            for follower in list(group):
                follower.drop()
        self.followers.clear()
