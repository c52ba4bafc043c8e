"""The last resort: an unexpected exception is logged and answered as JSON 500; NaN never escapes."""

import math

import httpx

from gradplay.api import create_app
from gradplay.api.encoding import dumps
from gradplay.api.settings import Settings
from tests.api.conftest import strict_json


async def test_unexpected_error_is_a_json_500_and_logged(caplog):
    app = create_app(Settings())

    @app.get("/api/boom")
    async def boom():
        raise RuntimeError("a bug")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as c:
        r = await c.get("/api/boom")
    assert r.status_code == 500 and "unexpected error" in r.json()["detail"] and "a bug" not in r.text
    assert "unexpected error on GET /api/boom" in caplog.text


def test_dumps_writes_non_finite_numbers_as_null():
    data = {"a": [1.5, math.nan, [math.inf, -math.inf]], "b": (2.0, math.nan), "c": "NaN"}
    assert strict_json(dumps(data)) == {"a": [1.5, None, [None, None]], "b": [2.0, None], "c": "NaN"}
    assert dumps({"x": 1.0}) == b'{"x":1.0}'
