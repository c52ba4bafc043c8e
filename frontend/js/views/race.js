/**
 * The optimizer race: every racer's path in its own colour on the lesson's picture (the curve,
 * the NOT gate's (w, b) landscape, or the network's output: `ctx.figure`, which the lesson names),
 * their losses overlaid, and the standings. Colour is never alone: each racer also has its own
 * dash and marker symbol.
 */

import { axis, draw, em, layout, lw, nearRange, purge } from '../plot/plot.js';
import { INK, MUTED, OKABE_ITO } from '../plot/palette.js';
import { short } from '../core/format.js';
import { element, scalar } from '../core/records.js';

export const RACE_COLOURS = [OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.green, OKABE_ITO.purple,
  OKABE_ITO.orange, OKABE_ITO.sky];
const DASHES = ['solid', 'dash', 'dot', 'dashdot', 'longdash', 'longdashdot'];
const SYMBOLS = ['circle', 'square', 'diamond', 'triangle-up', 'cross', 'star'];
const GLYPHS = ['●', '■', '◆', '▲', '✚', '★'];  // the same symbols as text, for the standings
const LOG_WHEN_RATIO = 30;  // as lossChart.js: losses spanning more than this get a log axis
const LOSS_DIGITS = 4;  // standings compare racers: four figures are enough to rank them

export const racerStyle = (i) => ({ colour: RACE_COLOURS[i % RACE_COLOURS.length], dash: DASHES[i % DASHES.length],
  symbol: SYMBOLS[i % SYMBOLS.length], glyph: GLYPHS[i % GLYPHS.length] });

function racerTraces(results, k, labels, path, ranges) {
  return results.flatMap((result, i) => {
    const { colour, dash, symbol } = racerStyle(i);
    const at = Math.min(k, result.records.length - 1);
    let [xs, ys] = path(result.records);
    if (ranges) [xs, ys] = [nearRange(xs, ranges[0]), nearRange(ys, ranges[1])];
    return [
      { x: xs.slice(0, at + 1), y: ys.slice(0, at + 1), mode: 'lines', name: labels[i], legendgroup: String(i),
        hoverinfo: 'skip', line: { color: colour, width: lw(4), dash } },
      { x: [xs[at]], y: [ys[at]], mode: 'markers', name: labels[i], legendgroup: String(i), showlegend: false,
        hoverinfo: 'skip', marker: { color: colour, symbol, size: em(1.3), line: { color: INK, width: lw(2) } } },
    ];
  });
}

const legend = () => ({ orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: em(0.8) } });
const margin = () => ({ l: em(3.4), r: em(0.8), t: em(2.4), b: em(2.6) });

/*
 * The race's main figure, one per kind of lesson picture; a lesson module names its own. Each takes
 * (results, k, ctx) and gives [traces, layout].
 */

/** Every racer's point on the curve f(x) (the parabola). */
export function curveRaceFigure(results, k, ctx) {
  if (!ctx.curve) return outputRaceFigure(results, k, ctx);
  const c = ctx.curve;
  const ys = c.y.filter((v) => v !== null);
  const yRange = [Math.min(...ys), Math.max(...ys)];
  const curve = { x: c.x, y: c.y, mode: 'lines', name: 'f(x)', showlegend: false, hoverinfo: 'skip',
    line: { color: INK, width: lw(3) } };
  const path = (records) => [records.map((r) => scalar(r.params.x)), records.map((r) => r.loss)];
  return [[curve, ...racerTraces(results, k, ctx.labels, path, [c.range, yRange])],
    layout({ showlegend: true, legend: legend(), margin: margin(), xaxis: axis('x', { range: c.range }), yaxis: axis('f(x)') })];
}

/** Every racer's path over the loss landscape of (w, b) (the NOT gate). */
export function landscapeRaceFigure(results, k, ctx) {
  if (!ctx.landscape) return outputRaceFigure(results, k, ctx);
  const land = ctx.landscape;
  const xr = [land.x[0], land.x[land.x.length - 1]];
  const yr = [land.y[0], land.y[land.y.length - 1]];
  const contour = { type: 'contour', x: land.x, y: land.y, z: land.loss, colorscale: 'Greys', reversescale: true,
    ncontours: 16, showscale: false, hoverinfo: 'skip', opacity: 0.55, line: { width: lw(1), color: 'rgba(0,0,0,0.25)' } };
  const path = (records) => [records.map((r) => element(r.params, land.x_param)),
    records.map((r) => element(r.params, land.y_param))];
  const [xTitle, yTitle] = ctx.titles ?? [land.x_param, land.y_param];
  return [[contour, ...racerTraces(results, k, ctx.labels, path, [xr, yr])],
    layout({ showlegend: true, legend: legend(), margin: margin(), xaxis: axis(xTitle, { range: xr, showgrid: false, zeroline: false }),
      yaxis: axis(yTitle, { range: yr, showgrid: false, zeroline: false }) })];
}

/** Every racer's network output per step, against the target (the network). */
export function outputRaceFigure(results, k, ctx) {
  const goal = ctx.options.target;
  const target = { x: [0, ctx.steps], y: [goal, goal], mode: 'lines', name: `target ${short(goal)}`,
    hoverinfo: 'skip', line: { color: MUTED, width: lw(2), dash: 'dash' } };
  const path = (records) => [records.map((r) => r.step), records.map((r) => r.extras?.post?.[1]?.[0] ?? null)];
  return [[target, ...racerTraces(results, k, ctx.labels, path, null)],
    layout({ showlegend: true, legend: legend(), margin: margin(), xaxis: axis('step', { range: [0, ctx.steps] }), yaxis: axis('output ŷ') })];
}

/** Every racer's test loss per epoch (classify: the training loss is the figure beside it). */
export function testLossRaceFigure(results, k, ctx) {
  const path = (records) => [records.map((r) => r.step), records.map((r) => r.extras?.test_loss ?? null)];
  return [racerTraces(results, k, ctx.labels, path, null),
    layout({ showlegend: true, legend: legend(), margin: margin(), xaxis: axis('epoch', { range: [0, ctx.steps] }),
      yaxis: axis('test loss', { rangemode: 'tozero' }) })];
}

function lossFigure(results, k, ctx) {
  const all = results.flatMap((r) => r.records.map((rec) => rec.loss)).filter((v) => v !== null && v > 0);
  const log = all.length > 1 && Math.max(...all) / Math.min(...all) > LOG_WHEN_RATIO;
  const traces = results.flatMap((result, i) => {
    const { colour, dash, symbol } = racerStyle(i);
    const xs = result.records.map((r) => r.step);
    const ys = result.records.map((r) => (log && r.loss === 0 ? null : r.loss));
    const at = Math.min(k, xs.length - 1);
    return [
      { x: xs, y: ys, mode: 'lines', hoverinfo: 'skip', showlegend: false, opacity: 0.3, line: { color: colour, width: lw(2), dash } },
      { x: xs.slice(0, at + 1), y: ys.slice(0, at + 1), mode: 'lines', name: ctx.labels[i], hoverinfo: 'skip',
        showlegend: false, line: { color: colour, width: lw(4), dash } },
      { x: [at], y: [ys[at]], mode: 'markers', hoverinfo: 'skip', showlegend: false, cliponaxis: false,
        marker: { color: colour, symbol, size: em(1.1), line: { color: INK, width: lw(2) } } },
    ];
  });
  const shapes = ctx.rule === 'threshold' && ctx.threshold > 0 ? [{ type: 'line', xref: 'paper', x0: 0, x1: 1,
    y0: ctx.threshold, y1: ctx.threshold, line: { color: INK, width: lw(2), dash: 'dot' } }] : [];
  return [traces, layout({ shapes, margin: { l: em(4.2), r: em(0.8), t: em(0.6), b: em(2.6) },
    xaxis: axis('step', { range: [0, Math.max(1, ctx.steps)], zeroline: false }),
    yaxis: axis(log ? 'loss (log scale)' : 'loss', { type: log ? 'log' : 'linear', exponentformat: 'power' }) })];
}

function standing(row, ctx) {
  if (ctx.rule === 'threshold' && row.reached !== null) return `loss ≤ ${short(ctx.threshold)} at step ${row.reached}`;
  if (row.loss === null) return 'diverged: the numbers blew up';
  const where = ctx.rule === 'threshold' ? 'not there yet, loss' : 'loss';
  return `${where} ${short(row.loss, LOSS_DIGITS)}${row.status === 'stalled' ? ' (stalled: dead ReLUs)' : ''}`;
}

export function createRaceView(el) {
  const main = el.querySelector('[data-part="main"]');
  const loss = el.querySelector('[data-part="loss"]');
  const order = el.querySelector('[data-part="order"]');
  return {
    reset() {
      purge(main);
      purge(loss);
      order.replaceChildren();
    },
    render(results, k, ctx) {
      draw(main, ...ctx.figure(results, k, ctx));
      draw(loss, ...lossFigure(results, k, ctx));
      order.replaceChildren(...ctx.order.map((row) => {
        const li = document.createElement('li');
        const { colour, glyph } = racerStyle(row.index);
        const swatch = Object.assign(document.createElement('span'), { className: 'race-swatch', textContent: glyph });
        swatch.style.color = colour;
        swatch.setAttribute('aria-hidden', 'true');
        const name = Object.assign(document.createElement('strong'), { textContent: ctx.labels[row.index] });
        li.append(swatch, name, ` ${standing(row, ctx)}`);
        Object.assign(li.dataset, { racer: String(row.index), place: String(row.place), reached: String(row.reached ?? '') });
        return li;
      }));
    },
  };
}
