/**
 * A loss over two parameters as a contour map (the NOT gate's (w, b), a surface's (x, y)), with the
 * optimizer's path on it; optionally marked points (a surface's known minima) and a click to start there.
 */

import { axis, dataAt, draw, em, layout, lw, moveTraces, nearRange, purge } from '../plot/plot.js';
import { INK, POINT } from '../plot/palette.js';
import { element as pick } from '../core/records.js';

const COLOURSCALE = 'Viridis';  // perceptually even and readable with colour-vision deficiencies
const CONTOURS = 16;

/** log10(1 + |v|) with v's sign: 0 stays 0, and each decade of the loss gets the same band of colour. */
const signedLog = (v) => (v === null ? null : Math.sign(v) * Math.log10(1 + Math.abs(v)));

/** Colour-bar ticks at 0, ±1, ±10, ±100 … of the loss itself, placed on the signed-log scale. */
function logTicks(z) {
  const values = z.flat().filter((v) => v !== null);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const ticks = [0];
  for (let t = 1; signedLog(t) <= Math.max(hi, -lo); t *= 10) ticks.push(t, -t);
  const shown = ticks.filter((t) => signedLog(t) >= lo && signedLog(t) <= hi).sort((a, b) => a - b);
  return { tickvals: shown.map(signedLog), ticktext: shown.map((t) => String(t).replace('-', '\u2212')) };
}

/**
 * titles: the axes' names (default: the landscape's parameter names); marks(ctx): [{x, y, label}] drawn
 * as stars; onPick({x, y}): a click on the map, in data coordinates; logColour: colour by log10(1 + |f|)
 * with f's sign (a valley a thousand times shallower than its walls still shows).
 */
export function createLandscapeView(el, { titles = null, marks = () => [], onPick = null, logColour = false } = {}) {
  if (onPick) {
    el.addEventListener('click', (e) => { const at = dataAt(el, e); if (at) onPick(at); });
    el.style.cursor = 'crosshair';
  }
  let surface = null;
  let contour = null;
  let sizedAt = 0;  // the type size the contour's colour bar was built for
  function path(records, land) {
    const ws = nearRange(records.map((r) => pick(r.params, land.x_param)), [land.x[0], land.x[land.x.length - 1]]);
    const bs = nearRange(records.map((r) => pick(r.params, land.y_param)), [land.y[0], land.y[land.y.length - 1]]);
    return [ws.map((w, i) => (bs[i] === null ? null : w)), bs.map((b, i) => (ws[i] === null ? null : b))];
  }

  return {
    reset() {
      surface = null;
      purge(el);
    },
    fast(records, k, ctx = {}) {
      if (!ctx.landscape || ctx.landscape !== surface) return false;
      const [ws, bs] = path(records, ctx.landscape);
      const trail = { x: ws.slice(0, k + 1), y: bs.slice(0, k + 1), markers: false };
      return moveTraces(el, [{ index: 0, x: ws, y: bs, markers: false }, { index: 1, ...trail }, { index: 2, ...trail },
        { index: 3, x: [ws[k]], y: [bs[k]], lines: false }]);
    },
    render(records, k, ctx = {}) {
      const land = ctx.landscape;
      if (!land) return;
      if (land !== surface || sizedAt !== em(1)) {  // new data, or a new type size (presenter mode, resize)
        surface = land;
        sizedAt = em(1);
        const z = logColour ? land.loss.map((row) => row.map(signedLog)) : land.loss;
        contour = { type: 'contour', x: land.x, y: land.y, z, colorscale: COLOURSCALE,
          ncontours: CONTOURS, hoverinfo: 'skip', line: { width: lw(1), color: 'rgba(255,255,255,0.35)' },
          colorbar: { title: { text: 'loss', side: 'right', font: { size: em(0.8) } }, tickfont: { size: em(0.75) },
            thickness: em(0.8), len: 1, outlinewidth: 0, ...(logColour ? logTicks(z) : {}) } };
      }
      const [ws, bs] = path(records, land);
      const data = [
        contour,
        { x: ws, y: bs, mode: 'lines', hoverinfo: 'skip', line: { color: 'rgba(255,255,255,0.7)', width: lw(2), dash: 'dot' } },
        { x: ws.slice(0, k + 1), y: bs.slice(0, k + 1), mode: 'lines', hoverinfo: 'skip', line: { color: '#ffffff', width: lw(7) } },
        { x: ws.slice(0, k + 1), y: bs.slice(0, k + 1), mode: 'lines', hoverinfo: 'skip', line: { color: INK, width: lw(3) } },
        { x: [ws[k]], y: [bs[k]], mode: 'markers', hoverinfo: 'skip',
          marker: { color: POINT, size: em(1.2), line: { color: '#ffffff', width: lw(3) } } },
      ];
      const stars = marks(ctx);
      if (stars.length) {  // after the path's traces, whose order fast() relies on
        data.push({ x: stars.map((m) => m.x), y: stars.map((m) => m.y), text: stars.map((m) => m.label ?? ''),
          mode: 'markers+text', textposition: 'top center', hoverinfo: 'skip', cliponaxis: false,
          textfont: { size: em(0.75), color: '#ffffff' },
          marker: { symbol: 'star', size: em(1.3), color: '#ffffff', line: { color: INK, width: lw(2) } } });
      }
      const [xTitle, yTitle] = titles ?? [land.x_param, land.y_param];
      draw(el, data, layout({
        margin: { l: em(3.2), r: em(0.5), t: em(0.6), b: em(2.6) },
        xaxis: axis(xTitle, { range: [land.x[0], land.x[land.x.length - 1]], showgrid: false, zeroline: false }),
        yaxis: axis(yTitle, { range: [land.y[0], land.y[land.y.length - 1]], showgrid: false, zeroline: false }),
      }));
    },
  };
}
