"""Live classes over HTTP, on both stores (embedded and Redis): create, join, follow, answer,
reveal, expiry, and every refusal with its exact status.

Plain requests go through httpx's ASGITransport; streams need a real server (ASGITransport
reads a whole response before returning), so follow tests run the app under uvicorn.
"""

import asyncio
import re
import xml.etree.ElementTree as ET

import httpx
import pytest
import redis
import segno

from gradplay.api.classes import codes
from gradplay.api.classes.service import NEEDS_REDIS
from tests.api.class_helpers import Events, Teacher, follow, make_app, student
from tests.api.conftest import BASE, live_server
from tests.redis_server import redis_server


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["memory", "redis"])
def store_url(request):
    """None for the embedded store, else the URL of an emptied Redis."""
    if request.param == "memory":
        return None
    url = request.getfixturevalue("redis_url")
    redis.Redis.from_url(url).flushall()
    return url


def client_for(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)


async def test_create_gives_a_readable_code_a_secret_token_and_the_join_url(store_url):
    async with client_for(make_app(store_url, public_url="http://192.168.1.20:8000/")) as c:
        r = await c.post("/api/classes", json={})
        assert r.status_code == 201
        body = r.json()
        assert re.fullmatch(f"[{codes.ALPHABET}]{{7}}", body["code"])
        assert not set("0O1IL5S2Z8BQG6UV") & set(codes.ALPHABET)  # no look-alikes
        assert len(body["token"]) >= 43  # 32 random bytes, URL-safe base64: 256 bits
        assert body["join_url"] == f"http://192.168.1.20:8000/?class={body['code']}"
        assert body["expires_in"] == 3 * 3600
        info = (await c.get(f"/api/classes/{body['code'].lower()}")).json()  # codes are read case-insensitively
        assert info == {"code": body["code"], "state": {}, "event": 0, "students": 0, "max_students": 200,
                        "question": None, "expires_in": 10800}
        second = (await c.post("/api/classes", json={})).json()
        assert second["code"] != body["code"] and second["token"] != body["token"]


async def test_qr_code_is_an_svg_of_the_join_url(store_url):
    async with client_for(make_app(store_url)) as c:
        t = await Teacher.start(c)
        r = await c.get(f"/api/classes/{t.code}/qr.svg")
        assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
        assert ET.fromstring(r.text).tag == "{http://www.w3.org/2000/svg}svg"
        import io
        expected = io.BytesIO()
        segno.make(f"http://localhost/?class={t.code}", error="m").save(
            expected, kind="svg", scale=10, border=2, xmldecl=False, title=f"Join class {t.code}")
        assert r.content == expected.getvalue()  # the same QR code segno makes for the join URL


async def test_only_the_teacher_token_may_publish_ask_reveal_or_close(store_url):
    async with client_for(make_app(store_url)) as c:
        t = await Teacher.start(c)
        other = await Teacher.start(c)
        url = f"/api/classes/{t.code}"
        for method, path, body in (("POST", "/state", {"step": 1}), ("POST", "/questions", {"prompt": "w_change_sign"}),
                                   ("POST", "/questions/1/reveal", {"value": 1}), ("DELETE", "", None)):
            kwargs = {"json": body} if body is not None else {}
            missing = await c.request(method, url + path, **kwargs)
            assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
            assert "Authorization: Bearer" in missing.json()["detail"]
            basic = await c.request(method, url + path, headers={"Authorization": "Basic abc"}, **kwargs)
            assert basic.status_code == 401
            wrong = await c.request(method, url + path, headers=other.auth, **kwargs)  # another class's token
            assert wrong.status_code == 403 and t.code in wrong.json()["detail"]
        assert (await c.get(url)).json()["event"] == 0  # nothing was published


async def test_unknown_codes_are_404_and_too_many_wrong_codes_are_429(store_url):
    async with client_for(make_app(store_url, class_misses_per_minute=4)) as c:
        t = await Teacher.start(c)
        assert (await c.get(f"/api/classes/{t.code}")).status_code == 200  # valid codes never count
        for path in ("/api/classes/AAAAAAA", "/api/classes/not-a-code", "/api/classes/AAAAAAA/qr.svg",
                     "/api/classes/AAAAAAA/events"):
            r = await c.get(path)
            assert r.status_code == 404 and "no live class has the code" in r.json()["detail"]
        r = await c.get(f"/api/classes/{t.code}")  # the fifth look-up from this client, even a right one
        assert r.status_code == 429
        assert 1 <= int(r.headers["retry-after"]) <= 60 and "wrong class codes" in r.json()["detail"]
        r = await c.post(f"/api/classes/{t.code}/questions/1/answers", json={"student": student(), "value": 1})
        assert r.status_code == 429
    # another client (address) is not held up
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=c._transport.app, client=("10.0.0.9", 1)),
                                 base_url=BASE) as other:
        assert (await other.get(f"/api/classes/{t.code}")).status_code == 200


async def test_bad_state_question_and_answers_are_422(store_url):
    async with client_for(make_app(store_url, max_class_state_bytes=1024)) as c:
        t = await Teacher.start(c)
        url = f"/api/classes/{t.code}"
        big = await c.post(url + "/state", json={"x": "a" * 1100}, headers=t.auth)
        assert big.status_code == 422 and "at most 1024" in big.json()["detail"]
        listed = await c.post(url + "/state", json=[1, 2], headers=t.auth)
        assert listed.status_code == 422
        for body, words in (({"prompt": "what is your name?"}, "prompt: must be 'next_x'"),
                            ({"prompt": "next_x"}, "needs the range"),
                            ({"prompt": "next_x", "range": [3, 1]}, "lo < hi"),
                            ({"prompt": "next_x", "kind": "sign", "range": [0, 1]}, "asks for a number")):
            r = await c.post(url + "/questions", json=body, headers=t.auth)
            assert r.status_code == 422 and words in r.json()["detail"], r.text
        q = await t.ask(prompt="next_x", range=[-5, 5])
        for value in (5.5, -5.01):
            r = await t.answer(q["id"], student(), value)
            assert r.status_code == 422 and "[-5, 5]" in r.json()["detail"]
        for who in ("alice", "12345678-1234-1234-1234-123456789abc", "6f1c2a8e4b7d4c1e9a513f0e2d7b9c44"):
            r = await c.post(url + f"/questions/{q['id']}/answers", json={"student": who, "value": 1})
            assert r.status_code == 422 and "student" in r.json()["detail"], who
        r = await c.post(url + f"/questions/{q['id']}/answers", json={"student": student(), "value": 1, "name": "Bo"})
        assert r.status_code == 422  # nothing but the id and the value is accepted: no names
        sign = await t.ask(prompt="w_change_sign")
        assert (await t.answer(sign["id"], student(), 0.5)).status_code == 422
        assert (await t.answer(sign["id"], student(), -1)).status_code == 200
        stale = await t.answer(q["id"], student(), 1)  # the number question was replaced
        assert stale.status_code == 409
        assert (await t.answer(99, student(), 1)).status_code == 404


async def test_one_answer_per_student_the_last_replaces_the_first_and_reveal_closes(store_url):
    async with client_for(make_app(store_url)) as c:
        t = await Teacher.start(c)
        q = await t.ask(prompt="next_x", range=[0, 10])
        assert q == {"id": 1, "kind": "number", "prompt": "next_x", "text": "Where will x be after the next update?",
                     "range": [0.0, 10.0], "bins": 20}
        alice, bob = student(), student()
        assert (await t.answer(1, alice, 2.0)).json() == {"question": 1, "n": 1}
        assert (await t.answer(1, bob, 2.2)).json() == {"question": 1, "n": 2}
        assert (await t.answer(1, alice, 9.99)).json() == {"question": 1, "n": 2}  # replaced, not added
        assert (await t.answer(1, bob, 10)).json() == {"question": 1, "n": 2}  # hi falls in the last bin
        expected = [0] * 20
        expected[19] = 2
        revealed = await t.reveal(1, 3.8)
        assert revealed == {"question": 1, "counts": expected, "n": 2, "value": 3.8}
        late = await t.answer(1, student(), 3.8)
        assert late.status_code == 409 and "revealed" in late.json()["detail"]
        again = await c.post(f"/api/classes/{t.code}/questions/1/reveal", json={"value": 1}, headers=t.auth)
        assert again.status_code == 409
        info = (await c.get(f"/api/classes/{t.code}")).json()
        assert info["question"]["counts"] == expected and info["question"]["revealed"] and info["question"]["value"] == 3.8


async def test_too_many_classes_is_503(store_url):
    async with client_for(make_app(store_url, max_classes=2)) as c:
        await Teacher.start(c)
        await Teacher.start(c)
        r = await c.post("/api/classes", json={})
        assert r.status_code == 503 and r.headers["retry-after"] == "60"
        assert "2 live classes" in r.json()["detail"] and "GRADPLAY_MAX_CLASSES" in r.json()["detail"]


async def test_answers_past_the_students_limit_are_409(store_url):
    async with client_for(make_app(store_url, max_students=2)) as c:
        t = await Teacher.start(c)
        await t.ask(prompt="w_change_sign")
        first = student()
        assert (await t.answer(1, first, 1)).status_code == 200
        assert (await t.answer(1, student(), 1)).status_code == 200
        third = await t.answer(1, student(), 1)
        assert third.status_code == 409 and "2 students" in third.json()["detail"]
        assert (await t.answer(1, first, -1)).status_code == 200  # changing an answer is still allowed


async def test_several_workers_without_redis_answer_503_naming_the_fix():
    async with client_for(make_app(None, workers=2)) as c:
        r = await c.post("/api/classes", json={})
        assert r.status_code == 503 and r.json()["detail"] == NEEDS_REDIS
        assert (await c.get("/api/health")).status_code == 200  # everything else works


async def test_a_class_expires_when_idle_on_the_embedded_store():
    app = make_app(None, class_idle_s=60)
    now = [1000.0]
    app.state.classes.store.clock = lambda: now[0]
    async with client_for(app) as c:
        t = await Teacher.start(c)
        now[0] += 59
        await t.state({"step": 1})  # a teacher action renews the class
        now[0] += 59
        await t.ask(prompt="w_change_sign")
        now[0] += 30
        assert (await t.answer(1, student(), 1)).status_code == 200  # answers do not renew it
        now[0] += 31
        r = await c.get(f"/api/classes/{t.code}")
        assert r.status_code == 404
        assert (await c.post(f"/api/classes/{t.code}/state", json={}, headers=t.auth)).status_code == 404


# -- following: a real server ------------------------------------------------------------

def served(store_url, **overrides):
    return live_server(make_app(store_url, **overrides))


async def test_followers_get_the_state_first_then_every_event_in_order(store_url):
    with served(store_url) as url:
        async with httpx.AsyncClient(base_url=url, timeout=10) as c:
            t = await Teacher.start(c)
            await t.state({"lesson": "parabola", "step": 0})
            async with await follow(c, t.code) as r:
                assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
                assert r.headers["cache-control"] == "no-cache"
                ev = Events(r)
                assert await ev.next() == (1, "state", {"lesson": "parabola", "step": 0})
                await t.state({"lesson": "parabola", "step": 1, "playing": True})
                q = await t.ask(prompt="next_x", range=[-4, 4])
                who = student()
                assert (await t.answer(q["id"], who, 3.9)).status_code == 200
                await t.reveal(q["id"], 3.8)
                got = await ev.take(4)
                counts = [0] * 20
                counts[19] = 1
                assert got == [(2, "state", {"lesson": "parabola", "step": 1, "playing": True}),
                               (3, "question", q),
                               (4, "answers", {"question": 1, "counts": counts, "n": 1}),
                               (5, "reveal", {"question": 1, "counts": counts, "n": 1, "value": 3.8})]
                assert (await c.delete(f"/api/classes/{t.code}", headers=t.auth)).status_code == 204
                ident, kind, data = await ev.next()
                assert kind == "closed" and ident == 6
            assert (await c.get(f"/api/classes/{t.code}")).status_code == 404


async def test_reconnect_with_last_event_id_gets_the_current_state_then_what_it_missed(store_url):
    with served(store_url) as url:
        async with httpx.AsyncClient(base_url=url, timeout=10) as c:
            t = await Teacher.start(c)
            await t.state({"step": 0})
            async with await follow(c, t.code) as r:
                assert await Events(r).next() == (1, "state", {"step": 0})
            # away: the teacher moves on and asks a question; two students answer
            await t.state({"step": 1})
            await t.state({"step": 2})
            q = await t.ask(prompt="w_change_sign")
            await t.answer(q["id"], student(), 1)
            await t.answer(q["id"], student(), -1)
            async with await follow(c, t.code, last_event_id=1) as r:
                got = await Events(r).take(4)
            assert got == [(1, "state", {"step": 2}),  # the current state first, at the id it already had
                           (4, "question", q),  # then what it missed, without the stale states
                           (5, "answers", {"question": 1, "counts": [0, 0, 1], "n": 1}),
                           (6, "answers", {"question": 1, "counts": [1, 0, 1], "n": 2})]
            # a newcomer (no Last-Event-ID) gets the same picture as one snapshot at the newest id
            await t.reveal(1, 1)
            async with await follow(c, t.code) as r:
                got = await Events(r).take(4)
            final = {"question": 1, "counts": [1, 0, 1], "n": 2}
            assert got == [(7, "state", {"step": 2}), (7, "question", q), (7, "answers", final),
                           (7, "reveal", {**final, "value": 1.0})]
            bad = await c.get(f"/api/classes/{t.code}/events", headers={"Last-Event-ID": "abc"})
            assert bad.status_code == 422


async def test_the_follower_past_the_limit_is_refused_with_the_reason(store_url):
    with served(store_url, max_students=2) as url:
        async with httpx.AsyncClient(base_url=url, timeout=10) as c:
            t = await Teacher.start(c)
            async with await follow(c, t.code) as one, await follow(c, t.code) as two:
                kept = [Events(one), Events(two)]  # kept: a dropped line iterator closes its stream
                for ev in kept:
                    await ev.next()
                assert (await c.get(f"/api/classes/{t.code}")).json()["students"] == 2
                third = await c.get(f"/api/classes/{t.code}/events")
                assert third.status_code == 503 and third.headers["retry-after"] == "30"
                assert "full: 2 students" in third.json()["detail"]
            # the two left: a place is free again
            async with asyncio.timeout(10):
                while (await c.get(f"/api/classes/{t.code}")).json()["students"] != 0:
                    await asyncio.sleep(0.05)
            async with await follow(c, t.code) as again:
                assert (await Events(again).next())[1] == "state"


async def test_an_expired_class_closes_its_streams(store_url):
    with served(store_url, class_idle_s=1.0, class_ping_s=0.2) as url:
        async with httpx.AsyncClient(base_url=url, timeout=10) as c:
            t = await Teacher.start(c)
            async with await follow(c, t.code) as r:
                ev = Events(r)
                assert (await ev.next())[1] == "state"
                assert (await ev.next(timeout=5))[1] == "closed"  # ~1 s idle, seen at the next ping
            assert (await c.get(f"/api/classes/{t.code}")).status_code == 404


def _torch_parabola(x0: float, lr: float, steps: int) -> list[float]:
    """The parabola lesson's x after each update, by a plain torch loop (its default f(x) = x**2 + 2*x + 1, the
    seed's; plain gradient descent)."""
    import torch
    x = torch.tensor(x0, requires_grad=True)
    xs = [x.item()]
    for _ in range(steps):
        loss = x ** 2 + 2 * x + 1
        loss.backward()
        with torch.no_grad():
            x -= lr * x.grad
        x.grad.zero_()
        xs.append(x.item())
    return xs


async def test_the_server_can_compute_the_reveal_from_the_run_shown(store_url):
    async with client_for(make_app(store_url)) as c:
        t = await Teacher.start(c)
        run = {"problem": "parabola", "optimizer": "gd", "lr": 0.1, "steps": 3, "options": {"x0": 5.0}}
        xs = _torch_parabola(5.0, 0.1, 4)
        await t.ask(prompt="next_x", range=[-1, 6])
        r = await c.post(f"/api/classes/{t.code}/questions/1/reveal", json={"run": run}, headers=t.auth)
        assert r.status_code == 200, r.text
        assert r.json()["value"] == pytest.approx(xs[4], rel=1e-6)  # step 3 shown: x after the 4th update
        await t.ask(prompt="x_change_sign")
        r = await c.post(f"/api/classes/{t.code}/questions/2/reveal", json={"run": run}, headers=t.auth)
        assert r.json()["value"] == -1.0  # x shrinks towards the minimum at -1
        await t.ask(prompt="next_loss", range=[0, 30])
        r = await c.post(f"/api/classes/{t.code}/questions/3/reveal", json={"run": run}, headers=t.auth)
        assert r.json()["value"] == pytest.approx(xs[4] ** 2 + 2 * xs[4] + 1, rel=1e-6)
        await t.ask(prompt="w_change_sign")
        r = await c.post(f"/api/classes/{t.code}/questions/4/reveal", json={"run": run}, headers=t.auth)
        assert r.status_code == 422 and "no parameter w" in r.json()["detail"]
        both = await c.post(f"/api/classes/{t.code}/questions/4/reveal", json={"run": run, "value": 1}, headers=t.auth)
        assert both.status_code == 422 and "either value" in both.json()["detail"]
        bad = await c.post(f"/api/classes/{t.code}/questions/4/reveal", json={"run": {**run, "lr": -1}}, headers=t.auth)
        assert bad.status_code == 422


async def test_an_unreachable_redis_is_a_503_naming_it_and_runs_still_work():
    from tests.redis_server import free_port
    async with client_for(make_app(f"redis://127.0.0.1:{free_port()}/0")) as c:  # nothing listens there
        r = await c.post("/api/classes", json={})
        assert r.status_code == 503 and "cannot reach its Redis" in r.json()["detail"] and r.headers["retry-after"] == "2"
        assert (await c.get("/api/classes/ACDEFHJ")).status_code == 503
        assert (await c.post("/api/runs", json={"problem": "parabola", "steps": 2})).status_code == 200
