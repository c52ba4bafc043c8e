/** Loss per step: the whole run faint, the steps played so far solid, a marker on the step shown. */

import { axis, draw, em, layout, lw, moveTraces, purge } from '../plot/plot.js';
import { GHOST, INK, MUTED, POINT } from '../plot/palette.js';

const LOG_WHEN_RATIO = 30;  // losses spanning more than this factor get a log axis
const LINE_WIDTH = 4;
const TICK_SPACING = 2.4;  // ems between log-axis ticks, so labels never touch

export function createLossChartView(el) {
  let seen = null;
  let seenLength = -1;
  let xs = [];
  let ys = [];
  let log = false;
  let decades = 0;
  let firstZero = -1;

  function prepare(records) {
    if (records === seen && records.length === seenLength) return;
    seen = records;
    seenLength = records.length;
    xs = records.map((r) => r.step);
    ys = records.map((r) => r.loss);
    const finite = ys.filter((v) => v !== null);
    const positive = finite.filter((v) => v > 0);
    const ratio = positive.length >= 2 ? Math.max(...positive) / Math.min(...positive) : 1;
    log = finite.every((v) => v >= 0) && ratio > LOG_WHEN_RATIO;
    decades = Math.log10(ratio);
    firstZero = log ? ys.indexOf(0) : -1;
    if (log) ys = ys.map((v) => (v === 0 ? null : v));  // a log axis has no 0: leave a gap, say so
  }

  return {
    reset() {
      seen = null;
      purge(el);
    },
    /** Keeps the axes of the last full draw: a loss that leaves them is clipped until the drag settles. */
    fast(records, k) {
      prepare(records);
      return moveTraces(el, [{ index: 0, x: xs, y: ys, markers: false },
        { index: 1, x: xs.slice(0, k + 1), y: ys.slice(0, k + 1), markers: false },
        { index: 2, x: [k], y: [ys[k]], lines: false }]);
    },
    render(records, k, ctx = {}) {
      prepare(records);
      const end = Math.max(1, ctx.steps ?? xs.length - 1);
      const data = [
        { x: xs, y: ys, mode: 'lines', line: { color: GHOST, width: lw(LINE_WIDTH) }, hoverinfo: 'skip' },
        { x: xs.slice(0, k + 1), y: ys.slice(0, k + 1), mode: 'lines', line: { color: INK, width: lw(LINE_WIDTH) },
          hoverinfo: 'skip' },
        { x: [k], y: [ys[k]], mode: 'markers', hoverinfo: 'skip',
          marker: { color: POINT, size: em(1), line: { color: INK, width: lw(2) } } },
      ];
      draw(el, data, layout({
        margin: { l: em(4.2), r: em(1), t: em(0.6), b: em(2.6) },
        xaxis: axis('step', { range: [0, end], zeroline: false }),
        annotations: firstZero < 0 ? [] : [{ xref: 'paper', yref: 'paper', x: 1, y: 0.02, xanchor: 'right',
          yanchor: 'bottom', showarrow: false, text: `loss is exactly 0 from step ${firstZero}`,
          font: { size: em(0.75), color: MUTED } }],
        yaxis: axis(log ? 'loss (log scale)' : 'loss', { type: log ? 'log' : 'linear', exponentformat: 'power',
          ...(log && decades > 2 ? { dtick: logTick(decades, el.clientHeight) } : {}) }),
      }));
    },
  };
}

/** Decades between ticks on a log axis: as many labels as fit the chart's height, at most one per decade. */
function logTick(decades, height) {
  const fit = Math.max(2, Math.floor(height / em(TICK_SPACING)) - 1);
  return Math.max(1, Math.ceil(decades / fit));
}
