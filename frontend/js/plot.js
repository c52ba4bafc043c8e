/** Plotly glue for every view: layouts sized to the page's type, one react() per draw, resizing. */

import { GRID, INK } from './palette.js';
import { markFirstChart } from './perf.js';

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
