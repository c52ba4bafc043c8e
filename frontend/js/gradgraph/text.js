/**
 * The words and numbers of the autograd graph panel: each node's box as lines of text that fit a
 * character budget, values written in full for the text beside the figure, and a description for
 * screen readers. Plain functions of POST /api/graph's data; no DOM.
 */

import { short } from '../core/format.js';
import { flat } from '../core/records.js';
import { MUTED } from '../plot/palette.js';

export const AUTOGRAD = new Set(['loss', 'op', 'param']);  // the kinds backward() visits
const INLINE_NUMBERS = 4;  // tensors up to this many numbers are written out in a box, if they fit
const LABELS = { 'ᵀ': '(·)ᵀ' };  // a lone superscript is too small to read from the back of the room

/** A node's box as lines {text, bold, muted}; each number part at most `chars` characters where it can be. */
export function boxLines(n, reached, chars) {
  const lines = [{ text: LABELS[n.label] ?? n.label, bold: true }];
  if (n.kind === 'loss') lines.push({ text: `loss = ${brief(n.value, chars)}` });
  else if (n.kind !== 'const') lines.push({ text: `= ${brief(n.value, chars)}` });
  if (AUTOGRAD.has(n.kind)) {
    lines.push(reached ? { text: `grad ${brief(n.grad, chars)}`, bold: true } : { text: 'grad ?', muted: true });
  }
  return lines;
}

/** Lines as Plotly annotation text. */
export function markup(lines) {
  return lines.map((l) => {
    const text = escape(l.text);
    if (l.bold) return `<b>${text}</b>`;
    return l.muted ? `<span style="color:${MUTED}">${text}</span>` : text;
  }).join('<br>');
}

/** A value in at most `chars` characters: a number, a small tensor written out, its range, or its shape. */
export function brief(v, chars = Infinity) {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'number' || count(v) === 1) {  // one number: 4 digits; a whole one exactly if it fits
    const digits = Number.isInteger(flat(v)[0]) ? [6, 5, 4] : [4];
    const texts = digits.map((d) => (typeof v === 'number' ? number(v, d) : nested(v, d)));
    return texts.find((t) => t.length <= chars) ?? texts[texts.length - 1];
  }
  if (Array.isArray(v) && count(v) <= INLINE_NUMBERS) {  // the numbers themselves, with fewer digits if need be
    const written = [3, 2].map((d) => nested(v, d)).find((t) => t.length <= chars);
    if (written) return written;
  }
  const dims = (Array.isArray(v) ? shape(v) : v.shape).join('×');
  const [lo, hi] = Array.isArray(v) ? extent(v) : [v.min, v.max];
  const ranged = `${dims}: ${short(lo, 3)}…${short(hi, 3)}`;
  return ranged.length <= chars ? ranged : dims;
}

/** Every number, for the text beside the figure and the hover. */
export function full(v) {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'number') return short(v, 6);
  if (!Array.isArray(v)) return `a ${v.shape.join('×')} tensor from ${short(v.min)} to ${short(v.max)}, mean ${short(v.mean)}`;
  return nested(v, 6);
}

/** How many numbers a value holds (a summary counts the numbers it stands for). */
export function count(v) {
  if (Array.isArray(v)) return flat(v).length;
  return v && typeof v === 'object' ? v.shape.reduce((a, b) => a * b, 1) : 1;
}

/** The graph in words, for screen readers: every node, and how far backward has come. */
export function describe(graph, reached) {
  const names = graph.nodes.map((n) => (n.kind === 'const' ? n.label : `${n.label} = ${brief(n.value)}`));
  return `The graph torch built for this step's loss, from the leaves to the loss: ${names.join('; ')}. `
    + `Backward has reached ${reached} of ${graph.order.length} nodes.`;
}

export function escape(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function nested(v, digits) {
  return Array.isArray(v) ? `[${v.map((x) => nested(x, digits)).join(', ')}]` : v === null ? 'None' : number(v, digits);
}

/** A number to `digits` significant figures; a whole number with more digits than that in e-notation
 *  (151321 to 4 figures is 1.513e5, never a made-up 151300). */
function number(v, digits) {
  if (Number.isFinite(v) && Math.abs(v) >= 10 ** digits) {
    return v.toExponential(digits - 1).replace(/\.?0+e/, 'e').replace('e+', 'e').replace('-', '\u2212');
  }
  return short(v, digits);
}

function shape(v) {
  return Array.isArray(v) ? [v.length, ...shape(v[0])] : [];
}

function extent(v) {
  const numbers = flat(v).filter((x) => x !== null);
  return numbers.length ? [Math.min(...numbers), Math.max(...numbers)] : [null, null];
}
