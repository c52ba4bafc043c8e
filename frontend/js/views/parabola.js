/** The parabola lesson's main figure: f(x), the point descending with its trail, the tangent at the point. */

import { axis, draw, em, layout, lw, moveTraces, nearRange, purge } from '../plot/plot.js';
import { GHOST, INK, POINT, TANGENT, TRAIL } from '../plot/palette.js';
import { short } from '../core/format.js';
import { scalar } from '../core/records.js';

const TANGENT_SPAN = 0.12;  // share of the x range the tangent covers on each side of the point
const Y_PADDING = 0.06;  // share of the y range left free above and below the curve
const CURVE_WIDTH = 4;
const TRAIL_WIDTH = 3;

export function createParabolaView(el, { onPickX0 } = {}) {
  let listening = false;
  let curveSeen = null;
  let yRange = [0, 1];
  let gradOff = false;  // requires_grad is off: torch gives no gradient, so there is no tangent to draw

  function fitY(curve) {
    if (curve === curveSeen) return;
    curveSeen = curve;
    const ys = curve.y.filter((v) => v !== null);
    const lo = Math.min(...ys);
    const hi = Math.max(...ys);
    const pad = (hi - lo || 1) * Y_PADDING;
    yRange = [lo - pad, hi + pad];
  }

  function slopeAt(record, curve) {
    if (gradOff) return null;
    if (record.grads) {  // torch's gradient, or none: null (no gradient) and NaN/∞ draw no tangent
      const g = scalar(record.grads.x);
      return Number.isFinite(g) ? g : null;
    }
    const x = scalar(record.params.x);  // a sweep's records carry no gradient: read the curve's slope
    const i = curve.x.findIndex((v) => v >= x);
    return i > 0 && Number.isFinite(curve.dy[i]) ? curve.dy[i] : null;
  }

  /** Everything that moves with the learning rate: the run's path, the trail to step k, the tangent. */
  function trajectory(records, k, curve) {
    const rawX = records.map((r) => scalar(r.params.x));
    const rawY = records.map((r) => r.loss);
    const [x0, x1] = curve.range;
    const t = tangent(records[k], rawX[k], rawY[k], slopeAt, curve, (x1 - x0) * TANGENT_SPAN);
    const xs = nearRange(rawX, curve.range);
    const ys = nearRange(rawY, yRange);
    const keep = xs.map((v, i) => v !== null && ys[i] !== null);
    const both = (v, i) => (keep[i] ? v : null);
    return { xs: xs.map(both), ys: ys.map(both), x: rawX[k], y: rawY[k], t, k };
  }

  return {
    reset() {
      purge(el);
      listening = false;
    },
    /** The slider's path: move the drawn trajectory in place (false if the figure is not drawn yet). */
    fast(records, k, ctx = {}) {
      if (!ctx.curve || ctx.curve !== curveSeen) return false;
      gradOff = ctx.options?.requires_grad === false;
      const { xs, ys, x, y, t } = trajectory(records, k, ctx.curve);
      return moveTraces(el, [
        { index: 1, x: xs, y: ys },
        { index: 2, x: xs.slice(0, k + 1), y: ys.slice(0, k + 1) },
        { index: 3, x: t.x, y: t.y, markers: false },
        { index: 4, x: nearRange([x], ctx.curve.range), y: nearRange([y], yRange), lines: false },
      ]);
    },
    render(records, k, ctx = {}) {
      const curve = ctx.curve;
      if (!curve) return;
      fitY(curve);
      gradOff = ctx.options?.requires_grad === false;
      const { xs, ys, x, y, t } = trajectory(records, k, curve);
      const [x0, x1] = curve.range;
      const data = [
        { x: curve.x, y: curve.y, mode: 'lines', line: { color: INK, width: lw(CURVE_WIDTH) }, name: 'f(x)',
          hovertemplate: 'x = %{x:.3g}<br>f(x) = %{y:.4g}<br>click to start here<extra></extra>' },
        { x: xs, y: ys, mode: 'lines+markers', hoverinfo: 'skip', name: 'whole run',
          line: { color: GHOST, width: lw(2) }, marker: { color: GHOST, size: em(0.45) } },
        { x: xs.slice(0, k + 1), y: ys.slice(0, k + 1), mode: 'lines+markers', hoverinfo: 'skip', name: 'trail',
          line: { color: TRAIL, width: lw(TRAIL_WIDTH) }, marker: { color: TRAIL, size: em(0.55) } },
        { ...t, mode: 'lines', hoverinfo: 'skip', name: 'tangent', line: { color: TANGENT, width: lw(4), dash: 'dash' } },
        { x: nearRange([x], curve.range), y: nearRange([y], yRange), mode: 'markers', hoverinfo: 'skip', name: 'x now',
          marker: { color: POINT, size: em(1.5), line: { color: INK, width: lw(3) } } },
      ];
      draw(el, data, layout({
        hovermode: 'x', margin: { l: em(3.4), r: em(1), t: em(0.8), b: em(2.6) },
        xaxis: axis('x', { range: [x0, x1] }),
        yaxis: axis('f(x)', { range: yRange }),
        annotations: offChart(x, y, [x0, x1], yRange),
      }));
      if (!listening && onPickX0) {
        el.on('plotly_click', (ev) => { const p = ev.points?.[0]; if (p) onPickX0(p.x); });
        listening = true;
      }
    },
  };
}

/** Two points of the tangent line at (x, y), `span` either side; none when x is off the chart. */
function tangent(record, x, y, slopeAt, curve, span) {
  const [lo, hi] = curve.range;
  const g = record && x !== null && y !== null && x >= lo && x <= hi ? slopeAt(record, curve) : null;
  const xs = g === null || g === undefined ? [] : [x - span, x + span];
  return { x: xs, y: xs.map((v) => y + g * (v - x)) };
}

/** When the point has left the drawing, say where it went. */
function offChart(x, y, [x0, x1], [y0, y1]) {
  if (x === null || y === null || x === undefined) {
    return [{ xref: 'paper', yref: 'paper', x: 0.5, y: 0.95, showarrow: false, text: 'x is no longer a finite number',
      font: { size: em(1), color: POINT }, bgcolor: '#ffffff' }];
  }
  if (x >= x0 && x <= x1 && y >= y0 && y <= y1) return [];
  const px = Math.min(Math.max((x - x0) / (x1 - x0), 0.02), 0.98);
  return [{ xref: 'paper', yref: 'paper', x: px, y: y > y1 ? 0.97 : 0.05, showarrow: false,
    text: `off the chart: x = ${short(x)}`, font: { size: em(0.9), color: POINT }, bgcolor: '#ffffff',
    bordercolor: POINT, borderwidth: lw(2), borderpad: 4, xanchor: px > 0.5 ? 'right' : 'left' }];
}
