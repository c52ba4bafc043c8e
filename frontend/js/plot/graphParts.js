/** Pieces for node-and-edge figures drawn in Plotly: weighted edges, their labels, and nodes. */

import { em, lw } from './plot.js';
import { DEAD, INK, NEGATIVE, POSITIVE } from './palette.js';

const MIN_WIDTH = 1.5;
const MAX_WIDTH = 12;
const WIDTH_PER_DECADE = 2.2;  // edge width grows with log10(1 + |w|): 3 and 3000 both stay drawable

export function edgeColour(weight, dead) {
  if (dead || weight === null) return DEAD;
  return weight < 0 ? NEGATIVE : POSITIVE;
}

/** An edge as a line shape: colour and dash by sign, width by size. */
export function edgeShape(from, to, weight, dead = false) {
  const w = weight ?? 0;
  const width = lw(Math.min(MAX_WIDTH, MIN_WIDTH + WIDTH_PER_DECADE * Math.log10(1 + Math.abs(w))));
  return { type: 'line', layer: 'below', x0: from[0], y0: from[1], x1: to[0], y1: to[1],
    line: { color: edgeColour(weight, dead), width, dash: dead ? 'dot' : w < 0 ? 'dash' : 'solid' } };
}

/** A label on an edge, a fraction `t` of the way along it, boxed so crossing lines stay behind it. */
export function edgeLabel(from, to, t, text, colour) {
  return { x: from[0] + t * (to[0] - from[0]), y: from[1] + t * (to[1] - from[1]), text, showarrow: false,
    font: { size: em(0.85), color: INK }, bgcolor: '#ffffff', bordercolor: colour, borderwidth: lw(2), borderpad: 2 };
}

/** Text placed beside a node. */
export function note(x, y, text, { size = 0.85, colour = INK, xshift = 0, yshift = 0, xanchor = 'center',
  yanchor = 'middle', boxed = false, align = 'center' } = {}) {
  const box = boxed ? { bgcolor: 'rgba(255,255,255,0.9)', borderpad: 2 } : {};
  return { x, y, text, showarrow: false, font: { size: em(size), color: colour }, xshift, yshift, xanchor, yanchor, align,
    ...box };
}

/** All nodes as one scatter trace: big circles with text inside and a hover text each. */
export function nodeTrace(nodes) {
  return {
    x: nodes.map((n) => n.at[0]), y: nodes.map((n) => n.at[1]), mode: 'markers+text', type: 'scatter',
    text: nodes.map((n) => n.text), textfont: { size: nodes.map((n) => em(n.textSize ?? 0.95)), color: INK },
    textposition: 'middle center', hovertext: nodes.map((n) => n.hover ?? ''), hoverinfo: 'text',
    marker: { size: nodes.map((n) => em(n.size ?? 3)), color: nodes.map((n) => n.fill), opacity: 1,
      line: { color: nodes.map((n) => (n.dead ? DEAD : INK)), width: lw(3) } },
  };
}
