"""How POST /api/runs/stream's events are documented in OpenAPI: an `itemSchema` per event.

The stream's wire format is fixed (`streams.sse`): `event: record` with a Record as JSON data,
then `event: summary` with a Summary. OpenAPI 3.2 describes a text/event-stream by the schema
of one event (`itemSchema`: an object with `event`, `data`, `id`, `retry`), whose `data` is a
string holding JSON (`contentMediaType` + `contentSchema`), as FastAPI's own EventSourceResponse
documents it. One branch per event name ties each name to its payload's schema, so a generated
client or a fuzzer (schemathesis validates each event) knows a record from a summary.
"""

REF = "#/components/schemas/"


def _event(name: str, model: str) -> dict:
    return {"type": "object", "required": ["event", "data"],
            "properties": {"event": {"const": name},
                           "data": {"type": "string", "contentMediaType": "application/json",
                                    "contentSchema": {"$ref": REF + model}}}}


DESCRIPTION = ("`text/event-stream`: one `record` event per record (data: a Record as JSON), then one `summary` "
               "event (data: a Summary). Non-finite numbers are null. Validation errors answer 422 before the "
               "stream starts.")

# the 200 answer of the stream route; Record and Summary are registered by RunResult (POST /api/runs)
STREAM_RESPONSE = {"description": DESCRIPTION, "content": {"text/event-stream": {
    "itemSchema": {"oneOf": [_event("record", "Record"), _event("summary", "Summary")]}}}}
