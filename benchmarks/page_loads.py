"""First-chart times in fresh chromium profiles, and the page against plotly.js alone, interleaved.

A site is served by a real uvicorn with the app (`served()`); the page reports when its first chart
was painted (`window.__gradplayPerf.firstChartPainted`, ms since navigation). One fresh profile
gives: cold (empty caches), the second visit (HTTP cache; V8 stores its code cache now), repeat
visits (new tabs from the third visit on: HTTP cache and V8's code cache) and reloads in one tab.

The floor is plotly.js alone drawing one tiny chart, served by the same app the same way: the same
versioned URL, headers and gzip for plotly.js, and index.html through the same page route (so it
also carries the inlined catalog). `interleaved()` measures our page and the floor alternately, visit
by visit, a fresh profile each, the order swapped every run, so a burst of load from another process
lands on both; `ratios()` divides each pair and takes the median over the pairs.
"""

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 720}
ROOT = Path(__file__).resolve().parents[1]
FLOOR_HTML = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body><div id="c"></div><script src="{plotly}"></script><script src="/floor.js"></script></body></html>"""
FLOOR_JS = """Plotly.newPlot('c', [{y: [3, 1, 2]}]).then(() => requestAnimationFrame(() => setTimeout(() => {
  window.__gradplayPerf = {firstChartPainted: performance.now()};
  document.documentElement.dataset.firstChart = '1';
})));"""


def floor_site(folder: Path, plotly_url: str) -> Path:
    (folder / "index.html").write_text(FLOOR_HTML.format(plotly=plotly_url))
    (folder / "floor.js").write_text(FLOOR_JS)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(frontend: Path | None = None):
    """The app in its own uvicorn process, serving `frontend` (default: the repository's); yields its URL."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "backend")}
    if frontend is not None:
        env["GRADPLAY_FRONTEND_DIR"] = str(frontend)
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "gradplay.api.app:create_app",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"], env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(400):
            try:
                urllib.request.urlopen(url + "api/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise SystemExit("the server did not start")
        warm_server(url)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def warm_server(url: str) -> None:
    """The server gzips plotly.js on its first request; a classroom server has long done so."""
    from gradplay.api.static import CARTESIAN_URL, PLOTLY_URL

    for path in ("", CARTESIAN_URL[1:], PLOTLY_URL[1:]):
        urllib.request.urlopen(urllib.request.Request(url + path, headers={"Accept-Encoding": "gzip"}), timeout=30).read()


def painted(page) -> float:
    page.wait_for_selector("html[data-first-chart]", timeout=30_000)
    return page.evaluate("window.__gradplayPerf.firstChartPainted") / 1000


def first_chart(context, url: str) -> float:
    page = context.new_page()
    page.goto(url)
    seconds = painted(page)
    page.close()
    return seconds


def reloads(context, url: str, times: int) -> list[float]:
    page = context.new_page()
    page.goto(url)
    painted(page)
    out = []
    for _ in range(times):
        page.reload()
        out.append(painted(page))
    page.close()
    return out


@contextlib.contextmanager
def fresh_profile(p):
    """A browser with an empty profile (HTTP cache, V8's code cache) of its own, closed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        context = p.chromium.launch_persistent_context(folder, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                       viewport=VIEWPORT)
        try:
            yield context
        finally:
            context.close()


def settle(contexts) -> None:
    """Let freshly started browsers finish starting (renderer, GPU and network processes): else the work of
    the one started last lands on the first visit of the other, and the site visited first looks slower."""
    for context in contexts:
        page = context.new_page()
        page.goto("about:blank")
        page.close()
    time.sleep(1.0)


def interleaved(p, sites: dict[str, str], runs: int, repeats: int) -> dict[str, list[dict]]:
    """{site: [one fresh profile's times per run]}: cold, second visit, `repeats` repeat visits in new tabs and
    `repeats` reloads. Each run opens a fresh profile per site and visits the sites in turn, visit by visit
    (cold A, cold B, second A, second B, ...), the order rotated every run, so that the times of one pair
    were taken under the same load from the machine's other programs."""
    names = list(sites)
    out = {name: [] for name in names}
    for run in range(runs):
        order = names[run % len(names):] + names[:run % len(names)]
        with contextlib.ExitStack() as stack:
            contexts = {name: stack.enter_context(fresh_profile(p)) for name in order}
            settle(contexts.values())
            times = {name: {"repeat_s": [], "reload_s": []} for name in order}
            for key in ("cold_s", "second_visit_s"):
                for name in order:
                    times[name][key] = first_chart(contexts[name], sites[name])
            for _ in range(repeats):
                for name in order:
                    times[name]["repeat_s"].append(first_chart(contexts[name], sites[name]))
            for name in order:
                times[name]["reload_s"] = reloads(contexts[name], sites[name], repeats)
        for name in order:
            out[name].append(times[name])
    return out


def flatten(profiles: list[dict]) -> dict[str, list[float]]:
    """Every profile's times under one key each: {cold_s: [...], second_visit_s, repeat_s, reload_s}."""
    out = {}
    for prof in profiles:
        for key, value in prof.items():
            out.setdefault(key, []).extend(value if isinstance(value, list) else [value])
    return out


def ratios(ours: list[dict], floor: list[dict]) -> dict:
    """Ours ÷ the floor, visit by visit (the two visits of a pair were taken one after the other): cold, one
    pair per run, and repeat, `repeats` pairs per run; the median over the pairs, and every pair's ratio."""
    out = {}
    for kind, key in (("cold", "cold_s"), ("repeat", "repeat_s")):
        a = flatten(ours)[key]
        b = flatten(floor)[key]
        pairs = [x / y for x, y in zip(a, b)]
        out[kind] = {"median": round(statistics.median(pairs), 3), "pairs": [round(r, 3) for r in pairs],
                     "ours_s": round(statistics.median(a), 3), "floor_s": round(statistics.median(b), 3)}
    return out
