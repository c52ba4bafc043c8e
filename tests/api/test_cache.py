"""The answer cache: hits and misses, LRU eviction by bytes, ETag and 304, streams replayed, the setting.

Timing is the benchmarks' business (`python -m benchmarks`: cache_ratio); these tests check
what is answered and what the counters in GET /api/health say.
"""

import asyncio

import pytest
import torch

from gradplay.api.cache import Answer, AnswerCache, etag, key, not_modified, run_json, run_sse, sse_of_json
from gradplay.api.encoding import dumps
from gradplay.api.settings import Settings
from gradplay.engine import RunSpec, run_all
from tests.api.conftest import sse_events

RUN = {"problem": "parabola", "steps": 5}


async def counters(client) -> dict:
    return (await client.get("/api/health")).json()["cache"]


def plain_parabola(steps: int, lr: float = 0.1) -> list[float]:
    """The seed's loop: the loss at each of steps + 1 records."""
    x = torch.tensor(5.0, requires_grad=True)
    losses = []
    for i in range(steps + 1):
        y = x**2 + 2*x + 1
        y.backward()
        losses.append(y.item())
        if i == steps:
            break
        with torch.no_grad():
            x -= lr * x.grad
        x.grad.zero_()
    return losses


async def test_a_repeated_request_is_a_hit_with_the_same_answer(client):
    assert await counters(client) == {"hits": 0, "misses": 0, "shared": 0, "entries": 0, "bytes": 0,
                                      "max_bytes": 64 * 2**20}
    first = await client.post("/api/runs", json=RUN)
    again = await client.post("/api/runs", json=RUN)
    assert first.status_code == again.status_code == 200 and first.content == again.content
    assert [r["loss"] for r in again.json()["records"]] == plain_parabola(5)
    c = await counters(client)
    assert (c["hits"], c["misses"], c["entries"]) == (1, 1, 1) and c["bytes"] == len(first.content)


async def test_the_same_request_written_differently_is_a_hit(client):
    await client.post("/api/runs", json=RUN)
    # every default spelled out, an int where a float is meant, keys in another order
    same = {"steps": 5, "seed": 0, "lr": 0.1, "optimizer": "gd", "hyper": {}, "problem": "parabola",
            "options": {"x0": 5, "function": "x**2 + 2*x + 1", "requires_grad": True}}
    r = await client.post("/api/runs", json=same)
    assert r.status_code == 200 and (await counters(client))["hits"] == 1


@pytest.mark.parametrize("other", [
    {**RUN, "steps": 6}, {**RUN, "lr": 0.2}, {**RUN, "seed": 1}, {**RUN, "optimizer": "adam"},
    {**RUN, "options": {"x0": 4.0}}, {**RUN, "hyper": {"weight_decay": 0.1}, "optimizer": "sgd"},
])
async def test_a_different_request_misses(client, other):
    a = await client.post("/api/runs", json=RUN)
    b = await client.post("/api/runs", json=other)
    assert b.status_code == 200 and b.content != a.content and a.headers["etag"] != b.headers["etag"]
    c = await counters(client)
    assert (c["hits"], c["misses"], c["entries"]) == (0, 2, 2)


async def test_the_cached_run_is_what_encoding_the_whole_result_gives(client):
    body = (await client.post("/api/runs", json=RUN)).content
    assert body == dumps(run_all(RunSpec.make("parabola", steps=5)))
    assert (await client.post("/api/runs", json=RUN)).content == body


def test_lru_evicts_the_least_recently_used_by_bytes():
    cache = AnswerCache(250)
    for name in "abc"[:2]:
        cache.put(name, Answer(b"x" * 100))
    assert cache.get("a") is not None  # a is now the most recently used
    cache.put("c", Answer(b"y" * 100))  # 300 bytes > 250: the least recently used (b) goes
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None
    assert (len(cache), cache.bytes) == (2, 200)
    cache.put("big", Answer(b"z" * 251))  # larger than the whole cache: not kept, nothing evicted
    assert cache.get("big") is None and len(cache) == 2
    cache.put("a", Answer(b"w" * 50))  # replacing an entry counts its new size
    assert cache.bytes == 150 and cache.counters()["entries"] == 2
    cache.put("t", Answer(b"late", deterministic=False))
    assert cache.get("t") is None
    assert cache.counters() == {"hits": 3, "misses": 3, "shared": 0, "entries": 2, "bytes": 150, "max_bytes": 250}


def test_a_runs_parts_join_into_the_json_and_the_stream():
    records, summary = [b'{"step":0}', b'{"step":1,"loss":null}'], b'{"status":"completed"}'
    whole = run_json(b'{"p":1}', records, summary)
    assert whole == b'{"request":{"p":1},"records":[{"step":0},{"step":1,"loss":null}],"summary":{"status":"completed"}}'
    stream = run_sse(records, summary)
    assert stream == (b'event: record\ndata: {"step":0}\n\nevent: record\ndata: {"step":1,"loss":null}\n\n'
                      b'event: summary\ndata: {"status":"completed"}\n\n')
    assert sse_of_json(whole) == stream


def test_etags_depend_on_the_request_the_representation_and_the_versions():
    k = key("run", RunSpec.make("parabola").to_dict())
    assert etag(k) == etag(k) and etag(k) != etag(k, "sse") and etag(k) != etag(key("code", {}))
    assert etag(k).startswith('"') and etag(k).endswith('"') and len(etag(k)) == 34
    assert not_modified(etag(k), etag(k)) and not_modified(f'"x", W/{etag(k)}', etag(k)) and not_modified("*", etag(k))
    assert not not_modified(None, etag(k)) and not not_modified('"x"', etag(k))


DETERMINISTIC = [
    ("/api/runs", RUN),
    ("/api/sweeps", {"problem": "parabola", "steps": 5, "lrs": [0.1, 0.5]}),
    ("/api/curve", {"function": "x**2", "n": 5}),
    ("/api/landscape", {"problem": "not_gate", "n": 3}),
    ("/api/code", RUN),
    ("/api/notebook", RUN),
    ("/api/graph", {"problem": "parabola", "steps": 5, "step": 2}),
]


@pytest.mark.parametrize("path, body", DETERMINISTIC)
async def test_every_deterministic_answer_has_an_etag_and_if_none_match_gives_304(client, path, body):
    first = await client.post(path, json=body)
    tag = first.headers["etag"]
    assert first.status_code == 200 and first.content
    same = await client.post(path, json=body, headers={"If-None-Match": tag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == tag
    other = await client.post(path, json=body, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content == first.content and other.headers["etag"] == tag
    assert other.headers["content-type"] == first.headers["content-type"]
    assert (await counters(client))["hits"] == 1  # the 304 needed no answer at all


@pytest.mark.parametrize("settings", [Settings(cache_bytes=0)])
async def test_a_304_needs_no_cache(client, settings):
    tag = (await client.post("/api/runs", json=RUN)).headers["etag"]
    assert (await client.post("/api/runs", json=RUN, headers={"If-None-Match": tag})).status_code == 304


async def test_a_stream_fills_the_cache_and_is_replayed_equal(client):
    computed = await client.post("/api/runs/stream", json=RUN)
    assert "etag" not in computed.headers  # while computing, the stream could still run out of time
    replayed = await client.post("/api/runs/stream", json=RUN)
    assert replayed.status_code == 200 and replayed.text == computed.text
    assert replayed.headers["content-type"].startswith("text/event-stream") and replayed.headers["etag"]
    whole = await client.post("/api/runs", json=RUN)  # the stream's records answer the whole run too
    assert [d for _, d in sse_events(computed.text)[:-1]] == whole.json()["records"]
    c = await counters(client)
    assert (c["hits"], c["misses"], c["entries"]) == (2, 1, 2)  # the run's RunResult and its stream
    tag = replayed.headers["etag"]
    assert (await client.post("/api/runs/stream", json=RUN, headers={"If-None-Match": tag})).status_code == 304


@pytest.mark.parametrize("body", [RUN, {"problem": "network", "steps": 3},
                                  {"problem": "parabola", "options": {"requires_grad": False}}])
async def test_a_stream_of_a_run_cached_by_post_runs_equals_a_computed_stream(client, app, body):
    await client.post("/api/runs", json=body)
    replayed = await client.post("/api/runs/stream", json=body)
    again = await client.post("/api/runs/stream", json=body)  # its stream was kept the first time
    assert again.text == replayed.text and (await counters(client))["hits"] == 2
    app.state.context.cache = AnswerCache(0)
    computed = await client.post("/api/runs/stream", json=body)
    assert replayed.text == computed.text and sse_events(replayed.text)[-1][0] == "summary"


@pytest.mark.parametrize("settings", [Settings(cache_bytes=0)])
async def test_cache_bytes_zero_disables_the_cache(client, settings):
    for _ in range(2):
        assert (await client.post("/api/runs", json=RUN)).status_code == 200
        assert (await client.post("/api/runs/stream", json=RUN)).status_code == 200
    assert await counters(client) == {"hits": 0, "misses": 0, "shared": 0, "entries": 0, "bytes": 0, "max_bytes": 0}


@pytest.mark.parametrize("settings", [Settings(run_budget_s=1e-9)])
async def test_a_run_out_of_time_is_neither_kept_nor_tagged(client, settings):
    for path in ("/api/runs", "/api/runs/stream"):
        r = await client.post(path, json={"problem": "network", "steps": 10_000})
        assert r.status_code == 200 and "etag" not in r.headers and b"timed_out" in r.content
    assert (await counters(client))["entries"] == 0


def test_cache_bytes_setting_is_read_and_checked():
    assert Settings.from_env({"GRADPLAY_CACHE_BYTES": "0"}).cache_bytes == 0
    assert Settings.from_env({"GRADPLAY_CACHE_BYTES": "1048576"}).cache_bytes == 2**20
    with pytest.raises(ValueError, match="cache_bytes"):
        Settings(cache_bytes=-1)


async def test_identical_requests_at_once_share_one_computation(client, monkeypatch):
    from gradplay.api.routes import runs

    computed = []

    def counting(spec, budget_s):
        computed.append(spec)
        return runs_answer(spec, budget_s)

    runs_answer = runs.run_answer
    monkeypatch.setattr(runs, "run_answer", counting)
    body = {"problem": "network", "steps": 300}
    answers = await asyncio.gather(*(client.post("/api/runs", json=body) for _ in range(5)))
    assert [a.status_code for a in answers] == [200] * 5 and len({a.content for a in answers}) == 1
    assert len(computed) == 1
    c = await counters(client)
    assert (c["misses"], c["shared"], c["entries"]) == (5, 4, 1)


async def test_identical_requests_at_once_share_a_refusal(client):
    # refused in the worker thread, once the lesson's parameters are counted: too many numbers
    body = {"problem": "network", "steps": 10_000, "lr_min": 0.001, "lr_max": 0.1, "count": 256}
    answers = await asyncio.gather(*(client.post("/api/sweeps", json=body) for _ in range(3)))
    assert [a.status_code for a in answers] == [422] * 3 and "the limit is" in answers[2].json()["detail"]
    c = await counters(client)
    assert (c["misses"], c["shared"], c["entries"]) == (3, 0, 0)
