/**
 * The convergence map, a sheet over the lower part of the window (button "Map" or key M): the lesson's
 * run swept over learning rate × one hyperparameter (momentum, β₁ …, the optimizer's catalog `map_hyper`)
 * in one batched POST /api/sweeps, drawn by views/convergenceMap.js. A click on a cell sets both.
 */

import * as api from '../core/api.js';
import { CHANGE } from '../core/store.js';
import { current, runRequest } from '../core/state.js';
import { limits, optimizer, optimizerLabel, optimizerIds } from '../core/catalog.js';
import { short } from '../core/format.js';

const TEMPLATE = `
  <div class="gradgraph-bar">
    <h2 class="gradgraph-title">
      <button type="button" id="map-toggle" aria-expanded="false" aria-controls="map-body"
        aria-keyshortcuts="M"><span class="gradgraph-chevron" aria-hidden="true">▸</span> Convergence map
        <kbd aria-hidden="true">M</kbd></button>
    </h2>
    <p id="map-status" class="gradgraph-status" role="status"></p>
  </div>
  <div id="map-body" class="gradgraph-body" hidden>
    <div class="gradgraph-figure" data-part="figure" role="img"
      aria-label="Final loss for every learning rate and hyperparameter value; the current setting ringed"></div>
  </div>`;

const LRS = 28;  // columns: learning rates on a log scale
const VALUES = 12;  // rows: the hyperparameter's values
const DECADES_BELOW = 3;  // the map spans lr/1000 …
const DECADES_ABOVE = 3;  // … to lr·1000, within the server's limit: far enough to see where runs diverge
const HIGHEST = 0.99;  // a decay of 1 never forgets: torch refuses β = 1, and momentum 1 never settles

function lrsAround(lr) {
  const lo = Math.log10(lr) - DECADES_BELOW;
  const hi = Math.min(Math.log10(lr) + DECADES_ABOVE, Math.log10(limits().max_lr));
  return Array.from({ length: LRS }, (_, i) => Number((10 ** (lo + (hi - lo) * i / (LRS - 1))).toPrecision(4)));
}

function valuesOf(o, name) {
  const [lo, hi] = o.bounds?.[name] ?? [0, 1];
  const top = Math.min(hi, HIGHEST);
  return Array.from({ length: VALUES }, (_, i) => Number((lo + (top - lo) * i / (VALUES - 1)).toPrecision(3)));
}

/** The sweep this map needs for the current lesson and settings, or null when the optimizer has no map. */
export function mapRequest(s) {
  const c = current(s);
  const o = optimizer(c.optimizer);
  if (!o?.map_hyper) return null;
  const { lr, ...run } = runRequest(s.lesson, c);
  return { ...run, lrs: lrsAround(c.lr), hyper_sweep: { name: o.map_hyper, values: valuesOf(o, o.map_hyper) },
    summary_only: true };
}

export function createConvergencePanel(mount, store, actions, doc = document) {
  mount.innerHTML = TEMPLATE;
  const $ = (id) => doc.getElementById(id);
  const body = $('map-body');
  const figure = body.querySelector('[data-part="figure"]');
  let view = null;
  let controller = null;
  let frame = 0;

  const toolbar = $('btn-map');
  $('map-toggle').addEventListener('click', () => actions.toggleMap());
  toolbar?.addEventListener('click', () => actions.toggleMap());

  async function load(s, key, request) {
    controller?.abort();
    controller = new AbortController();
    const lesson = s.lesson;
    store.set(CHANGE.map, (st) => { st.data[lesson].map = { key, result: null, error: null }; });
    try {
      const result = await api.sweep(request, controller.signal);
      store.set(CHANGE.map, (st) => { st.data[lesson].map = { key, result, error: null }; });
    } catch (err) {
      if (err.name !== 'AbortError') store.set(CHANGE.map, (st) => { st.data[lesson].map = { key, result: null, error: err.message }; });
    }
  }

  function status(s, request, slot) {
    if (!request) {
      const mapped = optimizerIds().filter((id) => optimizer(id).map_hyper).map(optimizerLabel);
      return `${optimizerLabel(current(s).optimizer)} has no hyperparameter to map against lr; try ${mapped.join(', ')}.`;
    }
    if (slot?.error) return `The map could not be computed: ${slot.error}`;
    if (!slot?.result) return `torch is running ${LRS * VALUES} settings in one batch…`;
    const r = slot.result;
    const diverged = r.status.flat().filter((x) => x === 'diverged').length;
    const edge = r.curvature && r.hyper_name === 'momentum'
      ? ` The dashed line is the heavy ball's limit lr·λ < 2(1 + β), λ = ${short(r.curvature)}.` : '';
    return `Final loss after ${current(s).steps} steps for ${r.lrs.length} × ${r.hyper_values.length} settings; `
      + `${diverged} diverged (grey). Click a cell to use it.${edge}`;
  }

  async function render() {
    frame = 0;
    const s = store.state;
    const open = s.map.open;
    mount.dataset.open = String(open);
    mount.hidden = !open;
    toolbar?.setAttribute('aria-expanded', String(open));
    $('map-toggle').setAttribute('aria-expanded', String(open));
    body.hidden = !open;
    const request = open ? mapRequest(s) : null;
    const key = request && JSON.stringify(request);
    const slot = s.data[s.lesson].map;
    if (open && request && slot?.key !== key) load(s, key, request);
    $('map-status').textContent = open ? status(s, request, slot?.key === key ? slot : null) : '';
    mount.dataset.ready = String(Boolean(open && slot?.key === key && slot.result));
    if (!open || !request || slot?.key !== key || !slot.result || !window.Plotly) return;
    view ??= (await import('../views/convergenceMap.js')).createConvergenceMapView(figure,
      { onPick: ({ lr, value }) => actions.pickFromMap(lr, value) });
    const c = current(s);
    const name = slot.result.hyper_name;
    view.render(slot.result, { lr: c.lr, value: c.hyper?.[name] ?? optimizer(c.optimizer).hyperparameters[name] });
  }

  store.subscribe((kind) => {
    if ([CHANGE.map, CHANGE.lesson, CHANGE.settings, CHANGE.lr].includes(kind) && !frame) {
      frame = requestAnimationFrame(render);
    }
  });
  render();
}
