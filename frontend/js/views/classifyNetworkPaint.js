/**
 * Paints one frame of the classify network on a 2-D canvas context set to CSS pixels: the edges (as
 * few strokes as there are colours and widths, since a 6×8 net has 384 of them), the weights' labels,
 * the units with their pictures, the inputs' names and ŷ. With a unit focused, every other edge is
 * dimmed and only the focused unit's weights are labelled, larger.
 */

import { FONT_FAMILY, em, lw } from '../plot/plot.js';
import { DEAD, INK, MUTED, NEGATIVE, POSITIVE } from '../plot/palette.js';
import { short } from '../core/format.js';
import { along, focusSpots } from './classifyNetworkLayout.js';
import { NAMES } from './classifyNetworkText.js';

const MIN_WIDTH = 1;
const WIDTH_PER_DECADE = 4;  // edge width grows with log10(1 + |w|)
const MAX_WIDTH = 9;
const DIMMED = 0.13;  // the other edges' opacity while a unit is focused
const LABEL_BACK = 'rgba(255,255,255,0.82)';
const widths = new Map();  // a label's text → its width at a font size ("0.53@11"); labels repeat a lot

function textWidth(g, text, font) {
  const key = `${text}@${font}`;
  let w = widths.get(key);
  if (w === undefined) {
    if (widths.size > 4000) widths.clear();
    w = g.measureText(text).width;
    widths.set(key, w);
  }
  return w;
}

const weightOf = (r, { l, i, j }) => r.params[`layers.${l}.weight`][j][i];

/** Stroke edges grouped by sign and width (to half a pixel): one path per group. */
function strokeEdges(g, L, r, list) {
  const groups = new Map();
  for (const e of list) {
    const w = weightOf(r, L.edges[e]) ?? 0;
    const width = Math.round(2 * Math.min(MAX_WIDTH, MIN_WIDTH + WIDTH_PER_DECADE * Math.log10(1 + Math.abs(w)))) / 2;
    const key = (w < 0 ? -1 : 1) * width;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(e);
  }
  for (const [key, members] of groups) {
    const width = lw(Math.abs(key));
    g.lineWidth = width;
    g.strokeStyle = key < 0 ? NEGATIVE : POSITIVE;
    g.setLineDash(key < 0 ? [3 * Math.max(width, 3), 3 * Math.max(width, 3)] : []);  // Plotly's "dash"
    g.beginPath();
    for (const e of members) {
      const { from, to } = L.edges[e];
      g.moveTo(from.x, from.y);
      g.lineTo(to.x, to.y);
    }
    g.stroke();
  }
  g.setLineDash([]);
}

/** Labels at [edge, t] spots; a crowded frame skips one whose text would overlap one drawn before it. */
function drawLabels(g, L, r, spots, box, check) {
  g.font = `${box.font}px ${FONT_FAMILY}`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  const shown = [];
  for (const [e, t] of spots) {
    const text = short(weightOf(r, L.edges[e]), 2);
    const w = textWidth(g, text, box.font) + 0.35 * box.font;
    const [x, y] = along(L.edges[e], t);
    if (check && shown.some((s) => Math.abs(s.x - x) < (s.w + w) / 2 && Math.abs(s.y - y) < box.h)) continue;
    shown.push({ e, x, y, w, h: box.h, text });
  }
  g.fillStyle = LABEL_BACK;
  for (const s of shown) g.fillRect(s.x - s.w / 2, s.y - s.h / 2, s.w, s.h);
  g.fillStyle = INK;
  for (const s of shown) g.fillText(s.text, s.x, s.y + 0.5);
  return shown;
}

/** One unit: a white square with its rim (grey when dead, thicker when focused) and its picture. */
function drawUnit(g, at, side, picture, source, rim, focused) {
  const pad = lw(2);
  g.fillStyle = '#ffffff';
  g.fillRect(at.x - side / 2 - pad, at.y - side / 2 - pad, side + 2 * pad, side + 2 * pad);
  g.lineWidth = lw(focused ? 4.5 : 2.5);
  g.strokeStyle = rim;
  g.strokeRect(at.x - side / 2 - pad, at.y - side / 2 - pad, side + 2 * pad, side + 2 * pad);
  if (picture) g.drawImage(picture, ...source, at.x - side / 2, at.y - side / 2, side, side);
}

/**
 * The whole frame. `pictures(c, u)` gives a unit's image and its source rectangle ([sx, sy, sw, sh]) or
 * null; `dead(c, u)` whether its rim is grey. Returns the labels drawn (for hit-testing) and how many
 * units got a picture (for tests).
 */
export function paintNetwork(g, L, r, o, { pictures, dead, focus }) {
  g.clearRect(0, 0, L.W, L.H);
  const all = L.edges.map((_, e) => e);
  const spots = focus ? focusSpots(L, focus) : L.order.filter((e) => Number.isFinite(L.spots[e])).map((e) => [e, L.spots[e]]);
  if (focus) {
    const lit = new Set(spots.map(([e]) => e));
    g.globalAlpha = DIMMED;
    strokeEdges(g, L, r, all.filter((e) => !lit.has(e)));
    g.globalAlpha = 1;
    strokeEdges(g, L, r, [...lit]);
  } else strokeEdges(g, L, r, all);

  // a focused unit's labels go over the units (its neighbours' columns may be narrow); others never overlap one
  const labels = () => drawLabels(g, L, r, spots, focus ? L.focus : L.label, L.crowded && !focus);
  const shown = focus ? [] : labels();
  let pictured = 0;
  L.nodes.forEach((column, c) => column.forEach((at, u) => {
    const [picture, source] = pictures(c, u) ?? [null, null];
    pictured += picture ? 1 : 0;
    const focused = focus && focus[0] === c && focus[1] === u;
    drawUnit(g, at, L.side, picture, source, dead(c, u) ? DEAD : INK, focused);
  }));

  if (focus) shown.push(...labels());
  g.font = `${em(0.85)}px ${FONT_FAMILY}`;
  g.fillStyle = INK;
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  L.nodes[0].forEach((at, i) => g.fillText(NAMES[o.features[i]] ?? o.features[i], at.x - L.side / 2 - em(0.3), at.y));
  const out = L.nodes[L.nodes.length - 1][0];
  g.fillStyle = MUTED;
  g.textAlign = 'center';
  g.textBaseline = 'top';
  g.fillText('ŷ', out.x, out.y + L.side / 2 + em(0.25));
  return { shown, pictured };
}
