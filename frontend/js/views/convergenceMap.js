/**
 * The convergence map: the final loss of every (lr, hyperparameter) pair from one batched sweep,
 * diverged cells marked apart, the current setting ringed, and for a quadratic the heavy-ball
 * stability boundary lr·λ < 2(1 + β). A click on a cell sets both settings.
 */

import { axis, draw, em, layout, lw, purge } from '../plot/plot.js';
import { INK, OKABE_ITO } from '../plot/palette.js';
import { short } from '../core/format.js';

const COLOURSCALE = 'Viridis';  // perceptually even, readable with colour-vision deficiencies
const DIVERGED = '#c8c8c8';  // cells whose run blew up: no loss to colour
const BOUNDARY_POINTS = 64;
const FLOOR = -8;  // losses below 1e-8 are at the minimum, as far as colour goes (an exact 0 included)
const CEILING = 8;  // losses above 1e8 are as good as diverged
const MAX_TICKS = 6;

const log10 = (v) => Math.log10(v);

/** log10 of each final loss within [FLOOR, CEILING], null where the run diverged. */
function levels(sweep) {
  return sweep.final_loss.map((row, i) => row.map((v, j) => (sweep.status[i][j] === 'diverged' || v === null ? null
    : Math.min(CEILING, Math.max(FLOOR, v > 0 ? log10(v) : FLOOR)))));
}

/** Decade ticks for a log10 axis drawn linear (heatmaps sit better on a linear axis), at most MAX_TICKS. */
function decadeTicks(lo, hi) {
  const every = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo)) / (MAX_TICKS - 1)));
  const vals = [];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e += every) vals.push(e);
  return { tickvals: vals, ticktext: vals.map((e) => short(10 ** e)) };
}

/** The heavy-ball boundary lr = 2(1 + β)/λ over the hyperparameter's values, within the map's lrs. */
function boundary(sweep, [lo, hi]) {
  if (!sweep.curvature || !['momentum'].includes(sweep.hyper_name)) return null;
  const vs = sweep.hyper_values;
  const ys = Array.from({ length: BOUNDARY_POINTS }, (_, i) => vs[0] + (vs[vs.length - 1] - vs[0]) * i / (BOUNDARY_POINTS - 1));
  const xs = ys.map((b) => log10(2 * (1 + b) / sweep.curvature));
  return { x: xs.map((x) => (x >= lo && x <= hi ? x : null)), y: ys };
}

export function createConvergenceMapView(el, { onPick = () => {} } = {}) {
  let bound = false;
  let current = null;  // the sweep drawn, for the click handler
  return {
    reset() {
      purge(el);
      bound = false;
    },
    /** sweep: a hyper_sweep result; at: {lr, value} the current setting. */
    render(sweep, at) {
      current = sweep;
      const xs = sweep.lrs.map(log10);
      const range = [xs[0], xs[xs.length - 1]];
      const z = levels(sweep);
      const shown = z.flat().filter((v) => v !== null);
      const [zmin, zmax] = shown.length ? [Math.min(...shown), Math.max(Math.max(...shown), Math.min(...shown) + 1)] : [0, 1];
      const diverged = sweep.status.map((row) => row.map((s) => (s === 'diverged' ? 1 : null)));
      const edge = boundary(sweep, range);
      const data = [
        { type: 'heatmap', x: xs, y: sweep.hyper_values, z: diverged, showscale: false, hoverinfo: 'skip',
          colorscale: [[0, DIVERGED], [1, DIVERGED]] },
        { type: 'heatmap', x: xs, y: sweep.hyper_values, z, colorscale: COLOURSCALE, hoverongaps: false,
          customdata: sweep.final_loss, hovertemplate: 'lr %{text}<br>loss %{customdata:.4g}<extra></extra>',
          text: sweep.hyper_values.map(() => sweep.lrs.map((lr) => short(lr))),
          colorbar: { title: { text: 'final loss', side: 'right', font: { size: em(0.8) } },
            tickfont: { size: em(0.75) }, thickness: em(0.8), outlinewidth: 0,
            ...decadeTicks(zmin, zmax) }, zmin, zmax, zauto: false },
      ];
      if (edge) {
        data.push({ x: edge.x, y: edge.y, mode: 'lines', hoverinfo: 'skip', name: 'lr·λ = 2(1+β)',
          line: { color: '#ffffff', width: lw(6) } });
        data.push({ x: edge.x, y: edge.y, mode: 'lines', hoverinfo: 'skip', line: { color: OKABE_ITO.vermillion, width: lw(3), dash: 'dash' } });
      }
      data.push({ x: [log10(at.lr)], y: [at.value], mode: 'markers', hoverinfo: 'skip',
        marker: { symbol: 'circle-open', size: em(1.6), color: INK, line: { width: lw(4), color: '#ffffff' } } });
      data.push({ x: [log10(at.lr)], y: [at.value], mode: 'markers', hoverinfo: 'skip',
        marker: { symbol: 'circle-open', size: em(1.6), color: INK, line: { width: lw(2.5), color: INK } } });
      draw(el, data, layout({
        hovermode: 'closest',
        margin: { l: em(3.6), r: em(0.5), t: em(0.6), b: em(2.8) },
        xaxis: axis('learning rate (log scale)', { range: [range[0] - 0.05, range[1] + 0.05], zeroline: false,
          showgrid: false, ...decadeTicks(range[0], range[1]) }),
        yaxis: axis(sweep.hyper_name, { zeroline: false, showgrid: false }),
      }));
      if (!bound) {
        bound = true;
        el.on('plotly_click', (e) => {
          const pt = e.points?.find((p) => p.data.type === 'heatmap');
          if (!pt || !current) return;
          onPick({ lr: current.lrs[pt.pointIndex[1]], value: current.hyper_values[pt.pointIndex[0]] });
        });
      }
    },
  };
}
