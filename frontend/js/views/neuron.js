/** The NOT gate's neuron as a small graph, x → [w, b, σ] → a, with live w and b on its edges. */

import { draw, em, layout, lw, purge } from '../plot/plot.js';
import { edgeColour, edgeLabel, edgeShape, note, nodeTrace } from '../plot/graphParts.js';
import { INK, MUTED } from '../plot/palette.js';
import { short } from '../core/format.js';
import { weightAndBias } from '../core/records.js';

// The figure is laid out in pixels (the axes run 0..width, 0..height), so labels keep clear of the nodes
// at any panel size: the w label in a top band beside x, the b label in a bottom band beside 1, σ and a
// between them. Sizes are in ems, shrunk together when the panel is smaller than DESIGN_W × DESIGN_H.
const NODE_SIZE = 2.4;  // ems: small enough for a 1024-wide projector's third of the screen
const SUM_SIZE = 3;
const LABEL_W = 7.4;  // ems: the widest edge label, "∂L/∂b = −0.0355" at 0.85 em, with its box
const LABEL_H = 2.7;  // ems: two lines of 0.85 em, with the box
const COLUMN_W = 6.4;  // ems: the output column, "x = 1 → 0.982" at 0.8 em
const CODE_H = 1.3;  // ems: the code line at the top
const GAP = 0.4;  // ems
const NOTE_H = 1.05;  // ems: a line of 0.8 em text
const DESIGN_W = Math.max(NODE_SIZE + LABEL_W, SUM_SIZE + COLUMN_W) + 3 * GAP;
const DESIGN_H = CODE_H + 2 * LABEL_H + 3 * NOTE_H + NODE_SIZE + 4 * GAP;
const MARGIN = 0.3;  // ems
const CODE = {
  tensors: 'a = torch.sigmoid(w @ x.T + b)',
  module: 'a = torch.sigmoid(self.w @ x.T + self.b)',
  linear: 'a = torch.sigmoid(self.linear(x))',
};

export function createNeuronView(el) {
  let last = null;  // the latest render's arguments, drawn again when the panel changes size
  let drawnSize = '';
  new ResizeObserver(() => {
    if (!last || !el.offsetWidth || !el.offsetHeight || `${el.clientWidth}x${el.clientHeight}` === drawnSize) return;
    requestAnimationFrame(() => { if (last) view.render(...last); });
  }).observe(el);
  const view = {
    reset() {
      purge(el);
      last = null;
      drawnSize = '';
    },
    render(records, k, ctx = {}) {
      last = [records, k, ctx];
      drawnSize = `${el.clientWidth}x${el.clientHeight}`;
      const r = records[k];
      const [w, b] = weightAndBias(r.params);
      const [gw, gb] = weightAndBias(r.grads);
      const a = r.extras?.a;
      const m = em(MARGIN);
      const W = Math.max(el.clientWidth || 400, 100) - 2 * m;
      const H = Math.max(el.clientHeight || 220, 80) - 2 * m;
      const s = Math.max(0.7, Math.min(1, W / em(DESIGN_W), H / em(DESIGN_H)));  // shrink everything together
      const u = (ems) => em(ems * s);  // an em size, shrunk, in pixels
      const top = H - u(CODE_H);  // below the code line
      // the middle band holds σ, and a with 'want' above it and its two predictions below
      const mid = u(LABEL_H + GAP) + (top - 2 * u(LABEL_H + GAP)) / 2 + u(NOTE_H) / 2;
      const X_NODE = [u(NODE_SIZE / 2) + 1, top - u(LABEL_H / 2)];
      const ONE_NODE = [X_NODE[0], u(LABEL_H / 2)];  // the constant input the bias multiplies
      const column = W - u(COLUMN_W / 2);  // the output's column: a, what it should be, what it is
      const OUT_NODE = [column, mid];
      const SUM_NODE = [Math.max(u(NODE_SIZE + SUM_SIZE / 2), W - u(COLUMN_W + GAP + SUM_SIZE / 2)), mid];
      const labelX = u(NODE_SIZE + GAP);  // edge labels start right of the inputs, in the bands σ stays out of
      const nodes = [
        { at: X_NODE, text: 'x', fill: '#ffffff', size: NODE_SIZE * s, textSize: 0.95 * s, hover: 'the input: 0 or 1' },
        { at: ONE_NODE, text: '1', fill: '#ffffff', size: NODE_SIZE * s, textSize: 0.95 * s, hover: 'a constant 1: the bias b multiplies it' },
        { at: SUM_NODE, text: 'σ', fill: '#f3f3f3', size: SUM_SIZE * s, textSize: 1.3 * s, hover: 'a = σ(w·x + b)' },
        { at: OUT_NODE, text: 'a', fill: '#ffffff', size: NODE_SIZE * s, textSize: 0.95 * s, hover: 'the prediction for each input' },
      ];
      const grad = (name, g) => (g === null || g === undefined ? '' : `<br>∂L/∂${name} = ${short(g, 3)}`);
      const label = (from, y, text, colour) => {
        const l = edgeLabel(from, SUM_NODE, 0.5, text, colour);
        return { ...l, x: labelX, y, xanchor: 'left', font: { ...l.font, size: u(0.85) } };
      };
      const annotations = [
        label(X_NODE, X_NODE[1], `w = ${short(w)}${grad('w', gw)}`, edgeColour(w)),
        label(ONE_NODE, ONE_NODE[1], `b = ${short(b)}${grad('b', gb)}`, edgeColour(b)),
        note(W / 2, H - u(CODE_H / 2), CODE[ctx.options?.variant] ?? CODE.tensors, { size: 0.8 * s, colour: MUTED }),
        note(column, mid - u(NODE_SIZE / 2 + GAP / 2), a ? `x = 0 → ${short(a[0], 3)}<br>x = 1 → ${short(a[1], 3)}` : '…',
          { size: 0.8 * s, yanchor: 'top' }),
        note(column, mid + u(NODE_SIZE / 2 + GAP / 2), 'want 1, 0', { size: 0.8 * s, colour: MUTED, yanchor: 'bottom' }),
      ];
      const shapes = [edgeShape(X_NODE, SUM_NODE, w), edgeShape(ONE_NODE, SUM_NODE, b),
        { type: 'line', layer: 'below', x0: SUM_NODE[0], y0: SUM_NODE[1], x1: OUT_NODE[0], y1: OUT_NODE[1],
          line: { color: INK, width: lw(3) } }];
      draw(el, [nodeTrace(nodes)], layout({
        margin: { l: m, r: m, t: m, b: m }, hovermode: 'closest', shapes, annotations,
        xaxis: { range: [0, W], visible: false, fixedrange: true },
        yaxis: { range: [0, H], visible: false, fixedrange: true },
      }));
    },
  };
  return view;
}
