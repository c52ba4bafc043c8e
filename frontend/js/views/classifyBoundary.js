/**
 * The classify lesson's output: the network's probability of class 1 over [−6, 6]² as a heatmap
 * (orange class 0, white the boundary, blue class 1) with the training points (white rim) and the
 * test points (black rim) on it. A click adds a point of class 1, a shift-click one of class 0.
 * The picture is a layout image made on a canvas, and the points' traces are kept while the data
 * stay the same: a new epoch then redraws one image, not ~500 SVG markers (~20 ms a frame less).
 * Until plotly.js has run, the picture and the points go onto a canvas in the same square
 * (classifyFirstPicture.js), so the first epoch shows without waiting for it.
 */

import { axis, dataAt, draw, em, layout, lw, purge } from '../plot/plot.js';
import { INK } from '../plot/palette.js';
import { markFirstPicture } from '../core/perf.js';
import { CLASS_COLOURS, COLOURSCALE, DOMAIN, latticeImage } from './classifyPictures.js';
import { POINT_EMS, boundaryFrame, createFirstPicture } from './classifyFirstPicture.js';

const DTICK = 3;
const NARROW_EMS = 18;  // ems: points stay visible from the back of a room

/** The colour bar alone: a heatmap of two cells off the map (its picture is the layout image), at `bar`. */
function scale(bar) {
  return { type: 'heatmap', x: [2 * DOMAIN, 3 * DOMAIN], y: [2 * DOMAIN], z: [[0, 1]], zmin: 0, zmax: 1, colorscale: COLOURSCALE,
    hoverinfo: 'skip', colorbar: { title: { text: 'P(class 1)', side: 'right', font: { size: em(0.75) } },
      tickfont: { size: em(0.7) }, thickness: em(0.6), outlinewidth: 0, tickvals: [0, 0.5, 1], ...bar } };
}

function pointsTrace(points, rim, name) {
  return { x: points.map((p) => p[0]), y: points.map((p) => p[1]), mode: 'markers', type: 'scatter', name,
    hoverinfo: 'skip', marker: { size: em(POINT_EMS), color: points.map((p) => CLASS_COLOURS[p[2] ? 1 : 0]),
      line: { color: rim, width: lw(1.5) } } };
}

/**
 * onPick({x, y, label}, ctx): a click on the map, in data coordinates, with the class to add;
 * pending(): points clicked after Clear that cannot run yet (drawn instead of the data), or null.
 * The event `classify-cleared` on the chart redraws it (Clear changes no state).
 */
/** Point the drawn map's picture at a new image; false when Plotly has drawn none to point. */
function swapPicture(el, source) {
  const image = el.querySelector('.layer-below .imagelayer image');
  if (!image || !el.layout?.images?.[0]) return false;
  image.setAttribute('href', source);
  el.layout.images[0].source = source;  // what Plotly (and a reader of the figure) sees as drawn
  return true;
}

export function createBoundaryView(el, { onPick = null, pending = () => null } = {}) {
  let last = null;  // the last render's arguments: a click needs its data, Clear redraws with them
  let lastBoundary = null;  // between sweep notches records carry no extras: keep the last picture
  let picture = null;  // its data: URL
  let points = { set: null, size: 0, traces: [] };
  let bar = { key: null, trace: null };  // the colour bar's trace, for its place
  let drawnShape = null;  // the points, ticks and size Plotly last drew the picture with
  const canvas = document.createElement('canvas');
  const first = createFirstPicture(el);  // the map until plotly.js has run
  let canvasShown = false;
  const redraw = () => { if (last) view.render(...last); };
  if (onPick) {
    el.addEventListener('click', (e) => {
      const at = dataAt(el, e);
      if (!last || !at || Math.abs(at.x) > DOMAIN || Math.abs(at.y) > DOMAIN) return;
      if (onPick({ ...at, label: e.shiftKey ? 0 : 1 }, last[2])) redraw();
    });
    el.style.cursor = 'crosshair';
  }
  el.addEventListener('classify-cleared', redraw);
  const view = {
    reset() {
      lastBoundary = null;
      first.clear();
      purge(el);
    },
    render(records, k, ctx = {}) {
      last = [records, k, ctx];
      const boundary = records[k]?.extras?.boundary ?? lastBoundary;
      const own = pending();
      const set = own ?? ctx.dataset;
      const [train, test] = own ? [own, []] : [set?.train ?? [], set?.test ?? []];
      // plotly.js still loading, or the very first picture (a canvas is on screen a Plotly draw sooner; Plotly
      // takes over at the next render, app.js's a frame later): the picture and the points on a plain canvas
      if (!window.Plotly || (!canvasShown && boundary)) {
        lastBoundary = boundary;
        picture = null;
        canvasShown = first.paint(boundary, train, test);
        if (canvasShown) markFirstPicture('classify');
        return;
      }
      if (boundary !== lastBoundary || !picture) picture = boundary ? latticeImage(boundary, 0, 1, canvas) : null;
      lastBoundary = boundary;
      if (set !== points.set || em(1) !== points.size) {
        points = { set, size: em(1), traces: [pointsTrace(train, '#ffffff', 'train'), pointsTrace(test, INK, 'test')] };
      }
      const dtick = el.clientWidth < em(NARROW_EMS) ? 2 * DTICK : DTICK;  // a small map keeps its ticks upright
      const shape = [points, dtick, el.clientWidth, el.clientHeight];
      // a new epoch with the same points and size: only the picture changes, swapped in place (no Plotly redraw)
      if (picture && drawnShape?.every((v, i) => v === shape[i]) && swapPicture(el, picture)) return;
      drawnShape = picture ? shape : null;
      const frame = boundaryFrame(el);  // where the canvas before it put the picture
      const barKey = JSON.stringify(frame.bar);
      // the same trace object while the bar stays put: new arrays would make Plotly.react redraw every trace
      if (barKey !== bar.key) bar = { key: barKey, trace: scale(frame.bar) };
      const data = [bar.trace, ...points.traces];
      const images = picture ? [{ source: picture, xref: 'x', yref: 'y', x: -DOMAIN, y: DOMAIN, sizex: 2 * DOMAIN,
        sizey: 2 * DOMAIN, xanchor: 'left', yanchor: 'top', sizing: 'stretch', layer: 'below' }] : [];
      draw(el, data, layout({
        images,
        margin: frame.margin,
        xaxis: axis('x₁', { range: [-DOMAIN, DOMAIN], showgrid: false, zeroline: false, dtick, tickangle: 0, domain: frame.x }),
        yaxis: axis('x₂', { range: [-DOMAIN, DOMAIN], showgrid: false, zeroline: false, dtick, domain: frame.y }),
      }));
      first.handOver();
      if (picture) markFirstPicture('classify');  // what a benchmark compares with TensorFlow Playground's first heatmap
    },
  };
  return view;
}
