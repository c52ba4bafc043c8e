/**
 * The 2-3-1 network as the seed draws it, left to right: inputs with their values, hidden and
 * output units with bias, activation and value, every edge labelled with its live weight.
 */

import { draw, em, layout, purge } from '../plot/plot.js';
import { edgeColour, edgeLabel, edgeShape, note, nodeTrace } from '../plot/graphParts.js';
import { INK, MUTED } from '../plot/palette.js';
import { short } from '../core/format.js';

const LAYER_X = [0, 1, 2];  // inputs, hidden units, output
const INPUT_Y = [1.2, -1.2];
const HIDDEN_GAP = 1.2;  // vertical distance between hidden units
const LABEL_T = [0.33, 0.6];  // how far along its edge each layer's labels sit: apart, and clear of node notes
const X_RANGE = [-0.45, 3.05];
const Y_RANGE = [-2.0, 2.0];
const FILL = { input: '#ffffff', unit: '#f3f3f3', dead: '#d0d0d0' };

function hiddenY(count) {
  return Array.from({ length: count }, (_, j) => ((count - 1) / 2 - j) * HIDDEN_GAP);
}

export function createNetworkView(el) {
  return {
    reset() {
      purge(el);
    },
    render(records, k, ctx = {}) {
      const r = records[k];
      const p = r.params;
      const w1 = p['linear1.weight'];
      const hy = hiddenY(w1.length);
      const inputs = INPUT_Y.map((y) => [LAYER_X[0], y]);
      const hidden = hy.map((y) => [LAYER_X[1], y]);
      const out = [LAYER_X[2], 0];
      const ex = r.extras;  // null between sweep notches: values wait for the run
      const dead = ex ? ex.dead : [hy.map(() => false), [false]];
      const shapes = [];
      const annotations = [];
      w1.forEach((row, j) => row.forEach((w, i) => {
        shapes.push(edgeShape(inputs[i], hidden[j], w, dead[0][j]));
        annotations.push(edgeLabel(inputs[i], hidden[j], LABEL_T[0], short(w), edgeColour(w, dead[0][j])));
      }));
      p['linear2.weight'][0].forEach((w, j) => {
        const off = dead[0][j] || dead[1][0];
        shapes.push(edgeShape(hidden[j], out, w, off));
        annotations.push(edgeLabel(hidden[j], out, LABEL_T[1], short(w), edgeColour(w, off)));
      });
      const { x, target } = ctx.options;
      const nodes = [
        ...inputs.map((at, i) => ({ at, text: short(x[i]), fill: FILL.input, hover: `input x${sub(i + 1)} = ${short(x[i])}` })),
        ...hidden.map((at, j) => unit(at, `h${sub(j + 1)}`, p['linear1.bias'][j], ex, 0, j)),
        unit(out, 'ŷ', p['linear2.bias'][0], ex, 1, 0),
      ];
      inputs.forEach((at, i) => annotations.push(note(at[0], at[1], `x${sub(i + 1)}`, { size: 1.1, xanchor: 'right', xshift: -em(1.7) })));
      hidden.forEach((at, j) => annotations.push(unitNote(at, p['linear1.bias'][j], ex, 0, j)));
      const outNote = unitNote(out, p['linear2.bias'][0], ex, 1, 0).text;
      const loss = r.loss === null ? 'NaN' : short(r.loss, 6);
      annotations.push(note(out[0], 0, `${outNote}<br>target ${short(target)}<br><b>loss ${loss}</b>`,
        { size: 0.85, xanchor: 'left', xshift: em(1.9), align: 'left' }));
      draw(el, [nodeTrace(nodes)], layout({
        margin: { l: em(0.5), r: em(0.5), t: em(0.5), b: em(0.5) }, hovermode: 'closest', shapes, annotations,
        xaxis: { range: X_RANGE, visible: false, fixedrange: true },
        yaxis: { range: Y_RANGE, visible: false, fixedrange: true },
      }));
    },
  };
}

function sub(n) {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);
}

function unit(at, name, bias, ex, layer, j) {
  const isDead = ex ? ex.dead[layer][j] : false;
  const pre = ex ? ex.pre[layer][j] : null;
  const hover = !ex ? `${name}: values arrive with the run`
    : isDead ? `${name} is dead: its input w·x + b = ${short(pre)} ≤ 0,<br>so ReLU outputs 0 and passes no gradient back.<br>`
      + 'Its incoming weights cannot change any more.'
      : `${name}: w·x + b = ${short(pre)}, ReLU gives ${short(ex.post[layer][j])}`;
  return { at, text: name, fill: isDead ? FILL.dead : FILL.unit, dead: isDead, hover, size: 3.2, textSize: 1.1 };
}

function unitNote(at, bias, ex, layer, j) {
  const isDead = ex ? ex.dead[layer][j] : false;
  const value = ex ? `ReLU(${short(ex.pre[layer][j])}) = ${short(ex.post[layer][j])}` : 'ReLU(…)';
  const text = `b = ${short(bias)}${isDead ? ' · <b>dead</b>' : ''}<br>${value}`;
  const below = at[1] <= 0;
  return note(at[0], at[1], text, { size: 0.8, colour: isDead ? MUTED : INK, yshift: (below ? -1 : 1) * em(1.9),
    yanchor: below ? 'top' : 'bottom', boxed: true });
}
