/**
 * Presenter mode and a teacher's hidden controls, drawn from the state: the page's type (and with
 * it every chart's markers and lines, which plot.js sizes from the type) grows, secondary panels
 * go, and each control named in `hide=` disappears for the students.
 */

import { CHANGE } from '../core/store.js';
import { measureFont } from '../plot/plot.js';

// Where each hideable control lives; the whole labelled `.control` around it goes.
const HIDE_TARGETS = {
  tabs: ['.tabs'], transport: ['.transport'], readout: ['#readout'], toolbar: ['#toolbar'],
  lr: ['#lr-slider'], optimizer: ['#optimizer'], hyper: ['#hyper'], steps: ['#steps'], speed: ['#speed'],
  step: ['#step-slider'], options: ['.lesson .options'], banner: ['#banner'], formula: ['.formula'],
  table: ['.panel-table'],
};
const MARK = 'classroomHidden';  // data-classroom-hidden, styled display: none in classroom.css

function targets(doc, name) {
  return HIDE_TARGETS[name].flatMap((sel) => [...doc.querySelectorAll(sel)])
    .map((el) => (el.matches('input, select') ? el.closest('.control') ?? el : el));
}

/**
 * Hide the controls named in `names`, and the control bar if nothing in it is left. main.js calls
 * it before the first chart, so a link's students never see the controls flash by.
 */
export function hideControls(doc, names) {
  for (const el of doc.querySelectorAll('[data-classroom-hidden]')) delete el.dataset[MARK];
  for (const name of names) for (const el of targets(doc, name)) el.dataset[MARK] = name;
  // a bar whose every control is hidden goes too, not left as an empty strip
  const bar = doc.querySelector('.controls');
  if ([...bar.children].every((el) => el.dataset[MARK] || getComputedStyle(el).display === 'none')) {
    bar.dataset[MARK] = 'empty';
  }
}

export function createPresenter(doc, store, actions, redraw) {
  const root = doc.documentElement;
  let shown = 'presenter' in root.dataset;  // main.js sets it before the first chart when a link asks for it

  function sync() {
    const s = store.state;
    hideControls(doc, s.hide);
    if (s.presenter) root.dataset.presenter = 'on';
    else delete root.dataset.presenter;
    const button = doc.getElementById('btn-presenter');
    button?.setAttribute('aria-pressed', String(s.presenter));
    if (s.presenter === shown) return;
    shown = s.presenter;
    measureFont();  // the charts' sizes follow the new type
    redraw();
  }

  doc.getElementById('btn-presenter')?.addEventListener('click', () => actions.togglePresenter());
  store.subscribe((kind) => { if (kind === CHANGE.presenter || kind === CHANGE.lesson) sync(); });
  sync();
}
