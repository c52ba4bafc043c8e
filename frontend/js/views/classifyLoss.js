/**
 * The classify lesson's losses per epoch: training (ink) and test (vermillion, dashed), the epoch
 * shown marked; and a line of numbers above it: test and training accuracy, both losses.
 */

import { axis, draw, em, layout, lw, moveTraces, purge } from '../plot/plot.js';
import { INK, OKABE_ITO, POINT } from '../plot/palette.js';
import { short } from '../core/format.js';

const LINE_WIDTH = 3.5;

export function createClassifyLossView(el) {
  let drawn = null;  // what the last full draw showed: while it holds, a new epoch moves the SVG in place
  return {
    reset() {
      drawn = null;
      purge(el);
    },
    render(records, k, ctx = {}) {
      const end = Math.max(1, ctx.steps ?? records.length - 1);
      const n = records.length;
      const xs = records.map((r) => r.step);
      const train = records.map((r) => r.loss);
      const test = records.map((r) => r.extras?.test_loss ?? null);
      const marker = { index: 2, x: [k, k], y: [train[k], test[k]], lines: false };
      // while a run streams, its lines grow in place (~1 ms a frame instead of a ~20 ms Plotly redraw);
      // Plotly draws afresh when the epochs have doubled since its last draw or a loss leaves the y range
      const fits = drawn && drawn.records === records && drawn.end === end && drawn.size === em(1)
        && n >= drawn.n && n <= 2 * drawn.n && largest(train, test) <= (el._fullLayout?.yaxis?.range?.[1] ?? -Infinity);
      const lines = fits && n !== drawn.moved
        ? [{ index: 0, x: xs, y: train, markers: false }, { index: 1, x: xs, y: test, markers: false }] : [];
      if (fits && moveTraces(el, [...lines, marker])) {
        drawn.moved = n;
        return;
      }
      drawn = { records, n, moved: n, end, size: em(1) };
      draw(el, [
        { x: xs, y: train, mode: 'lines', name: 'train', hoverinfo: 'skip', line: { color: INK, width: lw(LINE_WIDTH) } },
        { x: xs, y: test, mode: 'lines', name: 'test', hoverinfo: 'skip', connectgaps: true,
          line: { color: OKABE_ITO.vermillion, width: lw(LINE_WIDTH), dash: 'dash' } },
        { x: [k, k], y: [train[k], test[k]], mode: 'markers', hoverinfo: 'skip', showlegend: false,
          marker: { color: POINT, size: em(0.8), line: { color: INK, width: lw(2) } } },
      ], layout({
        margin: { l: em(3.4), r: em(0.6), t: em(0.5), b: em(2.4) },
        xaxis: axis('epoch', { range: [0, end], zeroline: false }),
        yaxis: axis('loss', { rangemode: 'tozero' }),
      }));
    },
  };
}

/** The largest finite value in some lists (a diverged run's NaN or a missing test loss counts as none). */
function largest(...lists) {
  let m = -Infinity;
  for (const list of lists) for (const v of list) if (Number.isFinite(v) && v > m) m = v;
  return m;
}

const percent = (v) => (v === null || v === undefined ? '…' : `${(100 * v).toFixed(1)} %`);

/** The numbers a teacher reads out, in the lesson's panel `el`: the epoch, accuracies and losses at the epoch shown. */
export function createClassifyStatsView(el) {
  return {
    reset() {
      for (const part of el.querySelectorAll('.stats [data-part], figcaption [data-part]')) part.textContent = '…';
    },
    fast(records, k, ctx) {
      this.render(records, k, ctx);
      return true;
    },
    render(records, k) {
      const r = records[k];
      const ex = r?.extras;
      el.querySelector('[data-part="epoch"]').textContent = String(k);
      el.querySelector('[data-part="test-accuracy"]').textContent = percent(ex?.test_accuracy);
      el.querySelector('[data-part="train-accuracy"]').textContent = percent(ex?.train_accuracy);
      el.querySelector('[data-part="test-loss"]').textContent = ex ? short(ex.test_loss, 4) : '…';
      el.querySelector('[data-part="train-loss"]').textContent = r?.loss === null || r === undefined ? '…' : short(r.loss, 4);
    },
  };
}
