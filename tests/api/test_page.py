"""The page with its own files under /v/<version>/: cached for good, a new version after any change."""

import json
import os
import re

import pytest

from gradplay.api import page
from gradplay.api.settings import Settings
from gradplay.engine import PROBLEMS

PAGE = ('<!doctype html><link rel="stylesheet" href="/style.css"><link rel="modulepreload" href="/js/a.js">'
        '<script src="/vendor/plotly-9.min.js"></script><a href="/docs">docs</a><a href="#top">top</a>'
        '<script type="module" src="/js/main.js"></script>')


@pytest.fixture
def settings(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "style.css").write_text("body { margin: 0 }")
    (tmp_path / "js" / "main.js").write_text("import { a } from './a.js';")
    (tmp_path / "js" / "a.js").write_text("export const a = 1;")
    return Settings(frontend_dir=tmp_path)


def version_of(html: str) -> str:
    return re.search(r'"/v/([0-9a-f]+)/js/main\.js"', html).group(1)


async def test_own_files_get_the_version_prefix_and_nothing_else_does(client):
    r = await client.get("/")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-cache" and r.headers["etag"]
    v = version_of(r.text)
    for url in (f"/v/{v}/style.css", f"/v/{v}/js/a.js", f"/v/{v}/js/main.js"):
        assert f'"{url}"' in r.text
    for url in ("/vendor/plotly-9.min.js", "/docs", "#top"):  # not frontend/'s files: left as written
        assert f'"{url}"' in r.text
    assert (await client.get("/index.html")).text == r.text
    assert (await client.get("/", headers={"if-none-match": r.headers["etag"]})).status_code == 304


async def test_versioned_files_are_cached_for_good_other_versions_revalidated(client):
    v = version_of((await client.get("/")).text)
    r = await client.get(f"/v/{v}/js/main.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    old = await client.get("/v/0123456789abcdef/js/main.js")  # a page from before an update still works
    assert old.status_code == 200 and old.headers["cache-control"] == "no-cache"
    assert (await client.get("/js/main.js")).headers["cache-control"] == "no-cache"
    assert (await client.get(f"/v/{v}/js/%2e%2e/%2e%2e/etc/passwd")).status_code == 404
    assert (await client.get(f"/v/{v}/nothing.js")).status_code == 404


async def test_any_change_in_frontend_gives_a_new_version(client, settings):
    before = version_of((await client.get("/")).text)
    a = settings.frontend_dir / "js" / "a.js"
    a.write_text("export const a = 2;")
    os.utime(a, ns=(a.stat().st_atime_ns, a.stat().st_mtime_ns + 1_000_000))
    after = version_of((await client.get("/")).text)
    assert after != before
    assert (await client.get(f"/v/{before}/js/a.js")).headers["cache-control"] == "no-cache"
    assert (await client.get(f"/v/{after}/js/a.js")).text == "export const a = 2;"


def inlined_catalog(html: str) -> dict:
    tag = re.search(r'<script type="application/json" id="catalog">(.*?)</script>', html, re.S)
    return json.loads(tag.group(1))


async def test_the_catalog_is_inlined_and_equals_the_api(client):
    r = await client.get("/")
    catalog = inlined_catalog(r.text)
    assert catalog["problems"] == (await client.get("/api/problems")).json()
    assert catalog["optimizers"] == (await client.get("/api/optimizers")).json()
    assert catalog["limits"] == (await client.get("/api/limits")).json() and catalog["limits"]["max_lr"] == 100.0
    assert [p["id"] for p in catalog["problems"]] == list(PROBLEMS)
    # data, never run: the page's CSP still allows only its own script files
    assert r.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self';")
    assert (await client.get("/", headers={"if-none-match": r.headers["etag"]})).status_code == 304


async def test_the_catalog_goes_just_before_head_ends(client, settings):
    (settings.frontend_dir / "index.html").write_text('<html><head><title>t</title></HEAD><body></body></html>')
    html = (await client.get("/")).text
    assert re.search(r'<title>t</title><script type="application/json" id="catalog">[^<]*</script></HEAD>', html)


def test_no_text_in_the_catalog_can_close_its_tag():
    tag = page.catalog_tag({"help": "a </script><script>alert(1)</script> <!-- b"})
    assert tag.count("</") == 1 and "<!--" not in tag  # only the tag's own end
    assert json.loads(tag[tag.index(">") + 1:-len("</script>")]) == {"help": "a </script><script>alert(1)</script> <!-- b"}


@pytest.mark.parametrize("settings", [Settings(max_steps=500)])
async def test_the_inlined_limits_are_this_servers(client):
    assert inlined_catalog((await client.get("/")).text)["limits"]["max_steps"] == 500
