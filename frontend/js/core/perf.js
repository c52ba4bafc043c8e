/**
 * Timings the benchmark reads (benchmarks/page_bench.py; performance.now(), ms since navigation):
 * when the first chart was painted, and how long each slider redraw took.
 */

export const perf = { firstChartPainted: null, redraws: [] };
window.__gradplayPerf = perf;

const waiting = [];  // callbacks for when the first chart is on screen
let built = false;

export function markFirstChart() {
  if (built) return;
  built = true;
  // a timeout queued from requestAnimationFrame runs just after that frame is painted
  requestAnimationFrame(() => setTimeout(() => {
    perf.firstChartPainted = performance.now();
    document.documentElement.dataset.firstChart = perf.firstChartPainted.toFixed(1);
    waiting.splice(0).forEach((fn) => fn());
  }));
}

/** Run `fn` once the first chart is painted: at once if it already is. */
export function afterFirstChart(fn) {
  if (perf.firstChartPainted !== null) fn();
  else waiting.push(fn);
}

/** Time a synchronous redraw and keep the number where the page and the benchmark can read it. */
export function timeRedraw(fn) {
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  perf.redraws.push(ms);
  document.documentElement.dataset.redrawMs = ms.toFixed(2);
  return ms;
}
