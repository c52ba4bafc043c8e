/**
 * Where each node of an autograd graph sits: columns left to right from the leaves to the loss,
 * layered by the longest path to the loss (so a leaf sits just before the op that uses it), and
 * within a column ordered by where its consumers sit, so few edges cross.
 */

const ROW_GAP = 1;  // vertical distance between two nodes of a column, in plot units

/** {at: Map(id -> [column, y]), columns, rows: [yMin, yMax]} for a graph's nodes and edges. */
export function layoutGraph(graph) {
  const consumers = new Map(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) consumers.get(e.source)?.push(e.target);
  const depth = depths(graph.nodes, consumers);
  const deepest = Math.max(0, ...depth.values());
  const columns = Array.from({ length: deepest + 1 }, () => []);
  for (const n of graph.nodes) columns[deepest - depth.get(n.id)].push(n.id);
  const at = new Map();
  for (let c = columns.length - 1; c >= 0; c--) place(columns[c], c, consumers, at);
  const ys = [...at.values()].map(([, y]) => y);
  return { at, columns: columns.length, rows: [Math.min(0, ...ys), Math.max(0, ...ys)] };
}

/** Longest path from each node to the loss (the node nobody consumes): 0 for the loss. */
function depths(nodes, consumers) {
  const depth = new Map();
  const visit = (id, seen = new Set()) => {
    if (depth.has(id)) return depth.get(id);
    if (seen.has(id)) return 0;  // a cycle cannot happen in autograd; never loop forever on bad data
    seen.add(id);
    const d = Math.max(-1, ...consumers.get(id).map((c) => visit(c, seen))) + 1;
    depth.set(id, d);
    return d;
  };
  nodes.forEach((n) => visit(n.id));
  return depth;
}

/** Put a column's nodes near the mean height of their consumers, at least ROW_GAP apart. */
function place(ids, column, consumers, at) {
  const wanted = new Map(ids.map((id) => {
    const ys = consumers.get(id).map((c) => at.get(c)?.[1]).filter((y) => y !== undefined);
    return [id, ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : 0];
  }));
  const order = [...ids].sort((a, b) => wanted.get(b) - wanted.get(a));  // top (largest y) first
  const ys = [];
  order.forEach((id, i) => { ys.push(i === 0 ? wanted.get(id) : Math.min(wanted.get(id), ys[i - 1] - ROW_GAP)); });
  const shift = mean(order.map((id) => wanted.get(id))) - mean(ys);  // keep the column centred on its consumers
  order.forEach((id, i) => at.set(id, [column, ys[i] + shift]));
}

function mean(values) {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
