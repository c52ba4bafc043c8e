/**
 * The optimizer's hyperparameters (momentum, Adam's betas…): a small button beside the optimizer
 * that opens one number box per hyperparameter, with torch's default, its bounds and the API's help,
 * all from the catalog.
 */

import { CHANGE } from '../core/store.js';
import { current } from '../core/state.js';
import { hyperNames, optimizer } from '../core/catalog.js';
import { short } from '../core/format.js';

const TEMPLATE = `
  <button type="button" id="btn-hyper" aria-expanded="false" aria-controls="hyper-panel"
    aria-label="Hyperparameters"><span aria-hidden="true">⚙</span><span data-part="summary"></span></button>
  <div id="hyper-panel" class="popover hyper-panel" role="group" aria-labelledby="hyper-title" hidden>
    <p class="popover-title" id="hyper-title"></p>
    <div class="hyper-fields" data-part="fields"></div>
    <button type="button" data-part="defaults">torch's defaults</button>
  </div>`;

export function createHyper(mount, store, actions, doc = document) {
  mount.innerHTML = TEMPLATE;
  const button = doc.getElementById('btn-hyper');
  const panel = doc.getElementById('hyper-panel');
  const fields = panel.querySelector('[data-part="fields"]');
  let built = null;  // the optimizer whose boxes are on screen

  function build() {
    const c = current(store.state);
    const o = optimizer(c.optimizer);
    built = c.optimizer;
    panel.querySelector('.popover-title').textContent = `${o.title}: hyperparameters`;
    fields.replaceChildren(...Object.entries(o.hyperparameters).map(([name, fallback]) => {
      const label = Object.assign(doc.createElement('label'), { className: 'hyper-field', title: o.help[name] ?? '' });
      const box = Object.assign(doc.createElement('input'), { type: 'number', step: 'any', className: 'num' });
      const [lo, hi] = o.bounds?.[name] ?? [];
      if (lo !== undefined) Object.assign(box, { min: String(lo), max: String(hi) });
      Object.assign(box.dataset, { hyper: name, fallback: String(fallback) });
      box.addEventListener('change', () => {
        const v = box.value.trim() === '' ? fallback : Number(box.value);
        actions.setHyper(name, v === fallback ? null : v);
      });
      label.append(Object.assign(doc.createElement('span'), { className: 'mono', textContent: name }), box,
        Object.assign(doc.createElement('small'), { textContent: o.help[name] ?? '' }));
      return label;
    }));
    fill();
  }

  function fill() {
    const hyper = current(store.state).hyper ?? {};
    for (const box of fields.querySelectorAll('[data-hyper]')) {
      if (doc.activeElement !== box) box.value = String(hyper[box.dataset.hyper] ?? box.dataset.fallback);
    }
  }

  function sync() {
    const c = current(store.state);
    const names = hyperNames(c.optimizer);
    const set = Object.entries(c.hyper ?? {});
    button.disabled = names.length === 0;
    button.title = names.length ? 'Hyperparameters of the optimizer' : `${c.optimizer} has no hyperparameters besides lr`;
    // the bar has no room for the values: a count, and the values in the tooltip and the panel
    button.querySelector('[data-part="summary"]').textContent = set.length ? String(set.length) : '';
    const values = set.map(([n, v]) => `${n} ${short(v)}`).join(', ');
    button.setAttribute('aria-label', `Hyperparameters: ${values || "torch's defaults"}`);
    if (set.length) button.title = `Hyperparameters: ${values}`;
    if (names.length === 0) open(false);
    if (!panel.hidden && built !== c.optimizer) build();
    else if (!panel.hidden) fill();
  }

  function open(show) {
    panel.hidden = !show;
    button.setAttribute('aria-expanded', String(show));
    if (show) build();
  }

  button.addEventListener('click', () => open(panel.hidden));
  doc.addEventListener('pointerdown', (e) => { if (!panel.hidden && !mount.contains(e.target)) open(false); });
  panel.querySelector('[data-part="defaults"]').addEventListener('click', () => {
    actions.setOptimizer(current(store.state).optimizer);  // the same optimizer, from torch's defaults
  });
  store.subscribe((kind) => { if (kind === CHANGE.settings || kind === CHANGE.lesson) sync(); });
  sync();
  return {
    /** Esc: close the panel if it is open; true if it was. */
    close() {
      if (panel.hidden) return false;
      open(false);
      button.focus();
      return true;
    },
  };
}
