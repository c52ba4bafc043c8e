"""api/fastpath.py: POST /api/runs answered in front of FastAPI gives FastAPI's route's own answer, byte for byte."""

import pytest

from gradplay.api import fastpath
from gradplay.api.settings import Settings
from tests.api.conftest import strict_json

HEADERS = {"content-type": "application/json"}
BODIES = [
    b'{"problem": "parabola"}',  # accepted: the fast path answers
    b'{"problem": "not_gate", "optimizer": "adam", "lr": 0.05, "steps": 4, "options": {"variant": "module"}}',
    b'{"problem": "parabola", "steps": 3, "options": {"function": "1/x", "x0": 0}}',  # diverges at once
    b'{"problem": "parabola", "lr": -1}',  # the model refuses: FastAPI's 422
    b'{"problem": "parabola", "steps": "5"}',
    b'{"problem": "parabola", "colour": "red"}',
    b'[1, 2]',
    b'{"problem": "nope"}',  # the engine refuses: FastAPI's 422 through the InputError handler
    b'{"problem": "parabola", "options": {"function": "x +"}}',
    b'{"problem": "not_gate", "options": {"broadcast_bug": true}}',
]


async def answers(client, monkeypatch, body: bytes, fast: bool, **headers):
    monkeypatch.setattr(fastpath, "handles", lambda scope: fast and scope["type"] == "http"
                        and scope["path"] == fastpath.PATH and scope["method"] == "POST")
    r = await client.post("/api/runs", content=body, headers={**HEADERS, **headers})
    return r.status_code, sorted(r.headers.items()), r.content


@pytest.fixture
def settings() -> Settings:
    return Settings(cache_bytes=0)  # every request computed: both paths run the engine


@pytest.mark.parametrize("body", BODIES)
async def test_fast_path_answers_as_the_route(client, monkeypatch, body):
    assert await answers(client, monkeypatch, body, True) == await answers(client, monkeypatch, body, False)


async def test_fast_path_answers_runs(client, monkeypatch):
    status, _, content = await answers(client, monkeypatch, BODIES[0], True)
    result = strict_json(content)
    assert status == 200 and len(result["records"]) == 51 and result["records"][1]["params"]["x"] == pytest.approx(3.8)


async def test_fast_path_answers_304_as_the_route(app, client, monkeypatch):
    tag = dict((await answers(client, monkeypatch, BODIES[0], True))[1])["etag"]
    fast = await answers(client, monkeypatch, BODIES[0], True, **{"if-none-match": tag})
    assert fast[0] == 304 and fast == await answers(client, monkeypatch, BODIES[0], False, **{"if-none-match": tag})


async def test_fast_path_answers_503_as_the_route(app, client, monkeypatch):
    """Every slot busy and the queue full: both answer the gate's 503 with Retry-After."""
    gate = app.state.context.gate
    monkeypatch.setattr(gate, "admit", lambda: (_ for _ in ()).throw(fastpath.Overloaded(gate.retry_after_s)))
    fast = await answers(client, monkeypatch, BODIES[0], True)
    assert fast[0] == 503 and ("retry-after", str(gate.retry_after_s)) in fast[1]
    assert fast == await answers(client, monkeypatch, BODIES[0], False)
