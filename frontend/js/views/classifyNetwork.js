/**
 * The classify lesson's network, left to right as TensorFlow Playground draws it: the input features
 * (each with its picture over the data's square), the hidden layers (each unit with a thumbnail of
 * its output over the square) and the output (the decision picture). Every edge is labelled with its
 * live weight, coloured and dashed by sign (blue > 0, vermillion < 0 dashed) and wider the larger it
 * is; hovering a label shows the weight's gradient. Edges are drawn as a few line traces (one per
 * colour and width) rather than one shape each: a 6×8 network has ~400 edges and redraws every frame.
 */

import { draw, em, layout, lw, purge } from '../plot/plot.js';
import { DEAD, INK, MUTED, NEGATIVE, POSITIVE } from '../plot/palette.js';
import { short } from '../core/format.js';
import { featureLattice, latticeImage, spread } from './classifyPictures.js';

const NAMES = { x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sin_x1: 'sin x₁', sin_x2: 'sin x₂' };
const MIN_WIDTH = 1;
const WIDTH_PER_DECADE = 4;  // edge width grows with log10(1 + |w|)
const MAX_WIDTH = 9;
const NODE_EMS = 2.8;  // a thumbnail's largest side
const COLUMN_FILL = 0.42;  // a thumbnail takes at most this share of the gap between columns
const ROW_FILL = 0.8;  // ... and of the gap between units
const LABEL_T = [0.25, 0.38];  // how far along its edge a label sits from the node it is near (crossings meet at 0.5)
const FEW_EDGES = 30;
const LABEL_BOX = [2.6, 1.1];  // ems: a label's box ("−0.53" at the label's size), for placing them apart
const NAME_MARGIN = 3.2;  // ems left of the inputs for their names ("sin x₁")  // up to this many edges, labels get the page's full type size
const SIGN = { pos: { color: POSITIVE, dash: 'solid' }, neg: { color: NEGATIVE, dash: 'dash' } };

const sub = (n) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);
const columnY = (count) => Array.from({ length: count }, (_, j) => (count - 1) / 2 - j);

/** The unit's colour range: tanh in [−1, 1], sigmoid in [0, 1], relu and linear by their largest value. */
function unitRange(activation, rows) {
  if (activation === 'tanh') return [-1, 1];
  if (activation === 'sigmoid') return [0, 1];
  const m = spread(rows);
  return [-m, m];
}

export function createClassifyNetworkView(el) {
  const canvas = document.createElement('canvas');
  const features = new Map();  // a feature's picture never changes: made once
  const featureImage = (name) => {
    if (!features.has(name)) {
      const rows = featureLattice(name);
      const m = spread(rows);
      features.set(name, latticeImage(rows, -m, m, canvas));
    }
    return features.get(name);
  };

  let placed = { geometry: null, spots: [] };  // where each edge's label sits, for this network and size
  return {
    reset() {
      purge(el);
    },
    render(records, k, ctx = {}) {
      const r = records[k];
      const o = ctx.options;
      const ex = r.extras;
      const widths = [o.features.length, ...o.hidden, 1];
      const columns = widths.map((n, c) => columnY(n).map((y) => [c, y]));
      const tall = Math.max(...widths);
      const xRange = [-0.4, widths.length - 0.45];  // the inputs' names sit in the left margin
      const yRange = [-tall / 2 - 0.05, tall / 2 + 0.05];
      const plotW = Math.max(1, el.clientWidth - em(0.3) - em(NAME_MARGIN));
      const plotH = Math.max(1, el.clientHeight - em(0.6));
      const perX = plotW / (xRange[1] - xRange[0]);
      const perY = plotH / (yRange[1] - yRange[0]);
      const side = Math.min(em(NODE_EMS), COLUMN_FILL * perX, ROW_FILL * perY);

      const labelAt = Math.min(LABEL_T[1], Math.max(LABEL_T[0], (side / 2 + em(1.1)) / perX));
      const geometry = JSON.stringify([widths, perX, perY, labelAt, side]);
      if (geometry !== placed.geometry) placed = { geometry, spots: labelSpots(columns, perX, perY, labelAt, side) };
      const { spots } = placed;
      let spot = 0;
      const edges = new Map();  // "pos:3.5" -> {x: [], y: []}
      const labels = { x: [], y: [], text: [], hover: [] };
      const edgeCount = widths.slice(1).reduce((n, w, c) => n + w * widths[c], 0);
      for (let l = 0; l < widths.length - 1; l++) {
        const w = r.params[`layers.${l}.weight`];
        const g = r.grads?.[`layers.${l}.weight`];
        w.forEach((row, j) => row.forEach((value, i) => {
          const [from, to] = [columns[l][i], columns[l + 1][j]];
          const width = Math.min(MAX_WIDTH, MIN_WIDTH + WIDTH_PER_DECADE * Math.log10(1 + Math.abs(value ?? 0)));
          const key = `${(value ?? 0) < 0 ? 'neg' : 'pos'}:${Math.round(width * 2) / 2}`;
          if (!edges.has(key)) edges.set(key, { x: [], y: [] });
          const e = edges.get(key);
          e.x.push(from[0], to[0], null);
          e.y.push(from[1], to[1], null);
          const t = spots[spot++];
          labels.x.push(from[0] + t * (to[0] - from[0]));
          labels.y.push(from[1] + t * (to[1] - from[1]));
          labels.text.push(short(value, 2));
          labels.hover.push(`${unitName(l, i, o)} → ${unitName(l + 1, j, o, widths.length - 2)}<br>w = ${short(value, 6)}`
            + `<br>∂loss/∂w = ${g ? short(g[j][i], 4) : '…'}`);
        }));
      }
      const data = [...edges.entries()].map(([key, e]) => {
        const [sign, width] = key.split(':');
        return { x: e.x, y: e.y, mode: 'lines', hoverinfo: 'skip', line: { ...SIGN[sign], width: lw(Number(width)) } };
      });
      data.push({ x: labels.x, y: labels.y, text: labels.text, hovertext: labels.hover, hoverinfo: 'text',
        mode: 'markers+text', textposition: 'middle center', cliponaxis: false,
        textfont: { size: em(edgeCount <= FEW_EDGES ? 0.85 : 0.62), color: INK },
        marker: { size: em(edgeCount <= FEW_EDGES ? 1.6 : 1), color: 'rgba(255,255,255,0.75)', symbol: 'square' } });

      const images = [];
      const nodes = { x: [], y: [], hover: [], line: [] };
      const place = (at, source, hover, dead = false) => {
        images.push({ source, xref: 'x', yref: 'y', x: at[0], y: at[1], sizex: side / perX, sizey: side / perY,
          xanchor: 'center', yanchor: 'middle', sizing: 'stretch', layer: 'above' });
        nodes.x.push(at[0]);
        nodes.y.push(at[1]);
        nodes.hover.push(hover);
        nodes.line.push(dead ? DEAD : INK);
      };
      columns[0].forEach((at, i) => place(at, featureImage(o.features[i]), `input ${NAMES[o.features[i]] ?? o.features[i]}`));
      for (let l = 0; l < o.hidden.length; l++) {
        const b = r.params[`layers.${l}.bias`];
        columns[l + 1].forEach((at, j) => {
          const rows = ex?.neurons?.[l]?.[j];
          const [lo, hi] = rows ? unitRange(o.activation, rows) : [0, 1];
          const dead = Boolean(ex?.dead?.[l]?.[j]);
          const saturated = Boolean(ex?.saturated?.[l]?.[j]);
          const state = dead ? '<br><b>dead</b>: ReLU outputs 0 on every training point' : saturated ? '<br><b>saturated</b>: its slope is near 0' : '';
          place(at, rows ? latticeImage(rows, lo, hi, canvas) : '', `${unitName(l + 1, j, o, o.hidden.length)}: b = ${short(b[j], 4)}${state}`, dead);
        });
      }
      const out = columns[columns.length - 1][0];
      const outBias = r.params[`layers.${o.hidden.length}.bias`][0];
      place(out, ex?.boundary ? latticeImage(ex.boundary, 0, 1, canvas) : '', `output ŷ: b = ${short(outBias, 4)}`);
      data.push({ x: nodes.x, y: nodes.y, mode: 'markers', hovertext: nodes.hover, hoverinfo: 'text',
        marker: { symbol: 'square', size: side + lw(4), color: '#ffffff', line: { color: nodes.line, width: lw(2.5) } } });
      const annotations = columns[0].map((at, i) => ({ x: at[0], y: at[1], text: NAMES[o.features[i]] ?? o.features[i],
        showarrow: false, xanchor: 'right', xshift: -side / 2 - em(0.3), font: { size: em(0.85), color: INK } }));
      annotations.push({ x: out[0], y: out[1], text: 'ŷ', showarrow: false, yanchor: 'top', yshift: -side / 2 - em(0.2),
        font: { size: em(0.85), color: MUTED } });
      draw(el, data, layout({
        margin: { l: em(NAME_MARGIN), r: em(0.3), t: em(0.3), b: em(0.3) }, hovermode: 'closest', images, annotations,
        xaxis: { range: xRange, visible: false, fixedrange: true },
        yaxis: { range: yRange, visible: false, fixedrange: true },
      }));
    },
  };
}

/**
 * How far along its edge each label sits, edges in drawing order: the first spot, of a few just clear of
 * either node or further in, where the label's box (LABEL_BOX ems) overlaps no label placed before it.
 * Only the network's shape and the chart's size matter, so labels never jump while the weights change.
 */
function labelSpots(columns, perX, perY, near, side) {
  const spots = [];
  const boxes = [];
  const [w, h] = [em(LABEL_BOX[0]), em(LABEL_BOX[1])];
  const nodes = columns.flat().map(([x, y]) => [x * perX, y * perY]);
  const clear = ([x, y]) => nodes.every(([nx, ny]) => Math.abs(nx - x) > (w + side) / 2 || Math.abs(ny - y) > (h + side) / 2);
  const choices = [near, 1 - near, (near + 0.5) / 2, 1 - (near + 0.5) / 2, 0.5, near + 0.07, 1 - near - 0.07];
  for (let l = 0; l < columns.length - 1; l++) {
    for (const to of columns[l + 1]) {
      for (const from of columns[l]) {
        const at = (t) => [(from[0] + t * (to[0] - from[0])) * perX, (from[1] + t * (to[1] - from[1])) * perY];
        const free = choices.find((t) => {
          const [x, y] = at(t);
          return clear([x, y]) && boxes.every(([bx, by]) => Math.abs(bx - x) > w || Math.abs(by - y) > h);
        });
        const t = free ?? choices.find((c) => clear(at(c))) ?? near;  // crowded: at least off the nodes
        boxes.push(at(t));
        spots.push(t);
      }
    }
  }
  return spots;
}

/** "x₁", "h₁,₂" (layer 1, unit 2) or "ŷ", for hover texts. */
function unitName(column, index, options, hiddenCount = options.hidden.length) {
  if (column === 0) return NAMES[options.features[index]] ?? options.features[index];
  if (column > hiddenCount) return 'ŷ';
  return `h${sub(column)},${sub(index + 1)}`;
}
