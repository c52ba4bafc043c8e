"""Live classes (issue 14): a teacher's page leads, students' devices follow over SSE, predict, see the reveal.

    codes.py      join codes (no look-alike characters) and teacher tokens (stored hashed)
    model.py      events, fixed prompts, answer bins, what a (re)connecting follower gets first
    hub.py        fan-out to this process's followers: bounded queues, slow ones dropped
    store.py      the store interface and the embedded (in-process) store
    redis_store.py  the same over Redis, for several workers or replicas (GRADPLAY_REDIS_URL)
    limiter.py    429 for clients that try too many wrong codes
    service.py    tokens, join URLs, limits: what routes need besides storage
    routes.py     the endpoints under /api/classes (docs/api.md)

`install(app, settings)` is all the app factory calls.
"""

from fastapi import FastAPI, Request

from gradplay.api.classes.model import ClassError
from gradplay.api.classes.routes import router
from gradplay.api.classes.service import Classes
from gradplay.api.errors import error
from gradplay.api.settings import Settings


async def on_class_error(request: Request, exc: ClassError):
    headers = {"Retry-After": str(exc.retry_after_s)} if exc.retry_after_s is not None else {}
    if exc.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return error(exc.status, exc.detail, headers=headers or None)


def install(app: FastAPI, settings: Settings) -> None:
    app.state.classes = Classes(settings)
    app.add_exception_handler(ClassError, on_class_error)
    app.include_router(router)
