/**
 * The projector's histogram of a question's answers (Plotly bars from the `answers` events) and,
 * once revealed, the true value drawn over it: a line for a number, the true bar outlined for a sign.
 */

import { axis, draw, em, layout, lw } from '../plot/plot.js';
import { OKABE_ITO, INK } from '../plot/palette.js';
import { short } from '../core/format.js';

const BAR = OKABE_ITO.sky;
const TRUE = OKABE_ITO.vermillion;

export function createHistogram(el) {
  return {
    render(question, counts, reveal) {
      if (!window.Plotly || !question) return;
      const sign = question.kind === 'sign';
      const n = question.bins;
      let x;
      let width;
      if (sign) x = question.labels;
      else {
        const [lo, hi] = question.range;
        width = (hi - lo) / n;
        x = counts.map((_, i) => lo + (i + 0.5) * width);
      }
      const trueBin = reveal && sign ? reveal.value + 1 : -1;
      const bars = { type: 'bar', x, y: counts, width: sign ? undefined : width * 0.92,
        marker: { color: counts.map((_, i) => (i === trueBin ? TRUE : BAR)), line: { color: INK, width: lw(1) } },
        text: counts.map((c) => (c ? String(c) : '')), textposition: 'outside', cliponaxis: false };
      const shapes = [];
      const annotations = [];
      if (reveal && !sign) {
        shapes.push({ type: 'line', x0: reveal.value, x1: reveal.value, yref: 'paper', y0: 0, y1: 1,
          line: { color: TRUE, width: lw(4) } });
        annotations.push({ x: reveal.value, yref: 'paper', y: 1, yanchor: 'bottom', showarrow: false,
          text: `true: ${short(reveal.value)}`, font: { color: TRUE, size: em(0.95) } });
      }
      const top = Math.max(1, ...counts);
      draw(el, [bars], layout({
        margin: { l: em(2.4), r: em(0.8), t: em(1.6), b: em(2.6) },
        xaxis: axis(sign ? '' : 'answer', sign ? { type: 'category' } : { range: question.range }),
        yaxis: axis('students', { range: [0, top * 1.25], dtick: top <= 5 ? 1 : undefined, rangemode: 'tozero' }),
        shapes, annotations, bargap: 0.08,
      }));
    },
  };
}
