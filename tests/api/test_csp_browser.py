"""The Content-Security-Policy lets plotly.js draw every chart kind the page uses, without violations.

Runs headless Chromium (Debian's package) against a real uvicorn; skipped where it is absent.
"""

import shutil
from pathlib import Path

import pytest

from gradplay.api import create_app
from gradplay.api.settings import Settings
from gradplay.api.static import PLOTLY_URL
from tests.api.conftest import live_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")

WATCH = """window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""
PLOTS = """
const el = (id) => document.getElementById(id);
await Plotly.newPlot(el('a'), [{x: [1, 2, 3], y: [3, 1, 2], mode: 'lines+markers+text', text: ['a', 'b', 'c']}],
  {annotations: [{x: 2, y: 1, text: 'w = 3.8', showarrow: true}], shapes: [{type: 'line', x0: 1, x1: 3, y0: 0, y1: 3}]});
await Plotly.newPlot(el('b'), [{type: 'contour', z: [[1, 2], [3, 4]]}, {type: 'heatmap', z: [[1, 2], [3, 4]], opacity: 0.5}]);
await Plotly.newPlot(el('c'), [{x: [0, 1], y: [0, 1], mode: 'lines', line: {width: 4, color: '#c33'}, hoverinfo: 'text'}],
  {xaxis: {visible: false}, yaxis: {visible: false}}, {displayModeBar: true});
await Plotly.react(el('a'), [{x: [1, 2], y: [2, 1]}]);
document.body.dataset.done = '1';
"""


def test_plotly_charts_render_under_the_csp(tmp_path: Path):
    from playwright.sync_api import sync_playwright

    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "watch.js").write_text(WATCH)
    (tmp_path / "js" / "plots.js").write_text(PLOTS)
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        f'<script src="/js/watch.js"></script><script src="{PLOTLY_URL}"></script></head>'
        f'<body><div id="a"></div><div id="b"></div><div id="c"></div>'
        f'<script type="module" src="/js/plots.js"></script></body></html>')
    app = create_app(Settings(frontend_dir=tmp_path))
    with live_server(app) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page()
        messages, outside = [], []
        page.on("console", lambda m: messages.append(m.text) if m.type in ("error", "warning") else None)
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((url, "data:")) else None)
        page.goto(url + "/")
        page.wait_for_selector("body[data-done]", timeout=20_000)
        box = page.locator("#a .scatterlayer .point").first.bounding_box()
        page.mouse.move(box["x"] + 3, box["y"] + 3)  # hover labels are drawn on demand
        violations = page.evaluate("window.violations")
        drawn = page.locator(".main-svg").count()
        max_lr = page.evaluate("JSON.parse(document.getElementById('catalog').textContent).limits.max_lr")
        browser.close()
    assert max_lr == 100  # the inlined catalog is data the page reads, and breaks no rule of the CSP
    assert violations == [] and not [m for m in messages if "Content Security Policy" in m], (violations, messages)
    assert outside == [] and drawn >= 3


def test_docs_render_offline_under_their_csp():
    from playwright.sync_api import sync_playwright

    with live_server(create_app(Settings())) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page()
        messages, outside = [], []
        page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((url, "data:", "blob:")) else None)
        page.goto(url + "/docs")
        page.wait_for_selector(".opblock", timeout=20_000)
        text = page.inner_text("body")
        browser.close()
    assert outside == [] and not [m for m in messages if "Content Security Policy" in m], (outside, messages)
    assert "/api/runs/stream" in text and "/api/landscape" in text
