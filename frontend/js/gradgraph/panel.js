/**
 * The "How torch got this gradient" panel under every lesson: a bar that opens it, buttons and keys
 * that walk backward() one node at a time, and the graph view. It renders from `state.gradGraph`
 * (filled by gradgraph/loader.js) and changes the state only through actions.
 * Its keys (G, B, Shift+B) are in core/keys.js's table with the page's others.
 */

import { CHANGE } from '../core/store.js';
import { createGradGraphLoader } from './loader.js';
import { createGradGraphView } from '../views/gradGraph.js';

const TEMPLATE = `
  <div class="gradgraph-bar">
    <h2 class="gradgraph-title">
      <button type="button" id="gradgraph-toggle" aria-expanded="false" aria-controls="gradgraph-body"
        aria-keyshortcuts="G"><span class="gradgraph-chevron" aria-hidden="true">▸</span> How torch got this gradient
        <kbd aria-hidden="true">G</kbd></button>
    </h2>
    <p id="gradgraph-status" class="gradgraph-status" role="status"></p>
    <div class="gradgraph-walk" role="group" aria-label="Backprop step by step">
      <button type="button" id="gradgraph-next" class="primary" aria-keyshortcuts="B">Backprop step
        <kbd aria-hidden="true">B</kbd></button>
      <button type="button" id="gradgraph-restart" aria-keyshortcuts="Shift+B">Start over</button>
      <span id="gradgraph-progress" class="gradgraph-progress"></span>
    </div>
  </div>
  <div id="gradgraph-body" class="gradgraph-body" hidden>
    <div class="gradgraph-figure" data-part="figure" role="img" aria-label="The autograd graph"></div>
    <div class="gradgraph-explain" aria-live="polite" aria-atomic="true">
      <p class="gradgraph-heading" data-part="heading"></p>
      <ul class="gradgraph-lines" data-part="lines"></ul>
      <p class="gradgraph-result" data-part="result"></p>
    </div>
  </div>`;

const REDRAW_KINDS = new Set([CHANGE.gradGraph, CHANGE.lesson, CHANGE.step, CHANGE.playing, CHANGE.records]);
const RESIZE_MS = 200;  // after app.js's 150 ms: the page's type size has been measured again

export function createGradGraphPanel(mount, store, actions, doc = document) {
  mount.innerHTML = TEMPLATE;
  const $ = (id) => doc.getElementById(id);
  const body = $('gradgraph-body');
  const view = createGradGraphView(body);
  createGradGraphLoader(store);
  let frame = 0;
  let drawn = null;  // the graph and reached count last drawn, so a step press redraws only what changed

  $('gradgraph-toggle').addEventListener('click', () => actions.toggleGradGraph());
  $('gradgraph-next').addEventListener('click', () => actions.backpropStep());
  $('gradgraph-restart').addEventListener('click', () => actions.backpropRestart());

  function render() {
    frame = 0;
    const s = store.state;
    const g = s.gradGraph;
    mount.dataset.open = String(g.open);
    $('gradgraph-toggle').setAttribute('aria-expanded', String(g.open));
    body.hidden = !g.open;
    const graph = g.graph && g.lesson === s.lesson ? g.graph : null;
    const total = graph ? graph.order.length : 0;
    const ready = g.status === 'ready' && graph !== null;
    $('gradgraph-next').disabled = !g.open || !ready || g.reached >= total;
    $('gradgraph-restart').disabled = !g.open || g.reached === 0;
    $('gradgraph-progress').textContent = graph && g.open ? `${g.reached} / ${total}` : '';
    $('gradgraph-status').textContent = status(g, s);
    Object.assign(mount.dataset, { status: g.status, step: String(g.step ?? ''), reached: String(g.reached),
      stale: String(g.status !== 'ready') });
    if (!g.open) return;
    if (!graph) {
      if (drawn) view.reset();
      drawn = null;
      return;
    }
    if (!window.Plotly || (drawn?.graph === graph && drawn.reached === g.reached)) return;
    view.render(graph, g.reached);
    drawn = { graph, reached: g.reached };
  }

  store.subscribe((kind) => {
    if (REDRAW_KINDS.has(kind) && !frame) frame = requestAnimationFrame(render);
  });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {  // boxes are measured in pixels: lay them out again
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { drawn = null; render(); }, RESIZE_MS);
  });
  render();
}

function status(g, s) {
  const closed = 'the graph torch built for the loss, and backward() one node at a time';
  if (!g.open) return closed;
  if (g.lesson !== s.lesson && g.status !== 'loading') return 'Waiting for the run…';
  const at = `step ${g.step}`;
  switch (g.status) {
    case 'loading': return g.graph ? `Asking torch for the step shown… (showing ${at})` : 'Asking torch for the graph…';
    case 'playing': return `Showing ${at}; pause to follow the lesson`;
    case 'ready': return `The loss at ${at}`;
    case 'error': return `torch could not build the graph: ${g.message}`;
    case 'unavailable': return g.message;
    default: return 'Waiting for the run…';
  }
}
