"""/openapi.json as the server behaves: two corrections to what FastAPI's generator writes.

- FastAPI passes the document through its own models, which hold `minimum`/`maximum` as floats:
  the seed's bound 2**63 - 1 would read 9.223372036854776e18 (= 2**63, a seed the server
  refuses). The exact integer is written back.
- A route whose response class has a media type gets `schema: {"type": "string"}` for it. For
  the event stream that would describe the whole stream (OpenAPI 3.2 reads `schema` beside
  `itemSchema` that way) as one string; the events are declared by `itemSchema` (sse_schema.py),
  as FastAPI's own EventSourceResponse routes declare them, so the string schema is dropped.
"""

from fastapi import FastAPI

from gradplay.engine.limits import MAX_SEED

STREAM = "/api/runs/stream"


def _exact_bounds(node: object) -> None:
    if isinstance(node, dict):
        for key in ("maximum", "exclusiveMaximum"):
            if node.get(key) == float(MAX_SEED) and node.get("type") == "integer":
                node[key] = MAX_SEED
        for value in node.values():
            _exact_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _exact_bounds(value)


def install(app: FastAPI) -> None:
    """Serve the corrected document at /openapi.json (built once and kept, as FastAPI does)."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            doc = generate()  # FastAPI's document, which it keeps in app.openapi_schema: corrected in place
            _exact_bounds(doc)
            stream = doc["paths"].get(STREAM, {}).get("post", {}).get("responses", {}).get("200", {})
            stream.get("content", {}).get("text/event-stream", {}).pop("schema", None)
        return app.openapi_schema

    app.openapi = openapi
