"""Host allow-list, security headers, the CSP, CORS off by default, the body limit."""

import httpx
import pytest

from gradplay.api import create_app
from gradplay.api.guards import PAGE_CSP, host_name
from gradplay.api.settings import Settings


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"])
async def test_loopback_hosts_are_allowed(client, host):
    assert (await client.get("/api/health", headers={"host": host})).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""])
async def test_other_hosts_are_refused(client, host):
    r = await client.get("/api/health", headers={"host": host})
    assert r.status_code == 400 and "GRADPLAY_ALLOWED_HOSTS" in r.json()["detail"]
    assert r.headers["content-security-policy"] == PAGE_CSP


@pytest.mark.parametrize("settings", [Settings(allowed_hosts=("192.168.1.20", "Classroom.local"))])
async def test_configured_hosts_are_allowed(client, settings):
    for host in ("192.168.1.20:8000", "classroom.local"):
        assert (await client.get("/api/health", headers={"host": host})).status_code == 200
    assert (await client.get("/api/health", headers={"host": "192.168.1.21"})).status_code == 400


@pytest.mark.parametrize("settings", [Settings(allowed_hosts=("*",))])
async def test_star_allows_any_host(client, settings):
    assert (await client.get("/api/health", headers={"host": "anything.example"})).status_code == 200


def test_host_name_strips_port_and_brackets():
    assert host_name("[::1]:8000") == "::1" and host_name("Example.org:80") == "example.org"
    assert host_name("::1") == "::1" and host_name("") == ""


@pytest.mark.parametrize("path, method", [("/api/health", "GET"), ("/api/runs", "POST"), ("/nothing", "GET"),
                                          ("/vendor/plotly.min.js", "GET")])
async def test_security_headers_on_every_answer(client, path, method):
    r = await client.request(method, path, json={"problem": "parabola", "steps": 1} if method == "POST" else None)
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-eval" not in csp and "http" not in csp  # nothing outside the server


async def test_no_cors_by_default(client):
    r = await client.post("/api/runs", json={"problem": "parabola", "steps": 1},
                          headers={"origin": "http://other.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    preflight = await client.options("/api/runs", headers={"origin": "http://other.example",
                                                           "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


async def test_cors_when_configured():
    app = create_app(Settings(cors_origins=("http://notebook.example",)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://localhost") as c:
        r = await c.post("/api/runs", json={"problem": "parabola", "steps": 1},
                         headers={"origin": "http://notebook.example"})
        assert r.headers["access-control-allow-origin"] == "http://notebook.example"
        r = await c.post("/api/runs", json={"problem": "parabola", "steps": 1},
                         headers={"origin": "http://other.example"})
        assert "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize("settings", [Settings(max_body_bytes=100)])
async def test_body_limit_is_a_setting(client, settings):
    small = await client.post("/api/runs", json={"problem": "parabola", "steps": 1})
    assert small.status_code == 200
    big = await client.post("/api/runs", json={"problem": "parabola", "options": {"function": "x" + " " * 100}})
    assert big.status_code == 422 and "larger than 100 bytes" in big.json()["detail"]


async def test_chunked_body_over_the_limit_is_refused(client):
    async def chunks():
        for _ in range(100):
            yield b" " * 1024

    r = await client.post("/api/runs", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 422 and "larger than 64 KiB" in r.json()["detail"]
