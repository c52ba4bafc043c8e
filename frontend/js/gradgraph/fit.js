/**
 * How big the autograd graph's boxes can be: each column as wide as its widest box, and the
 * character budget and type scale that make the graph fit the panel. A box is measured with its
 * gradient written in, so nothing moves while backward fills the gradients in.
 */

import { FONT_FAMILY, em, lw } from '../plot/plot.js';
import { boxLines, brief, count } from './text.js';
import { flat } from '../core/records.js';

export const BOX_FONT = 0.8;  // ems
export const BOX_PAD = 0.25;  // ems between a box's text and its border
export const EDGE_FONT = 0.75;
const MAX_BORDER = 5;  // px at 18 px type: the border of the node backward is at
const BUDGETS = [20, 17, 14, 10];  // characters for a box line's numbers; columns step down until the graph fits
const FIT_SCALE = 0.9;  // more numbers in the boxes are worth type this much smaller
const MIN_SCALE = 0.6;  // the smallest type a graph's height asks for (rows may then crowd)
const LAST_SCALE = 0.35;  // a graph too wide at MIN_SCALE shrinks on to fit, down to this, not cut off
const MAX_SCALE = 1.35;  // a small graph (the parabola's) is drawn larger, for the back of the room
const GAP = 1.1;  // ems between two columns, at least
const MAX_GAP = 7;  // ems: spare width spreads the columns up to this far apart, the rest is margin
const LINE_HEIGHT = 1.3;  // a box's text lines, in ems of its font
const ROW_ROOM = 0.85;  // how much of the distance between two stacked nodes a box may take

/** Column centres (px), box widths, each node's character budget and the type scale, for a figure
 *  `width` x `height` px whose y axis spans `yRange` plot units. */
export function fitGraph(graph, place, width, height, yRange) {
  return fitColumns(graph, place, width, tallest(graph, height, yRange));
}

/** A share written on its edge when it is one number (the box it came from shows its shape). */
export function labelText(e) {
  return e.grad === null || count(e.grad) !== 1 ? null : brief(flat(e.grad)[0], 7);
}

/**
 * Column centres (px) from each column's widest box, each column's character budget and the type
 * scale that make the whole graph fit `width`: columns give up digits first (fewer of them, then
 * ranges, then shapes), and only then does the type shrink.
 */
function fitColumns(graph, place, width, maxScale) {
  const column = (id) => place.at.get(id)[0];
  const level = Array(place.columns).fill(0);  // each column's place in BUDGETS
  const gaps = Array(place.columns).fill(em(GAP));
  for (const e of graph.edges) {
    const text = labelText(e);
    if (text) gaps[column(e.source)] = Math.max(gaps[column(e.source)], measure(text, em(EDGE_FONT)) + em(0.8));
  }
  const gapTotal = gaps.slice(0, -1).reduce((a, b) => a + b, 0);
  const frames = place.columns * frame();  // padding and borders keep their size when the type shrinks
  const scaleOf = (f) => (width - frames) / (f.total + gapTotal);  // the type scale at which f fits
  let fit = measureColumns(graph, column, level);
  // columns give up digits a level per pass, leaves first: the numbers near the loss stay longest
  for (let pass = 1; pass < BUDGETS.length && scaleOf(fit) < FIT_SCALE; pass++) {
    for (let c = 0; c < level.length && scaleOf(fit) < FIT_SCALE; c++) {
      level[c] = pass;
      fit = measureColumns(graph, column, level);
    }
  }
  // a pass may free more than needed: give digits back a level per round, each round from the loss
  // (where backward starts) to the leaves, so no box keeps a bare shape beside one with every digit.
  // If even the fewest digits need type smaller than FIT_SCALE, digits are worth type FIT_SCALE
  // smaller than that (else a graph that must shrink anyway would show shapes where numbers fit).
  const least = Math.min(FIT_SCALE, FIT_SCALE * scaleOf(fit));
  for (let more = true; more;) {
    more = false;
    for (let c = level.length - 1; c >= 0; c--) {
      if (level[c] === 0) continue;
      level[c] -= 1;
      const wider = measureColumns(graph, column, level);
      if (scaleOf(wider) >= least) {
        fit = wider;
        more = true;
      } else {
        level[c] += 1;
      }
    }
  }
  const scale = Math.max(LAST_SCALE, Math.min(maxScale, scaleOf(fit)));
  const needed = (fit.total + gapTotal) * scale + frames;
  const spare = place.columns > 1 ? Math.max(0, width - needed) / (place.columns - 1) : 0;
  const spread = gaps.map((g) => Math.min(g * scale + spare, Math.max(g * scale, em(MAX_GAP))));
  const used = fit.total * scale + frames + spread.slice(0, -1).reduce((a, b) => a + b, 0);
  let at = Math.max(0, (width - used) / 2);
  const x = fit.widths.map((w, c) => {
    const centre = at + (w * scale + frame()) / 2;
    at += w * scale + frame() + spread[c];
    return centre;
  });
  const boxWidth = new Map([...fit.boxWidth].map(([id, w]) => [id, w * scale + frame()]));
  return { x, scale, boxWidth, chars: (id) => BUDGETS[level[column(id)]] };
}

/** Every box's text width at full size with its column's budget, and each column's widest. */
function measureColumns(graph, column, level) {
  const widths = Array(level.length).fill(0);
  const boxWidth = new Map(graph.nodes.map((n) => {
    const w = measureBox(boxLines(n, true, BUDGETS[level[column(n.id)]]));
    widths[column(n.id)] = Math.max(widths[column(n.id)], w);
    return [n.id, w];
  }));
  return { boxWidth, widths, total: widths.reduce((a, b) => a + b, 0) };
}

/** The largest type scale at which stacked boxes keep clear of each other (one row apart). */
function tallest(graph, height, yRange) {
  const rowPx = height / (yRange[1] - yRange[0]);
  const lineCount = Math.max(...graph.nodes.map((n) => boxLines(n, true, Infinity).length));
  const textPx = lineCount * LINE_HEIGHT * em(BOX_FONT);
  return height > 0 ? Math.max(MIN_SCALE, Math.min(MAX_SCALE, (ROW_ROOM * rowPx - frame()) / textPx)) : 1;
}

const canvas = document.createElement('canvas').getContext('2d');

function measure(text, px, bold = false) {
  canvas.font = `${bold ? 'bold ' : ''}${px}px ${FONT_FAMILY}`;
  return canvas.measureText(text).width;
}

function measureBox(lines) {
  const px = em(BOX_FONT);
  return Math.max(...lines.map((l) => measure(l.text, px, l.bold)));
}

/** A box's padding and border, both sides. */
function frame() {
  return 2 * em(BOX_PAD) + 2 * lw(MAX_BORDER);
}
