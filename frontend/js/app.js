/**
 * The controller: state changes in, redraws out. Views only ever receive records, the
 * step to show and a read-only context; they never fetch and never change the state.
 */

import { current, sweepKey, toHash } from './state.js';
import { measureFont } from './plot.js';

const HASH_DELAY_MS = 300;  // browsers throttle history updates; a drag writes the URL once it pauses
const REDRAW_KINDS = new Set(['lesson', 'settings', 'lr', 'step', 'records', 'sweep', 'context', 'error']);

export function createApp(store, views, controls, doc = document) {
  let frame = 0;
  let hashTimer = 0;

  function context(s) {
    const d = s.data[s.lesson];
    const c = current(s);
    return { lr: c.lr, optimizer: c.optimizer, steps: c.steps, options: c.options, summary: d.summary,
      complete: d.complete, curve: d.curve, landscape: d.landscape, error: d.error, source: d.source };
  }

  /** Redraw the current lesson now (the slider path calls this directly, to draw in the same frame). */
  function renderNow() {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    const s = store.state;
    const d = s.data[s.lesson];
    const ctx = context(s);
    views.banner.render(d.records, 0, ctx);
    const section = doc.getElementById(`lesson-${s.lesson}`);
    section.dataset.sweep = d.sweep && d.sweepKey === sweepKey(s.lesson, current(s)) ? 'ready' : 'none';
    if (!d.records.length || !window.Plotly) {
      delete section.dataset.ready;
      return;
    }
    const k = Math.min(s.step, d.records.length - 1);
    for (const view of views.lessons[s.lesson]) view.render(d.records, k, ctx);
    views.readout.render(d.records, k, ctx);
    section.dataset.ready = d.source;
    section.dataset.complete = String(d.complete);
    section.dataset.step = String(k);
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(renderNow);
  }

  function showLesson() {
    for (const section of doc.querySelectorAll('[data-lesson-panel]')) {
      section.hidden = section.dataset.lessonPanel !== store.state.lesson;
    }
  }

  function writeHash() {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => history.replaceState(null, '', toHash(store.state)), HASH_DELAY_MS);
  }

  store.subscribe((kind) => {
    if (kind === 'lesson') showLesson();
    if (REDRAW_KINDS.has(kind)) schedule();
    controls.sync(kind);
    if (kind !== 'records' && kind !== 'sweep' && kind !== 'context') writeHash();
  });

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { measureFont(); schedule(); }, 150);
  });

  showLesson();
  controls.sync('all');
  return { renderNow, schedule };
}
