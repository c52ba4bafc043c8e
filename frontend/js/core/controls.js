/** The control bar and each lesson's options: DOM events become actions; `sync` shows the state. */

import { LR_NOTCHES, MAX_LR, current, nearestNotch } from './state.js';
import { presetFor } from '../presets.js';
import { timeRedraw } from './perf.js';

export function createControls(doc, store, actions, redrawDrag) {
  const $ = (id) => doc.getElementById(id);
  const on = (id, type, fn) => $(id).addEventListener(type, fn);
  const state = store.state;

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
    const lr = LR_NOTCHES[Number(e.target.value)];
    timeRedraw(() => { if (actions.setLr(lr, false)) redrawDrag(); });
  });
  on('lr-slider', 'change', (e) => actions.setLr(LR_NOTCHES[Number(e.target.value)], true));
  on('lr-value', 'change', (e) => {
    const lr = Number(e.target.value);
    if (lr > 0 && lr <= MAX_LR) actions.setLr(lr, true);
    else e.target.value = String(current(state).lr);  // out of (0, 100]: keep the value in use
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

  // parabola: a typed function, presets, the start x0 and requires_grad
  const fnError = $('function-error');
  async function applyFunction() {
    const error = await actions.tryFunction($('function').value);
    fnError.textContent = error ?? '';
    fnError.hidden = !error;
    $('function').setAttribute('aria-invalid', String(Boolean(error)));
  }
  on('function-form', 'submit', (e) => { e.preventDefault(); applyFunction(); });
  on('preset', 'change', (e) => { if (e.target.value) actions.usePreset(e.target.value); });
  on('x0', 'change', (e) => { actions.setX0(Number(e.target.value)); e.target.value = String(current(state).options.x0); });
  on('requires-grad', 'change', (e) => actions.setOption('requires_grad', e.target.checked));
  // NOT gate and network options
  on('variant', 'change', (e) => actions.setOption('variant', e.target.value));
  on('notgate-init', 'change', (e) => actions.setOption('init', e.target.value));
  on('broadcast-bug', 'change', (e) => actions.setOption('broadcast_bug', e.target.checked));
  on('network-init', 'change', (e) => actions.setOption('init', e.target.value));

  /** Show a value in a typed box, unless someone is typing in it: a run arriving meanwhile must not
   *  overwrite their text (the box shows the value in use again once it is committed). */
  const showTyped = (id, value) => { if (doc.activeElement !== $(id)) $(id).value = value; };

  function syncSettings() {
    const c = current(state);
    tabs.forEach((t) => t.setAttribute('aria-selected', String(t.dataset.lesson === state.lesson)));
    tabs.forEach((t) => { t.tabIndex = t.dataset.lesson === state.lesson ? 0 : -1; });
    const notch = nearestNotch(c.lr);
    $('lr-slider').value = String(notch);
    $('lr-slider').setAttribute('aria-valuetext', `learning rate ${c.lr}`);
    showTyped('lr-value', String(c.lr));
    $('optimizer').value = c.optimizer;
    showTyped('steps', String(c.steps));
    $('speed').value = String(state.speed);
    const o = c.options;
    if (state.lesson === 'parabola') {
      showTyped('function', o.function);
      $('preset').value = presetFor(o.function)?.id ?? '';
      showTyped('x0', String(o.x0));
      $('requires-grad').checked = o.requires_grad !== false;
    } else if (state.lesson === 'not_gate') {
      $('variant').value = o.variant;
      $('notgate-init').value = o.init;
      $('broadcast-bug').checked = o.broadcast_bug;
      $('broadcast-bug').disabled = o.variant !== 'linear';
    } else {
      $('network-init').value = o.init;
    }
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
    slider.setAttribute('aria-valuetext', `step ${state.step} of ${actions.lastStep()}`);
  }

  return {
    sync(kind) {
      if (kind !== 'step' && kind !== 'records' && kind !== 'playing') syncSettings();
      syncPlayback();
    },
  };
}
