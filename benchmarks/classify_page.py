"""Classify page benchmark (not a test): our page measured the way TensorFlow Playground's bench measures TFP.

The definitions are those of `tfp_bench.py` (../shared/anchors/, which measures TFP itself), on the
same two states set through our URL hash: TFP's default (circle, x1 and x2, 4-2 tanh, batch 10,
lr 0.03) and the "big" 6×8 spiral (all 7 features, 6 hidden layers of 8, tanh, noise 0, train 50 %):
- first frame: ms from navigation start to the first frame showing the decision heatmap (the page's
  `perf.firstPicture.classify`: `drawn` when the map first drew its picture, `painted` a
  requestAnimationFrame + setTimeout(0) later). Cold: each load in a fresh browser context; warm:
  later loads in the last of those contexts. Also FCP, DOMContentLoaded and load;
- epochs/s while playing: Play clicked from inside the page, the epoch counter read before and after
  a 5 s window; frames/s in that window (requestAnimationFrame callbacks) and frame gaps;
- redraw per frame: `perf.frames`, the time each frame's redraw of every view took in that window.
The runs are 10 000 epochs long (the page's limit) so the window never outlasts one; TFP trains on.

    python -m benchmarks.classify_page [--json out.json] [--against ../shared/anchors/tfp_bench.py]
    python -m benchmarks --only classify_page     # the same numbers in the table of every benchmark

`--against` runs that script right after ours (same machine, same load) and prints both side by side.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.page_bench import missing, summary
from benchmarks.page_loads import ARGS, CHROMIUM, served

TARGETS = {"redraw_ms.default": 16.0, "redraw_ms.big": 33.0}
VIEWPORT = {"width": 1280, "height": 800}  # TFP's bench's window
RUN = "&steps=10000"
STATES = {
    "default": f"lesson=classify{RUN}",  # our defaults are TFP's
    "big": (f"lesson=classify{RUN}&dataset=spiral&features=x1,x2,x1sq,x2sq,x1x2,sin_x1,sin_x2"
            "&hidden=8,8,8,8,8,8&activation=tanh&batch_size=10&lr=0.03&noise=0&train_fraction=0.5"),
}
COLD_RUNS, WARM_RUNS = 3, 3
PLAY_WINDOW_S = 5.0

TIMES_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const first = window.__gradplayPerf.firstPicture.classify;
  return {draw_ms: first.drawn, frame_ms: first.painted, fcp_ms: fcp ? fcp.startTime : null,
          dcl_ms: nav.domContentLoadedEventEnd, load_ms: nav.loadEventEnd};
}"""

PLAY_JS = """async (windowMs) => {
  const counter = document.querySelector('#classify-stats [data-part="epoch"]');
  const epochNow = () => parseInt(counter.textContent.replace(/[^0-9]/g, ''), 10);
  const perf = window.__gradplayPerf;
  let frames = 0, last = null, counting = true;
  const gaps = [];
  const tick = (ts) => {
    if (!counting) return;
    frames++;
    if (last !== null) gaps.push(ts - last);
    last = ts;
    requestAnimationFrame(tick);
  };
  await new Promise((r) => requestAnimationFrame(() => r()));  // settle on a frame
  requestAnimationFrame(tick);
  const e0 = epochNow(), f0 = frames, r0 = perf.frames.length, t0 = performance.now();
  document.querySelector('#btn-play').click();
  await new Promise((r) => setTimeout(r, windowMs));
  const e1 = epochNow(), f1 = frames, t1 = performance.now();
  counting = false;
  const d = window.gradplay.store.state.data.classify;
  return {e0, e1, frames: f1 - f0, secs: (t1 - t0) / 1000, playing: window.gradplay.store.state.playing,
          received: d.records.length, redraws: perf.frames.slice(r0), gaps};
}"""


def load(context, url: str) -> tuple:
    page = context.new_page()
    page.goto(url, wait_until="load")
    deadline = time.monotonic() + 60
    while not page.evaluate("() => window.__gradplayPerf?.firstPicture.classify?.painted > 0"):  # the CSP forbids
        if time.monotonic() > deadline:  # wait_for_function's string predicates: poll from here
            raise RuntimeError(f"no decision map drawn within 60 s at {url}")
        time.sleep(0.02)
    times = page.evaluate(TIMES_JS)
    return page, {k: (round(v, 1) if isinstance(v, float) else v) for k, v in times.items()}


def med(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def measure_state(browser, url: str, cold_runs: int, warm_runs: int, window_s: float) -> dict:
    cold, warm = [], []
    context = None
    for _ in range(cold_runs):
        if context:
            context.close()
        context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        page, t = load(context, url)
        cold.append(t)
        page.close()
    page = None
    for _ in range(warm_runs):
        if page:
            page.close()
        page, t = load(context, url)
        warm.append(t)
    r = page.evaluate(PLAY_JS, window_s * 1000)
    context.close()
    gaps = sorted(r["gaps"])
    return {
        "cold": cold, "warm": warm,
        "cold_frame_ms_med": med(t["frame_ms"] for t in cold), "warm_frame_ms_med": med(t["frame_ms"] for t in warm),
        "cold_draw_ms_med": med(t["draw_ms"] for t in cold), "warm_draw_ms_med": med(t["draw_ms"] for t in warm),
        "epochs_per_s": round((r["e1"] - r["e0"]) / r["secs"], 2), "fps": round(r["frames"] / r["secs"], 2),
        "epoch_before": r["e0"], "epoch_after": r["e1"], "records_received": r["received"],
        "still_playing": r["playing"], "play_window_s": round(r["secs"], 3),
        "frame_gap_ms": summary(gaps) if gaps else None,
        "redraw_ms": summary(r["redraws"]) if r["redraws"] else None,
    }


def measure(quick: bool = False) -> dict:
    """Both states, on one server and one browser; the load average before and after."""
    from playwright.sync_api import sync_playwright

    runs = (1, 1, 1.0) if quick else (COLD_RUNS, WARM_RUNS, PLAY_WINDOW_S)
    out = {"load_average_start": os.getloadavg(), "viewport": VIEWPORT, "targets": TARGETS}
    with served() as url, sync_playwright() as p:  # served() warms the server (gzipped plotly.js)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        out["chromium"] = browser.version
        out["states"] = {name: {"url_hash": frag, **measure_state(browser, f"{url}#{frag}", *runs)}
                         for name, frag in STATES.items()}
        browser.close()
    out["load_average_end"] = os.getloadavg()
    return out


# ours vs TFP: (label, our key, TFP's key, the ratio that must hold)
COMPARED = (("epochs/s", "epochs_per_s", "epochs_per_s", "≥ 1"), ("frames/s", "fps", "fps", ""),
            ("first frame cold, ms", "cold_frame_ms_med", "cold_frame_ms_med", "≤ 1"),
            ("first frame warm, ms", "warm_frame_ms_med", "warm_frame_ms_med", "≤ 1"))


def side_by_side(ours: dict, tfp: dict) -> str:
    """A Markdown table of our numbers, TFP's and their ratio, with the load averages both ran under."""
    lines = ["| state | metric | ours | TFP | ours/TFP | needed |", "|---|---|---|---|---|---|"]
    for state in STATES:
        a, b = ours["states"][state], tfp["states"][state]
        for label, ka, kb, need in COMPARED:
            ratio = a[ka] / b[kb] if a[ka] is not None and b[kb] else None
            lines.append(f"| {state} | {label} | {a[ka]} | {b[kb]} | {'' if ratio is None else f'{ratio:.2f}'} | {need} |")
        red = a["redraw_ms"] or {}
        lines.append(f"| {state} | redraw per frame, ms (median / p95) | {red.get('median')} / {red.get('p95')} | | | "
                     f"≤ {TARGETS['redraw_ms.' + state]:g} median |")
    lines.append(f"\nload average: ours {ours['load_average_start'][0]:.2f}→{ours['load_average_end'][0]:.2f}, "
                 f"TFP {tfp['loadavg_start'][0]:.2f}→{tfp['loadavg_end'][0]:.2f} ({os.cpu_count()} cores)")
    return "\n".join(lines)


def run_tfp(script: Path) -> dict:
    """TFP's own bench, in this Python: the JSON line it prints first."""
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout.splitlines()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--against", type=Path, help="TFP's tfp_bench.py: run it right after ours, print both")
    parser.add_argument("--quick", action="store_true", help="one load each and a 1 s window: the harness only")
    args = parser.parse_args()
    reason = missing()
    if reason:
        raise SystemExit(reason)
    ours = measure(args.quick)
    result = {"ours": ours}
    print(json.dumps(ours, indent=1))
    if args.against:
        result["tfp"] = run_tfp(args.against)
        print(side_by_side(ours, result["tfp"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
