/**
 * The decision map's geometry, and its picture before plotly.js has run. On a cold visit plotly.js
 * (~1.5 MB to parse) is ready long after the first epoch has arrived; TensorFlow Playground shows its map
 * as soon as it has one. So the first pictures (and the points) go onto a plain canvas at exactly the spot
 * where the Plotly figure puts its plot area: `boundaryFrame` fixes that square (margins, domains and the
 * colour bar's place) for both. Once Plotly has drawn the figure over it (its background is transparent,
 * the canvas under it) and its image has loaded, the canvas goes: the axes appear, the picture stays put.
 */

import { em, lw } from '../plot/plot.js';
import { INK } from '../plot/palette.js';
import { CLASS_COLOURS, DOMAIN, latticeCanvas } from './classifyPictures.js';

const MARGIN_EMS = { l: 2.4, r: 0.3, t: 0.4, b: 2.2 };  // around the square: tick labels and axis titles
const BAR_EMS = 4;  // right of the square: the colour bar, its ticks and its title
const BAR_GAP_EMS = 0.4;  // between the square and the bar
export const POINT_EMS = 0.5;  // a point's diameter
const RIM_PX = 1.5;
const HANDOVER_MS = 2000;  // the canvas goes at the latest this long after Plotly drew (its image's load missed)

/**
 * The map's square in `el`'s pixels, and the same as Plotly's margins (`margin`, which the colour bar must
 * not push: autoexpand off), axis domains (`x`, `y`) and colour bar (`bar`): a square as large as fits,
 * centred in what the margins leave.
 */
export function boundaryFrame(el) {
  const margin = Object.fromEntries(Object.entries(MARGIN_EMS).map(([k, v]) => [k, em(v)]));
  margin.r += em(BAR_EMS);
  const w = Math.max(1, el.clientWidth - margin.l - margin.r);
  const h = Math.max(1, el.clientHeight - margin.t - margin.b);
  const side = Math.max(0, Math.floor(Math.min(w, h)));
  const dx = Math.floor((w - side) / 2);
  const dy = Math.floor((h - side) / 2);
  return {
    left: margin.l + dx, top: margin.t + dy, side,
    margin: { ...margin, autoexpand: false },
    x: [dx / w, (dx + side) / w], y: [1 - (dy + side) / h, 1 - dy / h],  // y from the bottom, as Plotly counts
    bar: { x: (dx + side + em(BAR_GAP_EMS)) / w, xanchor: 'left', y: 1 - (dy + side / 2) / h, yanchor: 'middle',
      len: side / h, lenmode: 'fraction' },
  };
}

/** The canvas in `el` that holds the map until Plotly has drawn it. */
export function createFirstPicture(el) {
  let canvas = null;
  const lattice = document.createElement('canvas');

  function dot(g, [x, y, label], scale, rim) {
    g.beginPath();
    g.arc((x + DOMAIN) * scale, (DOMAIN - y) * scale, em(POINT_EMS) / 2, 0, 2 * Math.PI);
    g.fillStyle = CLASS_COLOURS[label ? 1 : 0];
    g.fill();
    g.strokeStyle = rim;
    g.stroke();
  }

  return {
    /** The boundary lattice and the points on the canvas; false when the map has no room (a hidden panel). */
    paint(boundary, train, test) {
      const f = boundaryFrame(el);
      if (!boundary || f.side < 1) return false;
      if (!canvas) {
        canvas = document.createElement('canvas');
        canvas.className = 'first-picture';
        canvas.setAttribute('aria-hidden', 'true');
        el.prepend(canvas);  // before Plotly's figure, so under it
      }
      const dpr = window.devicePixelRatio || 1;
      const px = Math.round(f.side * dpr);
      if (canvas.width !== px) [canvas.width, canvas.height] = [px, px];
      Object.assign(canvas.style, { left: `${f.left}px`, top: `${f.top}px`, width: `${f.side}px`, height: `${f.side}px` });
      const g = canvas.getContext('2d');
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
      g.imageSmoothingEnabled = true;  // stretched as the browser stretches Plotly's image
      g.drawImage(latticeCanvas(boundary, 0, 1, lattice), 0, 0, f.side, f.side);
      g.lineWidth = lw(RIM_PX);
      const scale = f.side / (2 * DOMAIN);
      for (const p of train) dot(g, p, scale, '#ffffff');
      for (const p of test) dot(g, p, scale, INK);
      return true;
    },
    /** Plotly has drawn the map: the canvas goes once Plotly's picture has loaded (it shows until then). */
    handOver() {
      if (!canvas) return;
      const gone = canvas;
      canvas = null;
      const image = el.querySelector('.layer-below .imagelayer image');
      const remove = () => requestAnimationFrame(() => gone.remove());
      if (!image) return remove();
      image.addEventListener('load', remove, { once: true });
      setTimeout(remove, HANDOVER_MS);
    },
    clear() {
      canvas?.remove();
      canvas = null;
    },
  };
}
