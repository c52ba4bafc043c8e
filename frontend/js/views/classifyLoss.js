/**
 * The classify lesson's losses per epoch: training (ink) and test (vermillion, dashed), the epoch
 * shown marked; and a line of numbers above it: test and training accuracy, both losses.
 */

import { axis, draw, em, layout, lw, moveTraces, purge } from '../plot/plot.js';
import { INK, OKABE_ITO, POINT } from '../plot/palette.js';
import { short } from '../core/format.js';

const LINE_WIDTH = 3.5;

export function createClassifyLossView(el) {
  let drawn = null;  // what the last full draw showed: while it holds, a new epoch only moves the markers
  return {
    reset() {
      drawn = null;
      purge(el);
    },
    render(records, k, ctx = {}) {
      const end = Math.max(1, ctx.steps ?? records.length - 1);
      const key = [records, records.length, end, em(1)];
      const train = records.map((r) => r.loss);
      const test = records.map((r) => r.extras?.test_loss ?? null);
      if (drawn && key.every((v, i) => v === drawn[i])
        && moveTraces(el, [{ index: 2, x: [k, k], y: [train[k], test[k]], lines: false }])) return;
      drawn = key;
      const xs = records.map((r) => r.step);
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
