"""Pure-ASGI guards in front of every route: security headers, Host allow-list, JSON bodies.

Pure ASGI (not BaseHTTPMiddleware) so streams pass through untouched and a disconnect
still reaches the route. The body guard reads at most `max_body_bytes`, refuses what is
not strict JSON (NaN and Infinity literals, numbers that overflow to infinity) with a 422
naming the problem, and replays the body to the app.
"""

import json
import math

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gradplay.api.encoding import dumps

# Plotly sets inline styles and draws icons from data: URIs; nothing else leaves 'self'.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI (served from this server) starts from one inline script.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs",)
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY"), (b"cross-origin-opener-policy", b"same-origin"),
           (b"cross-origin-resource-policy", b"same-origin"),
           (b"permissions-policy", b"camera=(), microphone=(), geolocation=()")]
BODY_METHODS = {"POST", "PUT", "PATCH"}


async def send_error(send: Send, status: int, detail: str) -> None:
    body = dumps({"detail": detail})
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds the security headers and the Content-Security-Policy to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        csp = DOCS_CSP if scope["path"].startswith(DOCS_PATHS) else PAGE_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *HEADERS,
                                      (b"content-security-policy", csp.encode())]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HostGuard:
    """Answers 400 to a Host header not on the allow-list: a DNS-rebinding page gets nothing."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]):
        self.app, self.hosts = app, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "*" not in self.hosts:
            host = host_name(dict(scope["headers"]).get(b"host", b"").decode("latin-1"))
            if host not in self.hosts:
                return await send_error(send, 400, f"host {host!r} is not allowed; start the server with "
                                                   "--host NAME or set GRADPLAY_ALLOWED_HOSTS to accept it")
        await self.app(scope, receive, send)


def host_name(header: str) -> str:
    """'[::1]:8000' -> '::1', 'Localhost:8000' -> 'localhost'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class BodyGuard:
    """Checks content type, size and JSON syntax of API request bodies before any route runs."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        problem = check_content_type(headers.get(b"content-type", b"").decode("latin-1"))
        if problem is None and _length(headers.get(b"content-length", b"")) > self.max_bytes:
            problem = self._too_large()
        body = b""
        while problem is None:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                problem = self._too_large()
            elif not message.get("more_body", False):
                problem = check_json(body)
                break
        if problem is not None:
            return await send_error(send, 422, problem)
        await self.app(scope, replay(body, receive), send)

    def _too_large(self) -> str:
        n = self.max_bytes
        size = f"{n // 1024} KiB" if n % 1024 == 0 else f"{n} bytes"
        return f"the request body is larger than {size}; send a smaller request"


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive() that gives the app the body already read, then the real messages."""
    sent = False

    async def receive_again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return receive_again


def check_content_type(value: str) -> str | None:
    media = value.split(";", 1)[0].strip().lower()
    if media == "application/json" or (media.startswith("application/") and media.endswith("+json")):
        return None
    return (f"send the body as JSON with the header Content-Type: application/json "
            f"(got {value or 'no Content-Type'!r})")


def check_json(body: bytes) -> str | None:
    """None if `body` is strict JSON, else what is wrong with it."""
    if not body.strip():
        return 'the request body is empty; send a JSON object such as {"problem": "parabola"}'
    try:
        json.loads(body, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        return "the request body is nested too deeply"
    except json.JSONDecodeError as exc:
        return f"the request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    except ValueError as exc:  # our hooks, bad UTF-8, integers with thousands of digits
        return f"the request body is not valid JSON: {exc}"
    return None


def _length(value: bytes) -> int:
    return int(value) if value.strip().isdigit() else 0  # servers reject bad lengths before us


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number in JSON; every number must be finite")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is too large; every number must be finite")
    return value
