/**
 * The control bar and each lesson's options: DOM events become actions; `sync` shows the state.
 * What a control offers (optimizers, bounds) comes from the catalog; each lesson's own options
 * are bound and shown by its module (lessons/).
 */

import { CHANGE } from './store.js';
import { SPEEDS, current, lrNotches, nearestNotch, validLr, writeSpeed } from './state.js';
import { limits, optimizerIds, optimizer, presets } from './catalog.js';
import { timeRedraw } from './perf.js';
import { LESSONS, stepName } from '../lessons/index.js';
import { showTyped } from '../lessons/parts.js';

/** The optimizer <select>, the lr box and the steps box, from the catalog. */
function fillFromCatalog(doc) {
  const select = doc.getElementById('optimizer');
  select.replaceChildren(...optimizerIds().map((id) => Object.assign(doc.createElement('option'),
    { value: id, textContent: optimizer(id).label, title: optimizer(id).title })));
  const lrs = lrNotches();
  doc.getElementById('lr-slider').max = String(lrs.length - 1);
  Object.assign(doc.getElementById('lr-value'), { min: String(lrs[0]), max: String(limits().max_lr) });
  doc.getElementById('lr-help').textContent = `Log scale from ${lrs[0]} to ${limits().max_lr}. Type any value in the box.`;
  doc.getElementById('steps').max = String(limits().max_steps);
  doc.getElementById('speed').replaceChildren(...SPEEDS.map((v) => Object.assign(doc.createElement('option'),
    { value: writeSpeed(v) })));
}

const capital = (word) => word[0].toUpperCase() + word.slice(1);

/** The speed control's choices in the lesson's words: "5 epochs/s", and "max" (as fast as it trains). */
function nameSpeeds(select, unit) {
  if (select.dataset.unit === unit) return;
  select.dataset.unit = unit;
  for (const o of select.options) {
    const n = Number(o.value);
    const max = o.value === writeSpeed(Infinity);  // short: the select is as wide as its longest choice
    o.textContent = max ? 'max' : `${n} ${unit}${n === 1 ? '' : 's'}/s`;
    o.title = max ? `as fast as it trains: each frame shows the newest ${unit}` : '';
  }
}

export function createControls(doc, store, actions, redrawDrag) {
  const $ = (id) => doc.getElementById(id);
  const on = (id, type, fn) => $(id).addEventListener(type, fn);
  const state = store.state;
  fillFromCatalog(doc);
  nameSpeeds($('speed'), stepName(state.lesson));  // named before the first layout: the bar never shifts

  // lesson tabs: click, or arrow keys between them (the WAI-ARIA tabs pattern)
  const tabs = [...doc.querySelectorAll('[role="tab"]')];
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => actions.setLesson(tab.dataset.lesson));
    tab.addEventListener('keydown', (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      actions.setLesson(next.dataset.lesson);
    });
  });

  // the learning rate: dragging redraws from the sweep within the input event; letting go fetches the run
  on('lr-slider', 'input', (e) => {
    const lr = lrNotches()[Number(e.target.value)];
    timeRedraw(() => { if (actions.setLr(lr, false)) redrawDrag(); });
  });
  on('lr-slider', 'change', (e) => actions.setLr(lrNotches()[Number(e.target.value)], true));
  on('lr-value', 'change', (e) => {
    const lr = Number(e.target.value);
    if (validLr(lr)) actions.setLr(lr, true);
    else e.target.value = String(current(state).lr);  // out of (0, max_lr]: keep the value in use
  });

  on('optimizer', 'change', (e) => actions.setOptimizer(e.target.value));
  // a typed box commits on change (Enter, or leaving it), then shows the value in use: a bad one is undone
  on('steps', 'change', (e) => { actions.setSteps(e.target.value); e.target.value = String(current(state).steps); });
  on('speed', 'change', (e) => actions.setSpeed(e.target.value));
  on('btn-play', 'click', () => actions.togglePlay());
  on('btn-back', 'click', () => actions.stepBy(-1));
  on('btn-forward', 'click', () => actions.stepBy(1));
  on('btn-reset', 'click', () => actions.reset());
  on('step-slider', 'input', (e) => { actions.pause(); actions.setStep(Number(e.target.value)); });
  for (const b of doc.querySelectorAll('[data-action="defaults"]')) b.addEventListener('click', () => actions.restoreDefaults());
  on('btn-retry', 'click', () => actions.retry());
  for (const id of Object.keys(state.lessons)) {
    LESSONS[id].bind($(`lesson-${id}`), actions, () => state.lessons[id].options);
  }

  function syncSettings() {
    const c = current(state);
    tabs.forEach((t) => t.setAttribute('aria-selected', String(t.dataset.lesson === state.lesson)));
    tabs.forEach((t) => { t.tabIndex = t.dataset.lesson === state.lesson ? 0 : -1; });
    const notch = nearestNotch(c.lr);
    $('lr-slider').value = String(notch);
    $('lr-slider').setAttribute('aria-valuetext', `learning rate ${c.lr}`);
    showTyped($('lr-value'), String(c.lr));
    $('optimizer').value = c.optimizer;
    showTyped($('steps'), String(c.steps));
    const unit = stepName(state.lesson);
    nameSpeeds($('speed'), unit);
    $('speed').value = writeSpeed(state.speed);
    const scrub = doc.querySelector('label[for="step-slider"]');
    if (scrub.textContent !== capital(unit)) scrub.textContent = capital(unit);
    LESSONS[state.lesson].sync($(`lesson-${state.lesson}`), c.options, { presets: presets(state.lesson) });
  }

  function syncPlayback() {
    const play = $('btn-play');
    play.setAttribute('aria-pressed', String(state.playing));
    play.querySelector('[data-part="label"]').textContent = state.playing ? 'Pause' : 'Play';
    play.querySelector('[data-part="icon"]').textContent = state.playing ? '❚❚' : '▶';
    $('readout').setAttribute('aria-live', state.playing ? 'off' : 'polite');
    const slider = $('step-slider');
    slider.max = String(actions.lastStep());
    slider.value = String(state.step);
    slider.setAttribute('aria-valuetext', `${stepName(state.lesson)} ${state.step} of ${actions.lastStep()}`);
  }

  const PLAYBACK_ONLY = new Set([CHANGE.step, CHANGE.records, CHANGE.playing]);
  return {
    /** Show the state after a change of `kind` (null: everything). */
    sync(kind = null) {
      if (!PLAYBACK_ONLY.has(kind)) syncSettings();
      syncPlayback();
    },
  };
}
