/** Two parameters over the steps (the NOT gate's w and b, a surface's x and y), each with a marker on the step shown. */

import { axis, draw, em, layout, lw, moveTraces, purge } from '../plot/plot.js';
import { INK, OKABE_ITO } from '../plot/palette.js';
import { scalar } from '../core/records.js';

const STYLES = [{ colour: OKABE_ITO.blue, dash: 'solid' }, { colour: OKABE_ITO.vermillion, dash: 'dash' }];

/** params: [{name, label}] the two numbers drawn; `name` may list names, the first a record holds is used. */
export function createParamsChartView(el, { params }) {
  const LINES = params.map((p, index) => ({ ...STYLES[index], name: p.label, index }));
  const value = (record, p) => scalar(record.params[[].concat(p.name).find((n) => n in record.params)]);
  let seen = null;
  let seenLength = -1;
  let series = [[], []];
  let steps = [];

  function prepare(records) {
    if (records === seen && records.length === seenLength) return;
    series = params.map((p) => records.map((r) => value(r, p)));
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
