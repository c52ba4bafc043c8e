"""Faults survived: overload answers 503 at once, a client leaving stops its stream, 100 streams finish."""

import asyncio
import sys
import threading
import time

import httpx
import pytest

from gradplay.api import streams
from gradplay.api.gate import Gate, Overloaded
from gradplay.api.settings import Settings
from gradplay.engine import RunSpec
from tests.api.conftest import sse_events


async def occupy(gate: Gate, tasks: int, release: threading.Event) -> list[asyncio.Task]:
    """Fill `tasks` places of the gate with steps that block until `release` is set."""
    before = gate.running + gate.waiting
    started = [asyncio.create_task(gate.compute(release.wait)) for _ in range(tasks)]
    while gate.running + gate.waiting < before + tasks:
        await asyncio.sleep(0.005)
    return started


async def test_gate_queues_then_refuses():
    gate, release = Gate(slots=1, max_waiting=2, retry_after_s=3), threading.Event()
    tasks = await occupy(gate, 3, release)
    assert (gate.running, gate.waiting, gate.active) == (1, 2, 3)
    with pytest.raises(Overloaded) as refused:
        await gate.compute(lambda: None)
    assert refused.value.retry_after_s == 3
    release.set()
    await asyncio.gather(*tasks)
    assert gate.counters() == {"active": 0, "running": 0, "waiting": 0, "slots": 1}


async def test_gate_without_a_queue_runs_while_a_slot_is_free():
    gate, release = Gate(slots=2, max_waiting=0, retry_after_s=1), threading.Event()
    tasks = await occupy(gate, 1, release)
    assert await gate.compute(lambda: 42) == 42  # the second slot is free
    more = await occupy(gate, 1, release)
    with pytest.raises(Overloaded):
        await gate.compute(lambda: None)
    release.set()
    await asyncio.gather(*tasks, *more)


@pytest.mark.parametrize("settings", [Settings(max_concurrent=1, max_waiting=1, retry_after_s=2)])
@pytest.mark.parametrize("path", ["/api/runs", "/api/runs/stream", "/api/sweeps"])
async def test_overload_answers_503_with_retry_after_quickly(app, client, path):
    release = threading.Event()
    tasks = await occupy(app.state.context.gate, 2, release)
    body = {"problem": "parabola", "steps": 3} | ({"lrs": [0.1]} if path == "/api/sweeps" else {})
    started = time.monotonic()
    r = await client.post(path, json=body)
    assert time.monotonic() - started < 0.5
    assert r.status_code == 503 and r.headers["retry-after"] == "2"
    assert "busy" in r.json()["detail"]
    health = (await client.get("/api/health")).json()  # health never queues behind torch
    assert health["running"] == 1 and health["waiting"] == 1
    release.set()
    await asyncio.gather(*tasks)
    assert (await client.post(path, json=body)).status_code == 200


async def test_client_leaving_a_stream_stops_its_computation(app, live, monkeypatch):
    steps_computed = 0
    engine_run = sys.modules["gradplay.engine.run"]  # the module: the package exports run() under that name
    make_record = engine_run.make_record

    def counting(*args):
        nonlocal steps_computed
        steps_computed += 1
        return make_record(*args)

    monkeypatch.setattr(engine_run, "make_record", counting)
    gate = app.state.context.gate
    async with httpx.AsyncClient(base_url=live, timeout=10) as c:
        async with c.stream("POST", "/api/runs/stream", json={"problem": "network", "steps": 10_000}) as r:
            records = 0
            async for line in r.aiter_lines():
                records += line == "event: record"
                if records == 3:
                    break
            assert gate.active == 1
        # the response is closed: the client has gone
        deadline = time.monotonic() + 5
        while gate.active and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert (await c.get("/api/health")).json()["active"] == 0
    settled = steps_computed
    await asyncio.sleep(0.3)
    assert steps_computed == settled < 100  # stopped within a step or two, not 10 001


async def test_hundred_concurrent_streams_all_complete(app, live):
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=live, timeout=60, limits=limits) as c:
        async def one(i: int) -> list:
            r = await c.post("/api/runs/stream", json={"problem": "network", "steps": 50, "lr": 1e-4, "seed": i})
            assert r.status_code == 200
            return sse_events(r.text)

        async def health() -> list[float]:
            times = []
            while len(times) < 20:
                t = time.monotonic()
                assert (await c.get("/api/health")).status_code == 200
                times.append(time.monotonic() - t)
                await asyncio.sleep(0.02)
            return times

        *results, health_times = await asyncio.gather(*(one(i) for i in range(100)), health())
    assert all(len(events) == 52 and events[-1][1]["status"] == "completed" for events in results)
    assert max(health_times) < 2.0  # answered while 100 streams run (the benchmark measures how fast)
    assert app.state.context.gate.active == 0


@pytest.mark.parametrize("settings", [Settings(max_concurrent=1, run_budget_s=0.3)])
async def test_waiting_for_a_core_does_not_count_against_a_streams_budget(app, client):
    release = threading.Event()
    blocker = await occupy(app.state.context.gate, 1, release)
    stream = asyncio.create_task(client.post("/api/runs/stream", json={"problem": "parabola", "steps": 5}))
    await asyncio.sleep(0.6)  # twice the budget, spent waiting behind the blocker
    release.set()
    events = sse_events((await stream).text)
    await asyncio.gather(*blocker)
    assert events[-1][1]["status"] == "completed" and len(events) == 7


async def test_stream_response_raises_the_stop_flag_as_soon_as_the_client_disconnects():
    stop = threading.Event()

    async def disconnect() -> dict:
        return {"type": "http.disconnect"}

    async def no_chunks():
        yield b""

    await streams.EventStream(no_chunks(), stop).listen_for_disconnect(disconnect)
    assert stop.is_set()


def test_a_hop_stops_within_one_step_of_the_stop_flag(monkeypatch):
    """A hop computes many records, but a client leaving mid-hop costs at most the step under way."""
    engine_run = sys.modules["gradplay.engine.run"]
    made, make_record = 0, engine_run.make_record
    stop = threading.Event()

    def counting(*args):
        nonlocal made
        made += 1
        if made == 3:
            stop.set()  # the client leaves while the third record is being computed
        return make_record(*args)

    monkeypatch.setattr(engine_run, "make_record", counting)
    monkeypatch.setattr(streams, "HOP_S", 60.0)  # a hop that only the stop flag can cut short
    monkeypatch.setattr(streams, "HOP_RECORDS", 10_000)
    clock = streams.StepClock(10.0, stop)
    run = engine_run.run(RunSpec.make("network", steps=1000), should_stop=clock.should_stop)
    chunk, done = streams._next_events(iter(run), run, clock)
    events = sse_events(chunk.decode())
    assert made == 3 and done
    assert [e for e, _ in events] == ["record"] * 3 + ["summary"] and events[-1][1]["status"] == "timed_out"
