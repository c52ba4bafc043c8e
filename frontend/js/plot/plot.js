/** Plotly glue for every view: layouts sized to the page's type, one react() per draw, resizing. */

import { GRID, INK } from './palette.js';
import { markFirstChart } from '../core/perf.js';

export const FONT_FAMILY = 'system-ui, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", Arial, sans-serif';
const CONFIG = { displayModeBar: false, scrollZoom: false, doubleClick: false, showTips: false,
  responsive: false, showAxisDragHandles: false };
let baseFont = 18;

/** Re-read the page's root font size (it scales with the window); call on resize. */
export function measureFont() {
  baseFont = parseFloat(getComputedStyle(document.documentElement).fontSize) || 18;
}

/** A size in pixels, as a multiple of the page's type size. */
export const em = (x = 1) => Math.round(baseFont * x);

/** A line width given in pixels at 18 px type (a 1280-wide window), scaled like the type. */
export const lw = (px) => Math.max(1, Math.round((px * baseFont) / 18 * 2) / 2);

export function axis(title, extra = {}) {
  return {
    title: { text: title, font: { size: em(0.85) }, standoff: em(0.3) },
    tickfont: { size: em(0.8) }, gridcolor: GRID, zerolinecolor: '#8a8a8a', zerolinewidth: lw(2),
    linecolor: INK, linewidth: lw(2), showline: true, ticks: 'outside', tickcolor: INK, ticklen: em(0.3),
    fixedrange: true, ...extra,
  };
}

export function layout(extra = {}) {
  return {
    font: { family: FONT_FAMILY, size: em(0.85), color: INK },
    margin: { l: em(3.6), r: em(1), t: em(0.8), b: em(2.8) },
    paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)',
    showlegend: false, hovermode: false, dragmode: false,
    hoverlabel: { font: { family: FONT_FAMILY, size: em(0.85) }, bgcolor: '#ffffff', bordercolor: INK },
    ...extra,
  };
}

const FAR = 1000;  // ranges away from a fixed axis, a value is dropped: SVG cannot draw 1e30 pixels

/** Values far outside a fixed axis range as null (a gap), so a diverged run cannot break the SVG. */
export function nearRange(values, [lo, hi]) {
  const reach = FAR * (hi - lo);
  return values.map((v) => (v === null || v < lo - reach || v > hi + reach ? null : v));
}

const watched = new WeakSet();

/** Draw (or redraw in place) one Plotly figure. */
export function draw(el, data, figureLayout) {
  window.Plotly.react(el, data, figureLayout, CONFIG);
  if (!watched.has(el)) {
    watched.add(el);
    watchSize(el);
  }
  markFirstChart();
}

export function purge(el) {
  if (window.Plotly && el.classList.contains('js-plotly-plot')) window.Plotly.purge(el);
}

function watchSize(el) {
  let frame = 0;
  new ResizeObserver(() => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (el.offsetWidth > 0 && el.offsetHeight > 0) window.Plotly.Plots.resize(el);
    });
  }).observe(el);
}

const MAX_PIXEL = 1e5;  // points far off the chart are clipped anyway; keep the SVG numbers small

function toPixel(ax, v) {
  if (v === null || v === undefined) return NaN;
  const p = ax.l2p(ax.d2l(v));
  return Number.isFinite(p) ? Math.max(-MAX_PIXEL, Math.min(MAX_PIXEL, p)) : NaN;
}

function linePath(px, py) {
  let d = '';
  let pen = false;
  for (let i = 0; i < px.length; i++) {
    if (Number.isNaN(px[i]) || Number.isNaN(py[i])) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px[i].toFixed(2)},${py[i].toFixed(2)}`;
    pen = true;
  }
  return d || 'M0,0';
}

function movePoints(g, px, py) {
  const points = [...g.querySelectorAll('path.point')];
  if (points.length === 0) return px.length === 0;
  while (points.length < px.length) {
    const copy = points[points.length - 1].cloneNode(true);
    points[points.length - 1].after(copy);
    points.push(copy);
  }
  points.forEach((p, i) => {
    const ok = i < px.length && !Number.isNaN(px[i]) && !Number.isNaN(py[i]);
    p.style.display = ok ? '' : 'none';
    if (ok) p.setAttribute('transform', `translate(${px[i].toFixed(2)},${py[i].toFixed(2)})`);
  });
  return true;
}

/**
 * Move the lines and markers of scatter traces Plotly has already drawn, keeping the axes:
 * the slider's per-frame path (~1 ms instead of a ~20 ms Plotly redraw). `updates` index the
 * figure's scatter traces in order: {index, x, y, lines, markers}. Returns false when the
 * figure is not in a shape it knows; the next draw() brings Plotly's own state back in step.
 */
/** The data coordinates under a mouse event on a drawn figure's plot area, or null outside it. */
export function dataAt(el, event) {
  const fl = el._fullLayout;
  const area = el.querySelector('.nsewdrag');
  if (!fl?.xaxis?.p2l || !area) return null;
  const box = area.getBoundingClientRect();
  const [px, py] = [event.clientX - box.left, event.clientY - box.top];
  if (px < 0 || py < 0 || px > box.width || py > box.height) return null;
  return { x: fl.xaxis.p2l(px), y: fl.yaxis.p2l(py) };
}

export function moveTraces(el, updates) {
  const fl = el._fullLayout;
  const groups = el.querySelectorAll('.scatterlayer g.trace');
  if (!fl?.xaxis?.l2p || !fl?.yaxis?.l2p) return false;
  const plans = updates.map((u) => ({ ...u, g: groups[u.index] }));
  if (plans.some((p) => !p.g || (p.lines !== false && !p.g.querySelector('path.js-line')))) return false;
  for (const { g, x, y, lines = true, markers = true } of plans) {
    const px = x.map((v) => toPixel(fl.xaxis, v));
    const py = y.map((v) => toPixel(fl.yaxis, v));
    if (lines) g.querySelector('path.js-line').setAttribute('d', linePath(px, py));
    if (markers && !movePoints(g, px, py)) return false;
  }
  return true;
}
