"""Where classes live: the interface every store offers, and the embedded (in-process) store.

Routes call these methods and nothing else, so the embedded store and the Redis store
(redis_store.py) answer identically; tests/api/test_classes.py runs against both. Every
method either does its whole job or raises `ClassError` before changing anything.

The embedded store keeps classes in the serving process: one `--workers 1` process serves
a whole classroom with nothing else installed. Everything runs on the event loop with no
await between reading and writing a class, so no locks are needed.
"""

import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from gradplay.api.classes import model
from gradplay.api.classes.hub import Follower, Hub
from gradplay.api.classes.model import ClassError, Event, Snapshot
from gradplay.api.encoding import dumps

LOG_SIZE = 256  # events kept per class for Last-Event-ID replay


@dataclass(frozen=True)
class Limits:
    max_students: int
    max_classes: int
    idle_s: float
    max_state_bytes: int


def not_found(code: str) -> ClassError:
    return ClassError(404, f"no live class has the code {code}: check the code, or ask the teacher for a new one "
                           "(a class ends after it has been idle for a while)")


def full(limits: Limits) -> ClassError:
    return ClassError(503, f"this class is full: {limits.max_students} students follow it already "
                           "(the server's limit, GRADPLAY_MAX_STUDENTS); try again when someone leaves",
                      retry_after_s=30)


def too_many_classes(limits: Limits) -> ClassError:
    return ClassError(503, f"the server already holds {limits.max_classes} live classes (its limit, "
                           "GRADPLAY_MAX_CLASSES); try again when one ends", retry_after_s=60)


class Store:
    """The interface. `code` is always normalized; the route has checked the teacher's token."""

    limits: Limits
    hub: Hub

    async def create(self, code: str, token_hash: str) -> bool:
        """A new class with this code; False if the code is taken. 503 past max_classes."""
        raise NotImplementedError

    async def token_hash(self, code: str) -> str | None:
        """The class's token hash, None if there is no such class."""
        raise NotImplementedError

    async def info(self, code: str) -> dict | None:
        raise NotImplementedError

    async def publish_state(self, code: str, state: bytes) -> int:
        raise NotImplementedError

    async def ask(self, code: str, prompt: str, kind: str | None, range_: list[float] | None) -> dict:
        raise NotImplementedError

    async def answer(self, code: str, qid: int, student: str, value: float) -> dict:
        raise NotImplementedError

    async def reveal(self, code: str, qid: int, value: float) -> dict:
        raise NotImplementedError

    async def close(self, code: str) -> None:
        raise NotImplementedError

    async def join(self, code: str, last_id: int | None) -> tuple[Follower, list[Event]]:
        """Register a follower (404, or 503 when full) and what it must receive first."""
        raise NotImplementedError

    async def alive(self, follower: Follower) -> bool:
        """Called every ping interval by a follower's stream: False once its class has ended."""
        raise NotImplementedError

    async def leave(self, follower: Follower) -> None:
        raise NotImplementedError

    async def aclose(self) -> None:
        """Release connections (the Redis store)."""


@dataclass
class LiveClass:
    code: str
    token_hash: str
    touched: float
    state: bytes = b"{}"
    head: int = 0
    log: deque = field(default_factory=lambda: deque(maxlen=LOG_SIZE))
    question: dict | None = None
    answers: dict[str, int] = field(default_factory=dict)  # anonymous student id -> histogram bin
    counts: list[int] = field(default_factory=list)
    reveal: dict | None = None
    next_question: int = 1


class MemoryStore(Store):
    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic):
        self.limits, self.clock, self.hub = limits, clock, Hub()
        self.classes: dict[str, LiveClass] = {}

    # -- helpers -------------------------------------------------------------------------
    def _sweep(self) -> None:
        now = self.clock()
        for code in [c for c, live in self.classes.items() if now - live.touched > self.limits.idle_s]:
            self._end(code)

    def _end(self, code: str) -> None:
        live = self.classes.pop(code, None)
        if live is not None:
            self.hub.publish(code, Event(live.head + 1, "closed", dumps({"reason": "the class has ended"})))

    def _get(self, code: str, touch: bool = False) -> LiveClass:
        live = self.classes.get(code)
        if live is not None and self.clock() - live.touched > self.limits.idle_s:
            self._end(code)
            live = None
        if live is None:
            raise not_found(code)
        if touch:
            live.touched = self.clock()
        return live

    def _emit(self, live: LiveClass, kind: str, data: bytes) -> Event:
        live.head += 1
        event = Event(live.head, kind, data)
        live.log.append(event)
        self.hub.publish(live.code, event)
        return event

    def _snapshot(self, live: LiveClass) -> Snapshot:
        return Snapshot(live.head, json.loads(live.state), live.question, list(live.counts), live.reveal)

    # -- the interface -------------------------------------------------------------------
    async def create(self, code: str, token_hash: str) -> bool:
        self._sweep()
        if code in self.classes:
            return False
        if len(self.classes) >= self.limits.max_classes:
            raise too_many_classes(self.limits)
        self.classes[code] = LiveClass(code, token_hash, self.clock())
        return True

    async def token_hash(self, code: str) -> str | None:
        try:
            return self._get(code).token_hash
        except ClassError:
            return None

    async def info(self, code: str) -> dict | None:
        try:
            live = self._get(code)
        except ClassError:
            return None
        return info_dict(code, self._snapshot(live), self.hub.count(code), self.limits,
                         self.limits.idle_s - (self.clock() - live.touched))

    async def publish_state(self, code: str, state: bytes) -> int:
        live = self._get(code, touch=True)
        live.state = state
        return self._emit(live, "state", state).id

    async def ask(self, code: str, prompt: str, kind: str | None, range_: list[float] | None) -> dict:
        live = self._get(code, touch=True)
        question = model.make_question(live.next_question, prompt, kind, range_)
        live.next_question += 1
        live.question, live.answers, live.counts, live.reveal = question, {}, [0] * question["bins"], None
        self._emit(live, "question", dumps(question))
        return question

    async def answer(self, code: str, qid: int, student: str, value: float) -> dict:
        live = self._get(code)
        question = open_question(live.question, live.reveal is not None, qid)
        slot = model.answer_bin(question, value)
        old = live.answers.get(student)
        if old is None and len(live.answers) >= self.limits.max_students:
            raise ClassError(409, f"question {qid} already has answers from {self.limits.max_students} students, "
                                  "the class's limit")
        if old is not None:
            live.counts[old] -= 1
        live.answers[student] = slot
        live.counts[slot] += 1
        data = model.answers_data(qid, list(live.counts))
        self._emit(live, "answers", dumps(data))
        return data

    async def reveal(self, code: str, qid: int, value: float) -> dict:
        live = self._get(code, touch=True)
        question = open_question(live.question, live.reveal is not None, qid)
        data = {**model.answers_data(qid, list(live.counts)), "value": model.check_reveal(question, value)}
        live.reveal = data
        self._emit(live, "reveal", dumps(data))
        return data

    async def close(self, code: str) -> None:
        self._get(code)
        self._end(code)

    async def join(self, code: str, last_id: int | None) -> tuple[Follower, list[Event]]:
        live = self._get(code)
        if self.hub.count(code) >= self.limits.max_students:
            raise full(self.limits)
        follower = Follower(code)
        self.hub.add(follower)
        return follower, model.initial_events(self._snapshot(live), list(live.log), last_id)

    async def alive(self, follower: Follower) -> bool:
        try:
            self._get(follower.code)
            return True
        except ClassError:
            return False

    async def leave(self, follower: Follower) -> None:
        self.hub.remove(follower)


def open_question(question: dict | None, revealed: bool, qid: int) -> dict:
    if question is None or question["id"] != qid:
        raise ClassError(409 if question is not None and qid < question["id"] else 404,
                         f"question {qid} is not the class's current question"
                         + (f" ({question['id']})" if question else " (none has been asked)"))
    if revealed:
        raise ClassError(409, f"question {qid} has been revealed; answers are closed")
    return question


def info_dict(code: str, snap: Snapshot, students: int, limits: Limits, expires_in: float) -> dict:
    question = None
    if snap.question is not None:
        question = {**snap.question, **model.answers_data(snap.question["id"], snap.counts),
                    "revealed": snap.reveal is not None,
                    "value": snap.reveal["value"] if snap.reveal is not None else None}
        question.pop("question")
    return {"code": code, "state": snap.state, "event": snap.head, "students": students,
            "max_students": limits.max_students, "question": question, "expires_in": max(0, round(expires_in))}
