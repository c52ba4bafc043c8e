/** The neuron's curve σ(w·x + b) through the two NOT-gate data points, with torch's predictions on it. */

import { axis, draw, em, layout, lw, moveTraces, purge } from '../plot/plot.js';
import { GHOST, INK, POINT } from '../plot/palette.js';
import { weightAndBias } from '../core/records.js';

const X_RANGE = [-1.5, 2.5];
const SAMPLES = 81;  // points of the drawn curve (a picture of σ; the predictions come from torch)
const TARGETS = [[0, 1], [1, 0]];  // the seed's NOT gate: x = 0 → 1, x = 1 → 0
const XS = Array.from({ length: SAMPLES }, (_, i) => X_RANGE[0] + (i * (X_RANGE[1] - X_RANGE[0])) / (SAMPLES - 1));

function sigmoidCurve(w, b) {
  return XS.map((x) => 1 / (1 + Math.exp(-(w * x + b))));
}

/** The curve now, torch's predictions on it (or the curve's own values where a sweep has none), the errors. */
function fit(record) {
  const [w, b] = weightAndBias(record.params);
  const curve = w === null ? [] : sigmoidCurve(w, b);
  const a = record.extras?.a ?? (w === null ? [] : TARGETS.map(([x]) => 1 / (1 + Math.exp(-(w * x + b)))));
  return { curve, a, rx: a.flatMap((v, i) => [TARGETS[i][0], TARGETS[i][0], null]),
    ry: a.flatMap((v, i) => [TARGETS[i][1], v, null]) };
}

export function createSigmoidFitView(el) {
  return {
    reset() {
      purge(el);
    },
    fast(records, k) {
      const { curve, a, rx, ry } = fit(records[k]);
      return moveTraces(el, [{ index: 1, x: curve.length ? XS : [], y: curve, markers: false },
        { index: 2, x: rx, y: ry, markers: false }, { index: 4, x: a.map((_, i) => TARGETS[i][0]), y: a, lines: false }]);
    },
    render(records, k) {
      const [w0, b0] = weightAndBias(records[0].params);
      const { curve, a, rx: residuals, ry: residualY } = fit(records[k]);
      const data = [
        { x: XS, y: sigmoidCurve(w0, b0), mode: 'lines', name: 'step 0', line: { color: GHOST, width: lw(3), dash: 'dot' } },
        { x: XS, y: curve, mode: 'lines', name: 'now', line: { color: INK, width: lw(4) } },
        { x: residuals, y: residualY, mode: 'lines', name: 'error', line: { color: POINT, width: lw(3), dash: 'dot' }, showlegend: false },
        { x: TARGETS.map((t) => t[0]), y: TARGETS.map((t) => t[1]), mode: 'markers', name: 'target', cliponaxis: false,
          marker: { symbol: 'diamond', size: em(1.3), color: '#ffffff', line: { color: INK, width: lw(3) } } },
        { x: a.map((_, i) => TARGETS[i][0]), y: a, mode: 'markers', name: 'prediction', cliponaxis: false,
          marker: { size: em(1.1), color: POINT, line: { color: INK, width: lw(2) } } },
      ];
      draw(el, data, layout({
        showlegend: true, margin: { l: em(3.2), r: em(0.8), t: em(2), b: em(2.6) },
        legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: em(0.75) } },
        xaxis: axis('x', { range: X_RANGE, dtick: 1 }),
        yaxis: axis('a', { range: [-0.05, 1.05], dtick: 0.5 }),
      }));
    },
  };
}
