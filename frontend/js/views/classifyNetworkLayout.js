/**
 * Where the classify network's parts sit on its canvas, in CSS pixels: the columns of units, each
 * unit's thumbnail square, the edges, and the spot along each edge where its weight's label goes.
 * Only the network's shape, the panel's size and the type size matter here, never the weights, so a
 * label stays put while the run plays; the result is cached until one of those changes.
 *
 * Labels: when every edge finds a free spot at the page's full label size (TensorFlow Playground's
 * default 2 → 4 → 2 → 1 net: 18 labels), all are drawn. Otherwise the network is "crowded": labels
 * shrink to ~11 px and go, straightest edges first, wherever a spot overlaps no other label and no
 * unit; the rest stay unlabelled, and pointing at a unit shows all of its weights (focusSpots).
 */

const NAME_MARGIN = 3.2;  // ems left of the inputs for their names ("sin x₁")
const NODE_EMS = 2.8;  // a thumbnail's largest side
const COLUMN_FILL = 0.42;  // a thumbnail takes at most this share of the gap between columns
const ROW_FILL = 0.8;  // ... and of the gap between units
const ROOMY_SHRINK = [1, 0.85, 0.72];  // thumbnails may shrink this far to keep every label at full size
const MIN_SIDE = 16;  // px: a crowded net's thumbnails shrink to let a label pass between two units, down to this
const FULL_FONT = 0.85;  // ems: the labels' size when they all fit, and a focused unit's
const SMALL_FONT = 0.65;  // ems: a crowded network's labels ...
const MIN_FONT_PX = 11;  // ... never smaller than this, however small the type
const SAMPLE = '−0.00';  // the room a label gets: most weights print this long (short(w, 2))
const LINE = 1.2;  // a label's box height per font size
const PAD = 0.35;  // a label's box width beyond its text, per font size
const NEAR = [0.25, 0.38];  // a full-size label sits this far along its edge from a node (crossings meet at 0.5)

const columnY = (count) => Array.from({ length: count }, (_, j) => (count - 1) / 2 - j);

/**
 * The layout of a network with `widths` units per column (inputs, hidden layers, output) on a W×H canvas.
 * `em(x)` is a size in the page's type; `measure(text, px)` a text's width at a font size.
 */
export function networkLayout(widths, W, H, em, measure) {
  const count = widths.length;
  const tall = Math.max(...widths);
  const left = em(NAME_MARGIN);
  const top = em(0.3);
  const perX = Math.max(1, W - left - em(0.3)) / (count - 0.05);  // columns at 0..count−1, data x from −0.4
  const perY = Math.max(1, H - 2 * top) / (tall + 0.1);
  const side = Math.min(em(NODE_EMS), COLUMN_FILL * perX, ROW_FILL * perY);
  const nodes = widths.map((n, c) => columnY(n).map((y) => ({ x: left + (c + 0.4) * perX, y: top + (tall / 2 + 0.05 - y) * perY })));
  const edges = [];
  for (let l = 0; l < count - 1; l++) {
    for (let j = 0; j < widths[l + 1]; j++) {  // the order of the weight matrix's rows, then columns
      for (let i = 0; i < widths[l]; i++) edges.push({ l, i, j, from: nodes[l][i], to: nodes[l + 1][j] });
    }
  }
  const box = (em_) => {
    const font = Math.max(MIN_FONT_PX, em(em_));
    return { font, w: measure(SAMPLE, font) + PAD * font, h: LINE * font };
  };
  const base = { widths, W, H, nodes, edges, side, perX, perY };
  // every spot from the middle out, 2.5 % of the edge apart; a spot's box must still clear the units
  const spread = [0.5];
  for (let d = 0.025; d < 0.41; d += 0.025) spread.push(0.5 - d, 0.5 + d);
  // straightest edges first: a straight edge's label has only the middle of its gap, a sloping one more room
  const rise = (e) => Math.abs(edges[e].from.y - edges[e].to.y);
  const order = edges.map((_, e) => e).sort((a, b) => rise(a) - rise(b) || a - b);
  const full = box(FULL_FONT);
  const near = Math.min(NEAR[1], Math.max(NEAR[0], (side / 2 + em(1.1)) / perX));
  const roomy = [near, 1 - near, (near + 0.5) / 2, 1 - (near + 0.5) / 2, 0.5, near + 0.07, 1 - near - 0.07, ...spread];
  for (const shrink of ROOMY_SHRINK) {  // every label at full size, if smaller thumbnails make room for them
    const at = { ...base, side: side * shrink };
    const spots = placeLabels(at, order, () => roomy, full);
    if (spots.every(Number.isFinite)) return { ...at, label: full, spots, order, crowded: false, focus: focusBox(at, em, measure) };
  }

  // crowded: smaller labels, and thumbnails small enough for a label to pass between two units of a column
  const small = box(SMALL_FONT);
  const tight = { ...base, side: Math.max(MIN_SIDE, Math.min(side, perY - small.font - 6)) };
  return { ...tight, label: small, spots: placeLabels(tight, order, () => spread, small), order, crowded: true, focus: focusBox(tight, em, measure) };
}

/** A point `t` of the way along an edge. */
export const along = (edge, t) => [edge.from.x + t * (edge.to.x - edge.from.x), edge.from.y + t * (edge.to.y - edge.from.y)];

/**
 * Each edge's label spot (t along it), or NaN where none is free: the first of `choices(e)` whose box
 * overlaps no label placed before and whose text clears every unit (a box's white margin may touch a
 * unit's rim), edges taken in `order`.
 */
export function placeLabels({ edges, nodes, side }, order, choices, { font, w, h }) {
  const spots = new Float64Array(edges.length).fill(NaN);
  const boxes = [];
  const units = nodes.flat();
  const out = units[units.length - 1];
  const hat = { x: out.x, y: out.y + side / 2 + font };  // the "ŷ" under the output: about a label's size
  const clear = ([x, y]) => units.every((n) => Math.abs(n.x - x) > w / 2 + side / 2 + 2 || Math.abs(n.y - y) > font / 2 + side / 2 + 2)
    && (Math.abs(hat.x - x) > w / 2 + font || Math.abs(hat.y - y) > font * 1.2);
  const free = ([x, y]) => boxes.every(([bx, by]) => Math.abs(bx - x) > w || Math.abs(by - y) > h);
  for (const e of order) {
    const t = choices(e).find((c) => {
      const at = along(edges[e], c);
      return clear(at) && free(at);
    });
    if (t === undefined) continue;
    spots[e] = t;
    boxes.push(along(edges[e], t));
  }
  return spots;
}

/** The labels of a focused unit: as large as its column's spacing allows, clear of the nodes they start from. */
function focusBox({ perX, perY, side }, em, measure) {
  const font = Math.max(MIN_FONT_PX, Math.min(em(FULL_FONT), (0.5 * perY) / LINE));  // 0.5: labels at most halfway along
  const w = measure(SAMPLE, font) + PAD * font;
  return { font, w, h: LINE * font, t: Math.min(0.5, (side / 2 + w / 2 + 2) / perX) };
}

/**
 * Where a focused unit's weights go, as [edge, t] pairs: its incoming edges labelled near where they
 * start and its outgoing ones near where they end. Either way each label sits by a different unit of
 * the neighbouring column, so none overlaps another.
 */
export function focusSpots(layout, [column, unit]) {
  const spots = [];
  layout.edges.forEach((edge, e) => {
    if (edge.l === column - 1 && edge.j === unit) spots.push([e, layout.focus.t]);
    else if (edge.l === column && edge.i === unit) spots.push([e, 1 - layout.focus.t]);
  });
  return spots;
}

/** The unit under a point, as [column, index], or null. */
export function unitAt(layout, x, y) {
  const half = layout.side / 2 + 2;
  for (const [c, column] of layout.nodes.entries()) {
    const u = column.findIndex((n) => Math.abs(n.x - x) <= half && Math.abs(n.y - y) <= half);
    if (u >= 0) return [c, u];
  }
  return null;
}
