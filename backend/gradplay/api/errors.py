"""Every failure as JSON `{"detail": "<one sentence to act on>"}`: 422, 503, and a last-resort 500.

Pydantic's errors are rewritten into one line per field ("lr: must be greater than 0;
got -1"); the engine's `InputError` messages are already written for people and pass
through unchanged.
"""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from gradplay.api.encoding import SafeJSONResponse
from gradplay.api.gate import Overloaded
from gradplay.engine import InputError

log = logging.getLogger("gradplay.api")


def error(status: int, detail: str, headers: dict | None = None, **extra) -> SafeJSONResponse:
    return SafeJSONResponse({"detail": detail, **extra}, status_code=status, headers=headers)


def field_message(err: dict) -> str:
    """One pydantic error as a sentence naming the field, the rule and the value given."""
    loc = [str(p) for p in err.get("loc", ()) if p != "body"]
    # a union's branch name (e.g. "list[float]") says nothing to a person
    loc = [p for p in loc if not p.startswith(("list[", "dict[", "function-"))]
    where = ".".join(loc)
    kind, msg = err.get("type", ""), err.get("msg", "")
    if kind == "missing":
        return f"{where} is required"
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", msg))
    msg = msg.replace("Input should be", "must be").replace("Value error, ", "")
    given = err.get("input")
    if kind != "value_error" and not isinstance(given, (dict, list)):
        msg += f"; got {given!r}"
    return f"{where}: {msg}" if where else msg


async def on_validation(request: Request, exc: RequestValidationError) -> SafeJSONResponse:
    errors = exc.errors()
    messages = list(dict.fromkeys(field_message(e) for e in errors))
    details = [{"loc": [p for p in e.get("loc", ()) if p != "body"], "message": m}
               for e, m in zip(errors, map(field_message, errors))]
    return error(422, "; ".join(messages), errors=details)


async def on_input(request: Request, exc: InputError) -> SafeJSONResponse:
    return error(422, str(exc))


async def on_overloaded(request: Request, exc: Overloaded) -> SafeJSONResponse:
    return error(503, str(exc), headers={"Retry-After": str(exc.retry_after_s)})


async def on_http(request: Request, exc: HTTPException) -> SafeJSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404:
        detail = f"no such page or endpoint: {request.url.path}; the API is listed at /docs"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}; see /docs"
    return error(exc.status_code, detail, headers=getattr(exc, "headers", None))


async def on_crash(request: Request, exc: Exception) -> SafeJSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error(500, "the server hit an unexpected error; it has been logged. Please report it.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(InputError, on_input)
    app.add_exception_handler(Overloaded, on_overloaded)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)
