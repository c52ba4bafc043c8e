"""POST /api/runs/stream: SSE parsed event by event, equal to /api/runs; errors before the stream."""

import threading

import pytest

from gradplay.api.gate import Gate
from gradplay.api.settings import Settings
from gradplay.api.streams import run_events
from gradplay.engine import RunSpec
from tests.api.conftest import sse_events, strict_json


@pytest.mark.parametrize("body", [
    {"problem": "parabola", "steps": 12},
    {"problem": "not_gate", "options": {"variant": "module"}},
    {"problem": "parabola", "lr": 100, "steps": 50, "options": {"function": "x**4"}},  # diverges
    {"problem": "parabola", "options": {"requires_grad": False}},  # torch refuses
])
async def test_stream_events_equal_the_whole_run(client, body):
    r = await client.post("/api/runs/stream", json=body)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    assert r.headers["cache-control"] == "no-cache"
    events = sse_events(r.text)
    whole = (await client.post("/api/runs", json=body)).json()
    assert [e for e, _ in events] == ["record"] * len(whole["records"]) + ["summary"]
    assert [data for _, data in events[:-1]] == whole["records"]
    assert events[-1][1] == whole["summary"]


async def test_curl_example_of_the_issue_ends_stalled(client):
    r = await client.post("/api/runs/stream", json={"problem": "network", "optimizer": "sgd", "lr": 0.1, "steps": 5})
    events = sse_events(r.text)
    assert len(events) == 7 and [d["step"] for _, d in events[:-1]] == list(range(6))
    assert events[-1] == ("summary", events[-1][1]) and events[-1][1]["status"] == "stalled"


@pytest.mark.parametrize("body, words", [
    ({"problem": "nope"}, "unknown problem"),
    ({"problem": "parabola", "lr": 0}, "lr: must be greater than 0"),
    ({"problem": "parabola", "options": {"function": "__import__('os')"}}, "not allowed"),
    ({"problem": "parabola", "optimizer": "adam", "hyper": {"momentum": 0.9}}, "allowed: beta1"),
])
async def test_bad_stream_request_is_422_before_the_stream(client, body, words):
    r = await client.post("/api/runs/stream", json=body)
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    assert words in r.json()["detail"]


@pytest.mark.parametrize("settings", [Settings(run_budget_s=1e-9)])
async def test_stream_past_its_budget_ends_timed_out(client, settings):
    events = sse_events((await client.post("/api/runs/stream", json={"problem": "network", "steps": 10_000})).text)
    assert events[-1][0] == "summary" and events[-1][1]["status"] == "timed_out"
    assert len(events) < 100


async def test_event_generator_runs_without_http():
    gate, stop = Gate(1, 10, 1), threading.Event()
    chunks = [c async for c in run_events(RunSpec.make("parabola", steps=3), gate, 10.0, stop)]
    assert all(c.endswith(b"\n\n") for c in chunks)  # each chunk holds whole events
    events = sse_events(b"".join(chunks).decode())
    assert [e for e, _ in events] == ["record"] * 4 + ["summary"]
    assert events[1][1]["params"]["x"] == pytest.approx(3.8)
    assert stop.is_set() and gate.running == 0


async def test_long_stream_computes_several_records_per_worker_hop():
    gate, stop = Gate(1, 10, 1), threading.Event()
    chunks = [c async for c in run_events(RunSpec.make("parabola", steps=500), gate, 10.0, stop)]
    assert len(sse_events(b"".join(chunks).decode())) == 502
    assert 1 < len(chunks) < 502
