"""JSON that a browser's `JSON.parse` always accepts: NaN and ±Infinity become null.

The engine already turns non-finite numbers into None; this is the last line of
defence for anything else (curves, landscapes, a future endpoint). Encoding happens in
the worker thread next to the computation, so a large result never blocks the event loop.
"""

import json
import math

from starlette.responses import JSONResponse


# one encoder for every answer: json.dumps with arguments builds a new one per call (a run
# encodes each record on its own, so that its cached answer can replay as a stream)
_encode = json.JSONEncoder(allow_nan=False, separators=(",", ":")).encode


def dumps(data: object) -> bytes:
    """Compact JSON bytes; non-finite floats anywhere in `data` are written as null."""
    try:
        text = _encode(data)
    except ValueError:  # only raised for NaN/inf: scrub and encode again (rare path)
        text = _encode(finite(data))
    return text.encode("utf-8")


def finite(data: object) -> object:
    """A copy of `data` with every non-finite float replaced by None."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [finite(v) for v in data]
    return data


class SafeJSONResponse(JSONResponse):
    """The app's default response class: encodes with `dumps`, never NaN.

    A JSONResponse subclass, so that OpenAPI documents each route's response model.
    """

    def render(self, content: object) -> bytes:
        return dumps(content)


class JSONBytes(JSONResponse):
    """A response whose body was already encoded by `dumps` (in the worker thread)."""

    def render(self, content: bytes) -> bytes:
        return content
