"""The page from frontend/ at /, and plotly.js under versioned URLs: the cartesian build the page loads
(vendored) and the full build from the installed `plotly` package."""

import gzip
import hashlib
from pathlib import Path

import pytest

from gradplay.api.settings import Settings
from gradplay.api.static import (CARTESIAN_FILE, CARTESIAN_URL, PLOTLY_FILE, PLOTLY_URL, PLOTLY_VERSION,
                                 bundle_version)


@pytest.fixture
def settings(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>gradplay</title>")
    (tmp_path / "style.css").write_text("body { margin: 0 }")
    (tmp_path / "js" / "main.js").write_text("export const x = 1;")
    return Settings(frontend_dir=tmp_path)


async def test_index_and_assets_are_served(client):
    r = await client.get("/")
    assert r.status_code == 200 and "<title>gradplay</title>" in r.text
    assert r.headers["content-type"].startswith("text/html") and r.headers["cache-control"] == "no-cache"
    assert (await client.get("/style.css")).headers["content-type"].startswith("text/css")
    js = await client.get("/js/main.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]


async def test_missing_files_and_traversal_are_404(client):
    assert (await client.get("/nothing.js")).status_code == 404
    assert (await client.get("/../pyproject.toml")).status_code == 404
    assert (await client.get("/js/%2e%2e/%2e%2e/etc/passwd")).status_code == 404


async def test_api_paths_are_not_files(client):
    r = await client.get("/api/runs")
    assert r.status_code == 405 and r.headers["allow"] == "POST"


async def test_plotly_under_its_version_is_cached_for_a_year(client):
    assert PLOTLY_URL == f"/vendor/plotly-{PLOTLY_VERSION}.min.js"
    r = await client.get(PLOTLY_URL, headers={"accept-encoding": "identity"})
    assert r.status_code == 200 and r.content == PLOTLY_FILE.read_bytes()
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["content-type"].startswith("text/javascript") and "content-encoding" not in r.headers


async def test_plotly_is_gzipped_and_revalidated(client):
    r = await client.get("/vendor/plotly.min.js", headers={"accept-encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip" and r.headers["cache-control"] == "no-cache"
    assert r.content == PLOTLY_FILE.read_bytes()  # httpx decodes it
    again = await client.get("/vendor/plotly.min.js", headers={"if-none-match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


async def test_the_cartesian_build_is_served_under_its_version_for_a_year(client):
    assert CARTESIAN_URL == "/vendor/plotly-cartesian-4.1.1.min.js"
    r = await client.get(CARTESIAN_URL, headers={"accept-encoding": "gzip"})
    assert r.status_code == 200 and r.content == CARTESIAN_FILE.read_bytes()
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["content-encoding"] == "gzip" and r.headers["content-type"].startswith("text/javascript")
    assert (await client.get(CARTESIAN_URL, headers={"if-none-match": r.headers["etag"]})).status_code == 304


def test_the_cartesian_build_is_the_recorded_file_and_a_third_of_the_full_one():
    """vendor/README.md records where the file comes from; a changed file must change the record too."""
    digest = hashlib.sha256(CARTESIAN_FILE.read_bytes()).hexdigest()
    assert digest in (CARTESIAN_FILE.parent / "README.md").read_text()
    assert CARTESIAN_FILE.stat().st_size < PLOTLY_FILE.stat().st_size / 3
    assert "Licensed under the MIT license" in CARTESIAN_FILE.read_text(encoding="utf-8")[:300]


def test_bundle_version_reads_the_banner(tmp_path):
    assert bundle_version(CARTESIAN_FILE) == "4.1.1"
    assert bundle_version(PLOTLY_FILE) == PLOTLY_VERSION
    (tmp_path / "odd.js").write_text("var x = 1;")
    with pytest.raises(RuntimeError, match="does not start with a plotly.js banner"):
        bundle_version(tmp_path / "odd.js")


async def test_gzip_body_is_real_gzip(client):
    async with client.stream("GET", PLOTLY_URL, headers={"accept-encoding": "gzip"}) as r:
        raw = b"".join([chunk async for chunk in r.aiter_raw()])
    assert len(raw) < PLOTLY_FILE.stat().st_size / 2 and gzip.decompress(raw) == PLOTLY_FILE.read_bytes()


@pytest.mark.parametrize("settings", [Settings(frontend_dir=__import__("pathlib").Path("/nonexistent"))])
async def test_without_a_frontend_the_api_still_serves(client, settings):
    assert (await client.get("/api/health")).status_code == 200
    assert (await client.get("/")).status_code == 404


def test_the_real_page_asks_for_the_plotly_this_server_has():
    index = Path(__file__).parents[2] / "frontend" / "index.html"
    if not index.exists():
        pytest.skip("no frontend/index.html yet")
    text = index.read_text()
    assert "plotly" not in text or CARTESIAN_URL in text, \
        f"frontend/index.html must load {CARTESIAN_URL} (the vendored build was updated?)"
