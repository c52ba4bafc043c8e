"""The class endpoints under /api/classes: thin, every rule lives in model.py and the store.

Teacher endpoints take the token as `Authorization: Bearer <token>`: missing 401, wrong 403.
Student endpoints take only the code; a client that sends too many wrong codes gets 429.
"""

import asyncio
import io
import threading
from typing import AsyncIterator

import segno
from fastapi import APIRouter, Body, Depends, Header, Request
from fastapi.responses import Response

from gradplay.api.classes.hub import DROPPED, Follower
from gradplay.api.classes.model import ClassError, Event
from gradplay.api.classes.schemas import AnswerRequest, NewClass, QuestionRequest, RevealRequest
from gradplay.api.classes.service import Classes
from gradplay.api.results import ErrorBody
from gradplay.api.streams import EventStream

# every refusal is JSON {"detail": ...}; 503: the server's limits, Redis unreachable, or workers without Redis
router = APIRouter(prefix="/api/classes", tags=["live class"],
                   responses={422: {"model": ErrorBody}, 503: {"model": ErrorBody}})
LOOKUP = {404: {"model": ErrorBody, "description": "no live class has this code"},
          429: {"model": ErrorBody, "description": "too many wrong codes from this client; see Retry-After"}}
TEACHER = {**LOOKUP, 401: {"model": ErrorBody, "description": "no teacher token (Authorization: Bearer <token>)"},
           403: {"model": ErrorBody, "description": "not this class's teacher token"}}
QUESTION = {409: {"model": ErrorBody, "description": "not the current question, or already revealed"}}
# the stream's refusals are JSON although its answer is not (a model would take the stream's media type)
JSON_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
STREAM_REFUSALS = {status: {**JSON_ERROR, "description": spec.get("description", "refused")}
                   for status, spec in {**LOOKUP, 422: {}, 503: {"description": "the class is full, or Redis is needed"}}.items()}


async def classes(request: Request) -> Classes:
    service: Classes = request.app.state.classes
    service.check_available()
    return service


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def existing(code: str, request: Request, service: Classes = Depends(classes)) -> str:
    """The normalized code of a live class; 404 (counted against the client) or 429."""
    return await service.lookup(code, _address(request))


async def teacher(code: str, request: Request, service: Classes = Depends(classes),
                  authorization: str | None = Header(None, include_in_schema=False)) -> str:
    return await service.authorize(code, _address(request), authorization)


@router.post("", status_code=201)
async def create_class(request: Request, body: NewClass, service: Classes = Depends(classes)) -> dict:
    """A new class: its join code, the URL students open, and the teacher's secret token (shown once)."""
    return await service.create(str(request.base_url))


@router.get("/{code}", responses=LOOKUP)
async def read_class(code: str = Depends(existing), service: Classes = Depends(classes)) -> dict:
    """The class now: the teacher's state, the current question and its counts, how many follow."""
    return await service.store.info(code)


@router.get("/{code}/qr.svg", response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}, **LOOKUP})
async def class_qr(request: Request, code: str = Depends(existing), service: Classes = Depends(classes)) -> Response:
    """A QR code of the join URL, as SVG, made on this server (no outside service)."""
    buffer = io.BytesIO()
    segno.make(service.join_url(code, str(request.base_url)), error="m").save(
        buffer, kind="svg", scale=10, border=2, xmldecl=False, title=f"Join class {code}")
    return Response(buffer.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.post("/{code}/state", responses=TEACHER)
async def publish_state(state: dict = Body(..., examples=[{"lesson": "parabola", "step": 3, "playing": False}]),
                        code: str = Depends(teacher), service: Classes = Depends(classes)) -> dict:
    """The teacher page's state (any JSON object ≤ 16 KiB), sent to every follower as a `state` event."""
    return {"event": await service.publish_state(code, state)}


@router.post("/{code}/questions", status_code=201, responses=TEACHER)
async def ask(body: QuestionRequest, code: str = Depends(teacher), service: Classes = Depends(classes)) -> dict:
    """Ask the class to predict: a fixed prompt, and for numbers the range of answers. Sent as `question`."""
    return await service.store.ask(code, body.prompt, body.kind, list(body.range) if body.range else None)


@router.post("/{code}/questions/{qid}/answers", responses={**LOOKUP, **QUESTION})
async def answer(qid: int, body: AnswerRequest, code: str = Depends(existing),
                 service: Classes = Depends(classes)) -> dict:
    """A student's answer; a second answer from the same student replaces the first until the reveal."""
    counts = await service.store.answer(code, qid, body.student, body.value)
    return {"question": qid, "n": counts["n"]}


@router.post("/{code}/questions/{qid}/reveal", responses={**TEACHER, **QUESTION})
async def reveal(qid: int, body: RevealRequest, request: Request, code: str = Depends(teacher),
                 service: Classes = Depends(classes)) -> dict:
    """Close the question with the true value (sent, or computed from the run shown): sent as `reveal`."""
    return await service.reveal(code, qid, body.value, body.run, request.app.state.context.gate)


@router.delete("/{code}", status_code=204, response_class=Response, responses=TEACHER)
async def close(code: str = Depends(teacher), service: Classes = Depends(classes)) -> Response:
    """End the class now: followers get `closed`."""
    await service.store.close(code)
    return Response(status_code=204)


async def following(request: Request, code: str = Depends(existing), service: Classes = Depends(classes),
                    last_event_id: str | None = Header(None, description="the id of the last event received: "
                                                       "EventSource sends it when it reconnects")
                    ) -> AsyncIterator[tuple[Follower, list[Event]]]:
    """Join before the response starts (so a full class is a 503, not a broken stream); leave after it ends."""
    last = request.query_params.get("last_event_id", last_event_id)
    if last is not None and not last.strip().isdigit():
        raise ClassError(422, f"Last-Event-ID must be a whole number, an event's id; got {last!r}")
    follower, initial = await service.store.join(code, int(last) if last is not None else None)
    try:
        yield follower, initial
    finally:
        await service.store.leave(follower)


@router.get("/{code}/events", response_class=EventStream,
            responses={200: {"content": {"text/event-stream": {}}}, **STREAM_REFUSALS})
async def events(joined: tuple[Follower, list[Event]] = Depends(following),
                 service: Classes = Depends(classes)) -> EventStream:
    """One SSE stream for EventSource: `state` first, then `question`, `answers`, `reveal`, `closed`."""
    follower, initial = joined
    return EventStream(stream(service, follower, initial), threading.Event())


async def stream(service: Classes, follower: Follower, initial: list[Event]) -> AsyncIterator[bytes]:
    """The follower's events as SSE text; a ping comment while quiet, which also checks the class still lives."""
    store, ping_s = service.store, service.settings.class_ping_s
    last = max(e.id for e in initial)
    yield b"retry: 2000\n\n" + b"".join(e.sse for e in initial)
    while True:
        try:
            event = await asyncio.wait_for(follower.queue.get(), ping_s)
        except TimeoutError:
            if not await store.alive(follower):
                yield Event(last, "closed", b'{"reason":"the class has ended"}').sse
                return
            yield b": ping\n\n"
            continue
        batch = [event]
        while not follower.queue.empty():  # events that arrived together leave in one write
            batch.append(follower.queue.get_nowait())
        out = []
        for event in batch:
            if event is DROPPED:
                yield b"".join(out)
                return  # too far behind: the EventSource reconnects and catches up from the log
            if event.id <= last and event.kind != "closed":
                continue  # already sent, in the catch-up after joining
            last = max(last, event.id)
            out.append(event.sse)
            if event.kind == "closed":
                yield b"".join(out)
                return
        if out:
            yield b"".join(out)
