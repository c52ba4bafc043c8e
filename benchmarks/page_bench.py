"""Page benchmark (not a test): first drawn chart, cold and repeat, against plotly.js alone; slider redraws.

Starts real uvicorns with the app, drives Debian's headless chromium with Playwright and reads the
numbers the page itself measures (`window.__gradplayPerf`, performance.now()):
- first chart: navigation start to the first frame painted with the lesson's charts, in fresh
  profiles (page_loads.py): cold, the second visit, repeat visits (HTTP cache and V8's code cache),
  reloads in one tab;
- first_chart_ratio (issue 13): the same times divided by those of the floor, plotly.js alone plus
  one tiny chart served the same way: a fresh profile for each, visited in turn, visit by visit;
  targets cold <= 1.2x, repeat <= 1.5x;
- slider redraw: from the slider's input event to the redrawn views, per drag event.
Targets (issue 4): redraw <= 16 ms, cold <= 1.0 s, repeat <= 0.2 s.
For scale it also times the full plotly.js build (from the `plotly` package) alone.

    python -m benchmarks.page_bench [--runs 7] [--repeats 4] [--json out.json]
    python -m benchmarks --only page    # the same numbers, in the table with every other benchmark
"""

import argparse
import json
import os
import statistics
import tempfile
from pathlib import Path

from benchmarks.page_loads import ARGS, CHROMIUM, VIEWPORT, flatten, floor_site, interleaved, ratios, served

TARGETS = {"redraw_ms": 16.0, "cold_s": 1.0, "repeat_s": 0.2, "first_chart_ratio.cold": 1.2,
           "first_chart_ratio.repeat": 1.5}


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


def measure(runs: int = 7, repeats: int = 4, floor: bool = True) -> tuple[dict, dict]:
    """(summary, raw numbers): load times and their ratios to plotly.js alone, slider redraws, and
    (`floor`) the full plotly.js build alone for scale."""
    from playwright.sync_api import sync_playwright

    from gradplay.api.static import CARTESIAN_URL, PLOTLY_URL

    raw = {}
    with sync_playwright() as p, tempfile.TemporaryDirectory() as folder:
        with served() as ours, served(floor_site(Path(folder), CARTESIAN_URL)) as alone:
            profiles = interleaved(p, {"ours": ours, "floor": alone}, runs, repeats)
            raw["redraw_ms"] = redraw_times(p, ours)
        raw["loads"], raw["floor_plotly_alone"] = flatten(profiles["ours"]), flatten(profiles["floor"])
        raw["first_chart_ratio"] = ratios(profiles["ours"], profiles["floor"])
        if floor:
            with tempfile.TemporaryDirectory() as full_folder, served(floor_site(Path(full_folder), PLOTLY_URL)) as full:
                raw["floor_full_plotly_alone"] = flatten(interleaved(p, {"full": full}, min(runs, 3), repeats)["full"])
    result = {"loads": {k: summary(v) for k, v in raw["loads"].items()},
              "first_chart_ratio": raw["first_chart_ratio"],
              "redraw_ms": {k: summary(v) for k, v in raw["redraw_ms"].items()}, "targets": TARGETS,
              "load_average": os.getloadavg()}
    for key in ("floor_plotly_alone", "floor_full_plotly_alone"):
        if key in raw:
            result[key] = {k: summary(v) for k, v in raw[key].items()}
    return result, raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh profiles (cold visits) of each site")
    parser.add_argument("--repeats", type=int, default=4, help="repeat visits per profile after the second")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args()
    result, raw = measure(args.runs, args.repeats)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps({"summary": result, "raw": raw}, indent=2))


if __name__ == "__main__":
    main()
