"""Page benchmark (not a test): first drawn chart, cold and repeat, and slider-drag redraw time.

Starts a real uvicorn with the app, drives Debian's headless chromium with Playwright and
reads the numbers the page itself measures (`window.__gradplayPerf`, performance.now()):
- first chart: navigation start to the first frame painted with the lesson's charts;
  cold = a fresh browser profile, repeat = the same profile visited again in a new tab (HTTP cache,
  then V8's code cache, which chromium fills on the second visit and uses from the third),
  reload = the page reloaded in its own tab (chromium's in-memory caches of that tab help too);
- slider redraw: from the slider's input event to the redrawn views, per drag event.
Targets (issue 4): redraw <= 16 ms, cold <= 1.0 s, repeat <= 0.2 s.
For scale it also times two floor pages, plotly.js alone plus one tiny chart, served the same way:
with the cartesian build the page loads, and with the full build from the `plotly` package.

    python benchmarks/page_bench.py [--runs 3] [--repeats 4] [--json out.json]
    python -m benchmarks        # the same numbers, in the table with every other benchmark
"""

import argparse
import json
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
TARGETS = {"redraw_ms": 16.0, "cold_s": 1.0, "repeat_s": 0.2}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def start_server(frontend: Path | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "backend")}
    if frontend is not None:
        env["GRADPLAY_FRONTEND_DIR"] = str(frontend)
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "gradplay.api.app:create_app",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"], env=env)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "api/health", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the server did not start")


def first_chart(context, url: str) -> float:
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("html[data-first-chart]", timeout=30_000)
    seconds = page.evaluate("window.__gradplayPerf.firstChartPainted") / 1000
    page.close()
    return seconds


def warm_server(url: str) -> None:
    """The server gzips plotly.js on its first request; a classroom server has long done so."""
    from gradplay.api.static import CARTESIAN_URL, PLOTLY_URL

    for path in ("", CARTESIAN_URL[1:], PLOTLY_URL[1:]):
        urllib.request.urlopen(urllib.request.Request(url + path, headers={"Accept-Encoding": "gzip"}), timeout=30).read()


def load_times(p, url: str, runs: int, repeats: int) -> dict:
    warm_server(url)
    cold, second, repeat, reload = [], [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as profile:
            context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                           args=ARGS, viewport=VIEWPORT)
            cold.append(first_chart(context, url))
            second.append(first_chart(context, url))
            repeat.extend(first_chart(context, url) for _ in range(repeats))
            reload.extend(reloads(context, url, repeats))
            context.close()
    return {"cold_s": cold, "second_visit_s": second, "repeat_s": repeat, "reload_s": reload}


def reloads(context, url: str, times: int) -> list[float]:
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("html[data-first-chart]", timeout=30_000)
    out = []
    for _ in range(times):
        page.reload()
        page.wait_for_selector("html[data-first-chart]", timeout=30_000)
        out.append(page.evaluate("window.__gradplayPerf.firstChartPainted") / 1000)
    page.close()
    return out


def drag(page, selector: str, fractions: list[float]) -> None:
    box = page.locator(selector).bounding_box()
    y = box["y"] + box["height"] / 2
    xs = [box["x"] + 8 + f * (box["width"] - 16) for f in fractions]
    page.mouse.move(xs[0], y)
    page.mouse.down()
    for x in xs[1:]:
        page.mouse.move(x, y, steps=4)
    page.mouse.up()


def redraw_times(p, url: str) -> dict:
    browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    page = browser.new_page(viewport=VIEWPORT)
    out = {}
    for lesson in ("parabola", "not_gate", "network"):
        page.goto("about:blank")  # a new hash alone would not reload the page
        page.goto(f"{url}#lesson={lesson}&k=10")
        page.wait_for_selector(f"#lesson-{lesson}[data-sweep='ready'][data-ready]", timeout=30_000)
        page.evaluate("window.__gradplayPerf.redraws = []")
        page.wait_for_timeout(300)
        drag(page, "#lr-slider", [0.57, 0.35, 0.75, 0.45, 0.6])
        times = page.evaluate("window.__gradplayPerf.redraws")
        out[lesson] = times
    browser.close()
    return out


def summary(values: list[float]) -> dict:
    values = sorted(values)
    return {"n": len(values), "median": round(statistics.median(values), 3),
            "p95": round(values[min(len(values) - 1, int(0.95 * len(values)))], 3), "max": round(values[-1], 3)}


def missing() -> str | None:
    """Why the page cannot be measured here, or None."""
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def measure(runs: int = 3, repeats: int = 4, floor: bool = True) -> tuple[dict, dict]:
    """(summary, raw numbers): load times, slider redraws, and plotly.js alone (both builds) for scale."""
    from playwright.sync_api import sync_playwright

    from gradplay.api.static import CARTESIAN_URL, PLOTLY_URL

    raw = {}
    with sync_playwright() as p:
        proc, url = start_server()
        try:
            raw["loads"] = load_times(p, url, runs, repeats)
            raw["redraw_ms"] = redraw_times(p, url)
        finally:
            proc.terminate()
            proc.wait(10)
        for key, plotly_url in (("floor_plotly_alone", CARTESIAN_URL), ("floor_full_plotly_alone", PLOTLY_URL)):
            if not floor:
                break
            with tempfile.TemporaryDirectory() as folder:
                proc, url = start_server(floor_site(Path(folder), plotly_url))
                try:
                    raw[key] = load_times(p, url, runs, repeats)
                finally:
                    proc.terminate()
                    proc.wait(10)
    result = {"loads": {k: summary(v) for k, v in raw["loads"].items()},
              "redraw_ms": {k: summary(v) for k, v in raw["redraw_ms"].items()}, "targets": TARGETS,
              "load_average": os.getloadavg()}
    for key in ("floor_plotly_alone", "floor_full_plotly_alone"):
        if key in raw:
            result[key] = {k: summary(v) for k, v in raw[key].items()}
    return result, raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh profiles (cold visits)")
    parser.add_argument("--repeats", type=int, default=4, help="repeat visits per profile after the second")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args()
    result, raw = measure(args.runs, args.repeats)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps({"summary": result, "raw": raw}, indent=2))


if __name__ == "__main__":
    main()
