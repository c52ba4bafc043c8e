/**
 * The classify network in words: unit names ("x₁", "h₁,₂", "ŷ"), the tooltip of a weight (its edge,
 * the weight to 6 significant digits and its gradient) and of a unit (its bias, dead or saturated),
 * what a focused unit says to a screen reader, and the canvas's one-line summary.
 */

import { short } from '../core/format.js';

export const NAMES = { x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sin_x1: 'sin x₁', sin_x2: 'sin x₂' };

const sub = (n) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);

/** "x₁" (an input), "h₁,₂" (layer 1, unit 2) or "ŷ" for the unit `index` of `column`. */
export function unitName(column, index, options) {
  if (column === 0) return NAMES[options.features[index]] ?? options.features[index];
  if (column > options.hidden.length) return 'ŷ';
  return `h${sub(column)},${sub(index + 1)}`;
}

const weight = (r, l, i, j) => r.params[`layers.${l}.weight`][j][i];

/** A weight's tooltip: "x₁ → h₁,₁", w and ∂loss/∂w (… until the record carries gradients). */
export function edgeText(r, o, { l, i, j }) {
  const g = r.grads?.[`layers.${l}.weight`];
  return `${unitName(l, i, o)} → ${unitName(l + 1, j, o)}\nw = ${short(weight(r, l, i, j), 6)}\n`
    + `∂loss/∂w = ${g ? short(g[j][i], 4) : '…'}`;
}

/** A unit's tooltip: an input's name, or a unit's bias and whether it is dead or saturated. */
export function unitText(r, o, [column, u]) {
  if (column === 0) return `input ${unitName(0, u, o)}`;
  const b = short(r.params[`layers.${column - 1}.bias`][u], 4);
  if (column > o.hidden.length) return `output ŷ: b = ${b}`;
  const ex = r.extras;
  const state = ex?.dead?.[column - 1]?.[u] ? '\ndead: ReLU outputs 0 on every training point'
    : ex?.saturated?.[column - 1]?.[u] ? '\nsaturated: its slope is near 0' : '';
  return `${unitName(column, u, o)}: b = ${b}${state}`;
}

/** Everything about a focused unit in one sentence, for the live region: its bias and every weight in and out. */
export function unitSpeech(r, o, [column, u], widths) {
  const into = column > 0 ? Array.from({ length: widths[column - 1] }, (_, i) => `${unitName(column - 1, i, o)} ${short(weight(r, column - 1, i, u), 4)}`) : [];
  const out = column < widths.length - 1 ? Array.from({ length: widths[column + 1] }, (_, j) => `${unitName(column + 1, j, o)} ${short(weight(r, column, u, j), 4)}`) : [];
  return [unitText(r, o, [column, u]).replace('\n', ', '), into.length ? `weights in: ${into.join(', ')}` : '',
    out.length ? `weights out: ${out.join(', ')}` : ''].filter(Boolean).join('. ');
}

/** The canvas's label: the network's shape, its weights' range and its dead units, at this epoch. */
export function summary(r, o, widths) {
  let [lo, hi, n] = [Infinity, -Infinity, 0];
  for (let l = 0; l < widths.length - 1; l++) {
    for (const row of r.params[`layers.${l}.weight`]) for (const w of row) { lo = Math.min(lo, w); hi = Math.max(hi, w); n += 1; }
  }
  const dead = (r.extras?.dead ?? []).flat().filter(Boolean).length;
  const hidden = o.hidden.length ? `hidden layers of ${o.hidden.join(', ')} ${o.activation} units` : 'no hidden layer';
  return `The network at epoch ${r.step}: inputs ${o.features.map((f) => NAMES[f] ?? f).join(', ')}; ${hidden}; one output ŷ. `
    + `${n} weights from ${short(lo, 2)} to ${short(hi, 2)}${dead ? `; ${dead} dead unit${dead > 1 ? 's' : ''}` : ''}. `
    + 'Tab to the graph and use the arrow keys to hear each unit\'s weights.';
}
