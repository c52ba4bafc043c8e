/** The NOT gate's neuron as a small graph, x → [w, b, σ] → a, with live w and b on its edges. */

import { draw, em, layout, lw, purge } from '../plot.js';
import { edgeColour, edgeLabel, edgeShape, note, nodeTrace } from '../graphParts.js';
import { INK, MUTED } from '../palette.js';
import { short } from '../format.js';
import { weightAndBias } from '../records.js';

const X_NODE = [0.6, 4.9];
const ONE_NODE = [0.6, 0.9];  // the constant input the bias multiplies
const SUM_NODE = [6.0, 2.9];
const OUT_NODE = [8.9, 2.9];
const LABEL_T = 0.52;
const X_RANGE = [-0.6, 10];
const NODE_SIZE = 2.4;  // ems: small enough for a 1024-wide projector's third of the screen
const CODE = {
  tensors: 'a = torch.sigmoid(w @ x.T + b)',
  module: 'a = torch.sigmoid(self.w @ x.T + self.b)',
  linear: 'a = torch.sigmoid(self.linear(x))',
};

export function createNeuronView(el) {
  return {
    reset() {
      purge(el);
    },
    render(records, k, ctx = {}) {
      const r = records[k];
      const [w, b] = weightAndBias(r.params);
      const [gw, gb] = weightAndBias(r.grads);
      const a = r.extras?.a;
      const nodes = [
        { at: X_NODE, text: 'x', fill: '#ffffff', size: NODE_SIZE, hover: 'the input: 0 or 1' },
        { at: ONE_NODE, text: '1', fill: '#ffffff', size: NODE_SIZE, hover: 'a constant 1: the bias b multiplies it' },
        { at: SUM_NODE, text: 'σ', fill: '#f3f3f3', size: 3, textSize: 1.3, hover: 'a = σ(w·x + b)' },
        { at: OUT_NODE, text: 'a', fill: '#ffffff', size: NODE_SIZE, hover: 'the prediction for each input' },
      ];
      const grad = (name, g) => (g === null || g === undefined ? '' : `<br>∂L/∂${name} = ${short(g, 3)}`);
      const annotations = [
        edgeLabel(X_NODE, SUM_NODE, LABEL_T, `w = ${short(w)}${grad('w', gw)}`, edgeColour(w)),
        edgeLabel(ONE_NODE, SUM_NODE, LABEL_T, `b = ${short(b)}${grad('b', gb)}`, edgeColour(b)),
        note((X_RANGE[0] + X_RANGE[1]) / 2, 6.15, CODE[ctx.options?.variant] ?? CODE.tensors, { size: 0.8, colour: MUTED }),
        note(X_RANGE[1], OUT_NODE[1] - 0.75, a ? `x = 0 → ${short(a[0], 3)}<br>x = 1 → ${short(a[1], 3)}` : '…',
          { size: 0.8, yanchor: 'top', xanchor: 'right' }),
        note(X_RANGE[1], OUT_NODE[1] + 0.75, 'want 1, 0', { size: 0.8, colour: MUTED, yanchor: 'bottom', xanchor: 'right' }),
      ];
      const shapes = [edgeShape(X_NODE, SUM_NODE, w), edgeShape(ONE_NODE, SUM_NODE, b),
        { type: 'line', layer: 'below', x0: SUM_NODE[0], y0: SUM_NODE[1], x1: OUT_NODE[0], y1: OUT_NODE[1],
          line: { color: INK, width: lw(3) } }];
      draw(el, [nodeTrace(nodes)], layout({
        margin: { l: em(0.3), r: em(0.3), t: em(0.3), b: em(0.3) }, hovermode: 'closest', shapes, annotations,
        xaxis: { range: X_RANGE, visible: false, fixedrange: true },
        yaxis: { range: [0, 6.5], visible: false, fixedrange: true },
      }));
    },
  };
}
