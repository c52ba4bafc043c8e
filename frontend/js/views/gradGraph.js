/**
 * "How torch got this gradient": the autograd graph torch built for one step's loss, drawn left
 * to right from the leaves to the loss, and backward() walked one node at a time. Each node box
 * shows its op, the value it produced and, once backward has reached it, its gradient; the text
 * under the figure writes out the chain-rule product that made the newest gradient.
 *
 * render(graph, reached): `graph` is POST /api/graph's answer, `reached` how many nodes of
 * `graph.order` backward has visited so far (0 = none yet).
 */

import { draw, em, layout, lw, purge } from '../plot/plot.js';
import { INK, OKABE_ITO } from '../plot/palette.js';
import { layoutGraph } from '../gradgraph/layout.js';
import { BOX_FONT, BOX_PAD, EDGE_FONT, fitGraph, labelText } from '../gradgraph/fit.js';
import { AUTOGRAD, boxLines, describe, escape, full, markup } from '../gradgraph/text.js';

const FILL = { loss: '#fde7cc', param: '#dcecf8', op: '#ffffff', input: '#eeeeee', const: '#eeeeee' };
const NOW = OKABE_ITO.vermillion;  // the node backward is at, and the shares it is adding up
const FLOWED = OKABE_ITO.blue;  // edges a gradient has already flowed back along
const IDLE = '#a8a8a8';
const DATA_INK = '#4d4d4d';  // data and plain numbers: torch computes no gradient for them
const PAD_Y = 0.62;  // plot units above the top node and below the bottom one

export function createGradGraphView(el) {
  const figure = el.querySelector('[data-part="figure"]');
  const heading = el.querySelector('[data-part="heading"]');
  const lines = el.querySelector('[data-part="lines"]');
  const result = el.querySelector('[data-part="result"]');
  return {
    reset() {
      purge(figure);
      heading.textContent = '';
      lines.replaceChildren();
      result.textContent = '';
    },
    render(graph, reached) {
      const byId = new Map(graph.nodes.map((n) => [n.id, n]));
      // nodes backward never visits (no grad_fn to start from) show their gradient, None, from the start
      const done = new Set([...graph.order.slice(0, reached), ...graph.nodes
        .filter((n) => AUTOGRAD.has(n.kind) && !graph.order.includes(n.id)).map((n) => n.id)]);
      const now = reached > 0 ? graph.order[reached - 1] : null;
      const width = figure.clientWidth || 800;
      const place = layoutGraph(graph);
      const yRange = [place.rows[0] - PAD_Y, place.rows[1] + PAD_Y];
      const fit = fitGraph(graph, place, width, figure.clientHeight, yRange);
      const pos = (id) => [fit.x[place.at.get(id)[0]], place.at.get(id)[1]];
      const half = (id) => fit.boxWidth.get(id) / 2;
      const font = em(BOX_FONT) * fit.scale;
      const annotations = [
        ...graph.edges.map((e) => edgeNote(e, pos, half, done, now, fit.scale)).filter(Boolean),
        ...graph.nodes.map((n) => nodeBox(n, pos(n.id), boxLines(n, done.has(n.id), fit.chars(n.id)), done.has(n.id),
          n.id === now, font)),
      ];
      draw(figure, [hoverTrace(graph.nodes, pos)], layout({
        margin: { l: 0, r: 0, t: em(0.3), b: em(0.3) }, hovermode: 'closest', annotations,
        shapes: graph.edges.map((e) => edgeShape(e, pos, byId, done, now)),
        xaxis: { range: [0, width], visible: false, fixedrange: true },
        yaxis: { range: yRange, visible: false, fixedrange: true },
      }));
      figure.setAttribute('aria-label', describe(graph, reached));
      explain(now ? byId.get(now) : null, reached, graph);
    },
  };

  function explain(node, reached, graph) {
    if (!node) {
      heading.textContent = graph.order.length ? `Backward has not started: 0 of ${graph.order.length} nodes`
        : 'No backward pass';
      const intro = graph.note ?? 'Forward ran left → right and torch recorded every operation. '
        + 'Press “Backprop step” (or B) to run loss.backward() one node at a time, right → left.';
      lines.replaceChildren(item(intro));
      result.textContent = '';
      return;
    }
    const last = reached === graph.order.length ? ' · done: every .grad is filled in' : '';
    heading.textContent = `Backward step ${reached} of ${graph.order.length}: ${node.label} (${node.op})${last}`;
    lines.replaceChildren(...node.explain.split('; ').map(item));
    const name = node.kind === 'param' ? `${node.label}.grad` : `d loss / d (${node.label})`;
    result.textContent = `${name} = ${full(node.grad)}`;
  }
}

function item(text) {
  return Object.assign(document.createElement('li'), { textContent: text });
}

/** A node as a boxed annotation: op (bold), value, and its gradient once backward got there. */
function nodeBox(n, [x, y], lines, reached, isNow, font) {
  const auto = AUTOGRAD.has(n.kind);
  const border = isNow ? NOW : reached ? INK : auto ? '#6f6f6f' : IDLE;
  return { x, y, text: markup(lines), showarrow: false, align: 'center', bgcolor: FILL[n.kind] ?? FILL.op,
    bordercolor: border, borderwidth: lw(isNow ? 5 : reached ? 3 : 1.5), borderpad: em(BOX_PAD),
    font: { size: font, color: auto ? INK : DATA_INK } };
}

/** An edge, forward from input to op: blue once its share has flowed back, orange into the node now. */
function edgeShape(e, pos, byId, done, now) {
  const [x0, y0] = pos(e.source);
  const [x1, y1] = pos(e.target);
  const noGrad = !AUTOGRAD.has(byId.get(e.source)?.kind);
  const flowed = !noGrad && done.has(e.target);
  const colour = e.source === now ? NOW : flowed ? FLOWED : IDLE;
  const width = e.source === now ? 6 : flowed ? 4 : 2;
  return { type: 'line', layer: 'below', x0, y0, x1, y1,
    line: { color: colour, width: lw(width), dash: noGrad ? 'dot' : 'solid' } };
}

/** The share that flowed back along an edge, once its op has passed it on, midway between the two boxes. */
function edgeNote(e, pos, half, done, now, scale) {
  const text = labelText(e);
  if (!text || !done.has(e.target)) return null;
  const [x0, y0] = pos(e.source);
  const [x1, y1] = pos(e.target);
  const x = (x0 + half(e.source) + x1 - half(e.target)) / 2;
  const y = x1 === x0 ? (y0 + y1) / 2 : y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
  return { x, y, text: escape(text), showarrow: false, font: { size: em(EDGE_FONT) * scale, color: INK },
    bgcolor: '#ffffff', bordercolor: e.source === now ? NOW : FLOWED, borderwidth: lw(2), borderpad: 2 };
}

/** Invisible markers on the nodes, so hovering one shows its numbers in full. */
function hoverTrace(nodes, pos) {
  return { type: 'scatter', mode: 'markers', x: nodes.map((n) => pos(n.id)[0]), y: nodes.map((n) => pos(n.id)[1]),
    marker: { size: em(3), color: 'rgba(0,0,0,0)' }, hoverinfo: 'text',
    hovertext: nodes.map((n) => `${escape(n.label)} (${n.op})<br>value ${escape(full(n.value))}`
      + (AUTOGRAD.has(n.kind) ? `<br>grad ${escape(full(n.grad))}` : '')) };
}
