/**
 * Timings the benchmarks read (benchmarks/page_bench.py, classify_page.py; performance.now(), ms since
 * navigation): when the first chart was painted, how long each slider redraw took, how long each frame's
 * redraw of every view took (playing, streaming), and when a figure first showed its main picture.
 */

const KEEP_FRAMES = 5000;  // the newest frame times: a page left playing for hours stays small

export const perf = { firstChartPainted: null, redraws: [], frames: [], firstPicture: {} };
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

/** Time one frame's redraw of the lesson's views (app.js), apart from the slider's `redraws`. */
export function timeFrame(fn) {
  const t0 = performance.now();
  fn();
  perf.frames.push(performance.now() - t0);
  if (perf.frames.length > KEEP_FRAMES) perf.frames.splice(0, perf.frames.length - KEEP_FRAMES);
}

/** A figure drew its main picture (classify's decision map) for the first time: `drawn` now, and
 *  `painted` just after that frame is on screen (a timeout queued from requestAnimationFrame). */
export function markFirstPicture(name) {
  if (perf.firstPicture[name]) return;
  const mark = perf.firstPicture[name] = { drawn: performance.now(), painted: null };
  requestAnimationFrame(() => setTimeout(() => {
    mark.painted = performance.now();
    pictureWaiting.splice(0).forEach((fn) => fn());
  }));
}

const pictureWaiting = [];  // callbacks for when a first picture is on screen

/** Run `fn` once any figure's first picture is painted: at once if one is. */
export function afterFirstPicture(fn) {
  if (Object.values(perf.firstPicture).some((m) => m.painted !== null)) fn();
  else pictureWaiting.push(fn);
}
