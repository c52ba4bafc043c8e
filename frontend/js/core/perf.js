/**
 * Timings the benchmark reads (performance.now(), ms since navigation): when the first chart was
 * built and painted, when the first run arrived and plotly.js was ready, and each slider redraw.
 */

export const perf = { firstChartBuilt: null, firstChartPainted: null, redraws: [], lastRedraw: null, views: {} };
window.__gradplayPerf = perf;

const waiting = [];  // callbacks for when the first chart is on screen

export function markFirstChart() {
  if (perf.firstChartBuilt !== null) return;
  perf.firstChartBuilt = performance.now();
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
  perf.lastRedraw = ms;
  perf.redraws.push(ms);
  document.documentElement.dataset.redrawMs = ms.toFixed(2);
  return ms;
}
