/**
 * Shareable links: the "Link" panel (the URL of exactly this view, a copy button, presenter mode
 * and the controls to hide for students), and the other direction: a hash edited by hand, or
 * back/forward, puts the page in the state it names.
 */

import { CHANGE } from '../core/store.js';
import { toHash } from '../core/urlState.js';
import { HIDEABLE } from './state.js';
import { copyText } from './clipboard.js';

const HIDE_LABELS = {
  tabs: 'lesson tabs', transport: 'play buttons', readout: 'step readout', toolbar: 'this toolbar',
  lr: 'learning rate', optimizer: 'optimizer', hyper: 'hyperparameters', steps: 'steps', speed: 'speed',
  step: 'step slider', options: 'lesson settings', banner: 'banner', formula: 'update formula', table: 'step table',
};
const TEMPLATE = `
  <p class="popover-title" id="share-title">A link to exactly this view</p>
  <div class="share-row">
    <label class="visually-hidden" for="share-url">Link</label>
    <input type="text" id="share-url" class="mono" readonly spellcheck="false">
    <button type="button" id="share-copy" class="primary">Copy link</button>
  </div>
  <p id="share-status" class="share-status" role="status"></p>
  <fieldset class="share-hide">
    <legend>For students: hide</legend>
    <div data-part="hide"></div>
  </fieldset>
  <label class="check"><input type="checkbox" id="share-presenter"> presenter mode (P)</label>`;

export function createShare(doc, store, actions) {
  const button = doc.getElementById('btn-share');
  const panel = doc.createElement('div');
  Object.assign(panel, { id: 'share-panel', className: 'popover share', hidden: true, innerHTML: TEMPLATE });
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-labelledby', 'share-title');
  doc.getElementById('toolbar').append(panel);  // beside the menu, not in it: it stays open when the menu closes
  const $ = (id) => doc.getElementById(id);
  const field = $('share-url');
  const status = $('share-status');
  panel.querySelector('[data-part="hide"]').append(...HIDEABLE.map((name) => {
    const label = Object.assign(doc.createElement('label'), { className: 'check' });
    const box = Object.assign(doc.createElement('input'), { type: 'checkbox', value: name });
    box.dataset.hide = name;
    box.addEventListener('change', () => actions.setHidden(name, box.checked));
    label.append(box, ` ${HIDE_LABELS[name]}`);
    return label;
  }));
  $('share-presenter').addEventListener('change', (e) => actions.setPresenter(e.target.checked));

  const link = () => `${location.origin}${location.pathname}${toHash(store.state)}`;

  function sync() {
    const s = store.state;
    field.value = link();
    for (const box of panel.querySelectorAll('[data-hide]')) box.checked = s.hide.includes(box.dataset.hide);
    $('share-presenter').checked = s.presenter;
  }

  async function copy() {
    sync();
    const copied = await copyText(field.value, field);
    status.textContent = copied ? 'Copied: paste it anywhere.' : 'Selected: press Ctrl+C (⌘C) to copy.';
    panel.dataset.copied = String(copied);
  }

  function open(show) {
    panel.hidden = !show;
    button.setAttribute('aria-expanded', String(show));
    if (show) sync();
    else status.textContent = '';
  }

  button.addEventListener('click', () => {
    open(panel.hidden);
    if (!panel.hidden) copy();
  });
  $('share-copy').addEventListener('click', copy);
  doc.addEventListener('pointerdown', (e) => { if (!panel.hidden && !e.target.closest('#toolbar')) open(false); });
  store.subscribe((kind) => { if (!panel.hidden && kind !== CHANGE.records) sync(); });
  // back/forward between entries the page rewrote (history.replaceState) fire popstate but not always hashchange
  const follow = () => { if (location.hash !== toHash(store.state)) actions.applyHash(location.hash); };
  window.addEventListener('hashchange', follow);
  window.addEventListener('popstate', follow);

  return {
    /** The L key: open the panel with the link copied (or selected). */
    share() {
      open(true);
      return copy();
    },
    /** Esc: close the panel if it is open; true if it was. */
    close() {
      if (panel.hidden) return false;
      open(false);
      doc.getElementById('btn-classroom').focus();
      return true;
    },
  };
}
