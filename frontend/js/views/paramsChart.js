/** w and b over the steps, each with a marker on the step shown. */

import { axis, draw, em, layout, lw, moveTraces, purge } from '../plot/plot.js';
import { INK, OKABE_ITO } from '../plot/palette.js';
import { weightAndBias } from '../core/records.js';

const LINES = [
  { name: 'w', colour: OKABE_ITO.blue, dash: 'solid', index: 0 },
  { name: 'b', colour: OKABE_ITO.vermillion, dash: 'dash', index: 1 },
];

export function createParamsChartView(el) {
  let seen = null;
  let seenLength = -1;
  let series = [[], []];
  let steps = [];

  function prepare(records) {
    if (records === seen && records.length === seenLength) return;
    const pairs = records.map((r) => weightAndBias(r.params));
    series = [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
    steps = records.map((r) => r.step);
    seen = records;
    seenLength = records.length;
  }

  return {
    reset() {
      seen = null;
      purge(el);
    },
    fast(records, k) {
      prepare(records);
      return moveTraces(el, LINES.flatMap((l, i) => [
        { index: 2 * i, x: steps, y: series[l.index], markers: false },
        { index: 2 * i + 1, x: [k], y: [series[l.index][k]], lines: false },
      ]));
    },
    render(records, k, ctx = {}) {
      prepare(records);
      const data = LINES.flatMap((l) => [
        { x: steps, y: series[l.index], mode: 'lines', name: l.name, line: { color: l.colour, width: lw(4), dash: l.dash } },
        { x: [k], y: [series[l.index][k]], mode: 'markers', showlegend: false, hoverinfo: 'skip',
          marker: { color: l.colour, size: em(0.9), line: { color: INK, width: lw(2) } } },
      ]);
      draw(el, data, layout({
        showlegend: true, margin: { l: em(3.2), r: em(0.8), t: em(1.6), b: em(2.6) },
        legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: em(0.8) } },
        xaxis: axis('step', { range: [0, Math.max(1, ctx.steps ?? steps.length - 1)], zeroline: false }),
        yaxis: axis('value'),
      }));
    },
  };
}
