/**
 * The classify lesson's network, left to right as TensorFlow Playground draws it, on one 2-D canvas:
 * the input features (each with its picture over the data's square), the hidden layers (each unit with
 * a thumbnail of its output over the square) and the output (the decision picture). Edges are coloured
 * and dashed by sign (blue > 0, vermillion < 0 dashed) and wider the larger the weight.
 *
 * Labels, the rule a teacher can say: every weight is labelled when all labels fit at full size (TFP's
 * default net: 18). In a crowded net (6 layers of 8: 384 weights) labels are smaller (≥ 11 px) and only
 * those with room are drawn, straightest edges first, never overlapping; the panel's caption says how
 * many. Pointing at a unit (or Tab to the graph, then the arrow keys) shows all its weights in and out,
 * large, and dims the rest; pointing at a label shows the weight to 6 digits and its gradient.
 * A redraw paints the canvas only: ~50 thumbnails go through one putImageData, no data: URLs.
 */

import { FONT_FAMILY, em } from '../plot/plot.js';
import { featureLattice, latticeCanvas, paintAtlas, spread } from './classifyPictures.js';
import { networkLayout, unitAt } from './classifyNetworkLayout.js';
import { paintNetwork } from './classifyNetworkPaint.js';
import { edgeText, summary, unitName, unitSpeech, unitText } from './classifyNetworkText.js';
import { short } from '../core/format.js';

const TIP_GAP = 10;  // px between the tooltip and the pointer or unit it speaks of

/** Whether a record's weights have the shape these columns of units need. */
const fits = (r, widths) => widths.slice(1).every((n, l) => {
  const w = r?.params?.[`layers.${l}.weight`];
  return w?.length === n && w[0]?.length === widths[l];
});

export function createClassifyNetworkView(el) {
  el.setAttribute('role', 'group');  // the canvas inside is the image; its tooltip and live text must stay readable
  el.classList.add('net');
  el.innerHTML = `<div class="net-area"><canvas role="img" tabindex="0" aria-label="The network, drawn once its run starts"></canvas>
    <div class="net-tip" role="tooltip" hidden></div></div>
    <p class="net-caption" hidden></p><p class="visually-hidden" aria-live="polite"></p>`;
  const area = el.querySelector('.net-area');
  const canvas = area.querySelector('canvas');
  const tip = area.querySelector('.net-tip');
  const caption = el.querySelector('.net-caption');
  const live = el.querySelector('[aria-live]');
  const g = canvas.getContext('2d');
  const measure = (text, px) => { g.font = `${px}px ${FONT_FAMILY}`; return g.measureText(text).width; };
  const features = new Map();  // a feature's picture never changes: made once
  const atlas = document.createElement('canvas');
  const boundary = document.createElement('canvas');
  let last = null;  // {records, k, ctx}: what the latest render() asked for
  let L = null;  // the layout, cached by its key
  let picturedRecord = null;  // the record whose pictures the atlas and boundary canvases hold
  let hiddenPicture = () => null;
  let shown = [];  // the labels drawn: for hit-testing
  let focus = null;  // [column, unit] whose weights are shown large
  let hover = null;  // {edge} or {unit} under the pointer, or null
  let pointer = null;  // the pointer's [x, y] on the canvas

  function layoutFor(widths, W, H) {
    const key = `${widths}|${W}|${H}|${em(1)}`;
    if (L?.key !== key) L = { ...networkLayout(widths, W, H, em, measure), key };
    return L;
  }

  function pictures(r, o) {
    if (picturedRecord !== r) {
      picturedRecord = r;
      const ex = r.extras;
      hiddenPicture = ex?.neurons ? paintAtlas(atlas, ex.neurons, o.activation) : () => null;
      if (ex?.boundary) latticeCanvas(ex.boundary, 0, 1, boundary);
    }
    return (c, u) => {
      if (c === 0) {
        const name = o.features[u];
        if (!features.has(name)) {
          const rows = featureLattice(name);
          const m = spread(rows);
          features.set(name, latticeCanvas(rows, -m, m));
        }
        const picture = features.get(name);
        return [picture, [0, 0, picture.width, picture.height]];
      }
      if (c > o.hidden.length) return r.extras?.boundary ? [boundary, [0, 0, boundary.width, boundary.height]] : null;
      return hiddenPicture(c - 1, u);
    };
  }

  function paint() {
    if (!last) return;
    const { records, k, ctx } = last;
    const r = records[k];
    const o = ctx.options;
    const widths = [o.features.length, ...o.hidden, 1];
    const [W, H] = [area.clientWidth, area.clientHeight];
    if (!W || !H || !fits(r, widths)) return;  // a resize may come between new options and their run's records
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(W * dpr) || canvas.height !== Math.round(H * dpr)) {
      [canvas.width, canvas.height] = [Math.round(W * dpr), Math.round(H * dpr)];
    }
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const layout = layoutFor(widths, W, H);
    if (focus && !layout.nodes[focus[0]]?.[focus[1]]) focus = null;
    const dead = (c, u) => Boolean(r.extras?.dead?.[c - 1]?.[u]);
    const painted = paintNetwork(g, layout, r, o, { pictures: pictures(r, o), dead, focus });
    shown = painted.shown;
    describe(r, o, widths, layout, painted.pictured);
    showTip();
  }

  /** The words around the picture: the canvas's label, the caption's rule, and what tests read. */
  function describe(r, o, widths, layout, pictured) {
    const label = summary(r, o, widths);
    if (canvas.getAttribute('aria-label') !== label) canvas.setAttribute('aria-label', label);
    const n = layout.edges.length;
    // only a crowded net has a caption, always two lines high: a focus coming and going never moves the units
    const words = !layout.crowded ? '' : focus ? `${unitName(focus[0], focus[1], o)}: all its weights in and out; the others dimmed.`
      : `${shown.length} of ${n} weights labelled, where one fits (straightest edges first). Point at a unit for all its weights.`;
    if (caption.textContent !== words) caption.textContent = words;
    caption.hidden = !words;
    el.dataset.edges = String(n);
    el.dataset.labels = String(shown.length);
    el.__network = {
      edges: n, crowded: layout.crowded, font: (focus ? layout.focus : layout.label).font, focus, pictured, step: r.step,
      shown: shown.map(({ e, text, x, y, w, h }) => ({ edge: e, text, x, y, w, h })),
      unitAt: (c, u) => [layout.nodes[c][u].x, layout.nodes[c][u].y],
      get labels() { return layout.edges.map((edge) => short(r.params[`layers.${edge.l}.weight`][edge.j][edge.i], 2)); },
      get hovers() { return layout.edges.map((edge) => edgeText(r, o, edge)); },
      get units() { return layout.nodes.map((column, c) => column.map((_, u) => unitText(r, o, [c, u]))); },
    };
  }

  /** The tooltip for what is under the pointer (or the keyboard's unit), kept in step with the frame shown. */
  function showTip() {
    if (!last || !hover) { tip.hidden = true; return; }
    const r = last.records[last.k];
    const o = last.ctx.options;
    tip.textContent = hover.edge !== undefined ? edgeText(r, o, L.edges[hover.edge]) : unitText(r, o, hover.unit);
    tip.hidden = false;
    const [W, H] = [area.clientWidth, area.clientHeight];
    const [w, h] = [tip.offsetWidth, tip.offsetHeight];
    let [left, top] = [0, 0];
    if (hover.unit) {  // above the unit and the weights it brings up beside it (below them at the top)
      const at = L.nodes[hover.unit[0]][hover.unit[1]];
      const spans = [[at.y - L.side / 2, at.y + L.side / 2], ...shown.map((b) => [b.y - b.h / 2, b.y + b.h / 2])];
      left = at.x - w / 2;
      top = Math.min(...spans.map(([a]) => a)) - h - TIP_GAP;
      if (top < 0) top = Math.max(...spans.map(([, b]) => b)) + TIP_GAP;
    } else {  // by the pointer, turned back inside the panel near its right and bottom edges
      const [x, y] = pointer;
      left = x + TIP_GAP + w > W ? x - TIP_GAP - w : x + TIP_GAP;
      top = y + TIP_GAP + h > H ? y - TIP_GAP - h : y + TIP_GAP;
    }
    tip.style.left = `${Math.max(0, Math.min(W - w, left))}px`;
    tip.style.top = `${Math.max(0, Math.min(H - h, top))}px`;
  }

  function setFocus(next, speak = false) {
    const changed = String(next) !== String(focus);
    focus = next;
    if (speak && next && last) {
      const o = last.ctx.options;
      live.textContent = unitSpeech(last.records[last.k], o, next, [o.features.length, ...o.hidden, 1]);
    }
    if (changed) paint();
    else showTip();
  }

  canvas.addEventListener('pointermove', (e) => {
    if (!L) return;
    pointer = [e.offsetX, e.offsetY];
    const label = shown.findLast((s) => Math.abs(s.x - e.offsetX) <= s.w / 2 && Math.abs(s.y - e.offsetY) <= s.h / 2);
    const unit = label ? null : unitAt(L, e.offsetX, e.offsetY);
    hover = label ? { edge: label.e } : unit ? { unit } : null;
    setFocus(unit ?? focus);  // a focus stays while the pointer crosses to one of its labels
  });
  canvas.addEventListener('pointerleave', () => { hover = null; pointer = null; setFocus(null); });
  canvas.addEventListener('blur', () => { hover = null; setFocus(null); });
  canvas.addEventListener('keydown', (e) => {  // arrows walk the units here, not the run's steps (core/keys.js)
    const step = { ArrowDown: [0, 1], ArrowUp: [0, -1], ArrowRight: [1, 0], ArrowLeft: [-1, 0] }[e.key];
    if (!L || (!step && !(e.key === 'Escape' && focus))) return;
    e.preventDefault();
    e.stopPropagation();
    if (!step) { hover = null; setFocus(null); return; }
    const [c, u] = focus ?? [0, 0];
    const column = focus ? Math.max(0, Math.min(L.nodes.length - 1, c + step[0])) : 0;
    const unit = Math.max(0, Math.min(L.nodes[column].length - 1, focus ? u + step[1] : 0));
    pointer = null;
    hover = { unit: [column, unit] };
    setFocus([column, unit], true);
  });

  let frame = 0;
  new ResizeObserver(() => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; paint(); });
  }).observe(area);

  return {
    reset() {
      last = null;
      picturedRecord = null;
      hover = null;
      focus = null;
      tip.hidden = true;
      g.setTransform(1, 0, 0, 1, 0, 0);
      g.clearRect(0, 0, canvas.width, canvas.height);
    },
    render(records, k, ctx = {}) {
      last = { records, k, ctx };
      paint();
    },
  };
}
