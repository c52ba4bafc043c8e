/**
 * The controller: state changes in, redraws out. Views only ever receive records, the
 * step to show and a read-only context; they never fetch and never change the state.
 */

import { CHANGE } from './store.js';
import { current, sweepKey } from './state.js';
import { toHash } from './urlState.js';
import { measureFont } from '../plot/plot.js';
import { timeFrame } from './perf.js';
import { stepName } from '../lessons/index.js';

const HASH_DELAY_MS = 300;  // browsers throttle history updates; a drag writes the URL once it pauses
const SETTLE_MS = 120;  // after the slider stops moving this long, every view is redrawn in full
const REDRAW_KINDS = new Set([CHANGE.lesson, CHANGE.settings, CHANGE.lr, CHANGE.step, CHANGE.records, CHANGE.sweep,
  CHANGE.context, CHANGE.error]);
// fetched data changes no setting: the URL stays as it is
const NOT_IN_URL = new Set([CHANGE.records, CHANGE.sweep, CHANGE.context, CHANGE.raceData, CHANGE.error, CHANGE.gradGraph,
  CHANGE.live]);

export function createApp(store, views, controls, doc = document) {
  let frame = 0;
  let hashTimer = 0;
  let settleTimer = 0;
  const drawn = new Set();  // lessons whose views have all been drawn once

  function context(s) {
    const d = s.data[s.lesson];
    const c = current(s);
    return { lr: c.lr, optimizer: c.optimizer, hyper: c.hyper, steps: c.steps, options: c.options, summary: d.summary,
      complete: d.complete, curve: d.curve, landscape: d.landscape, dataset: d.dataset, error: d.error, source: d.source,
      stepName: stepName(s.lesson) };
  }

  /** What the current lesson shows now, or null when there is nothing to draw yet. */
  function scene() {
    const s = store.state;
    const d = s.data[s.lesson];
    const section = doc.getElementById(`lesson-${s.lesson}`);
    const ctx = context(s);
    views.banner.render(d.records, 0, ctx);
    section.dataset.sweep = d.sweep && d.sweepKey === sweepKey(s.lesson, current(s)) ? 'ready' : 'none';
    // until plotly.js has run only views that need none draw (classify's map, on a canvas until then)
    const early = !window.Plotly;
    const list = (views.lessons[s.lesson] ?? []).filter((view) => !early || view.plain);
    if (!d.records.length || !list.length) {  // (its views may still be loading)
      delete section.dataset.ready;
      return null;
    }
    if (early) delete section.dataset.ready;  // ready: every view drawn
    return { s, d, ctx, section, early, k: Math.min(s.step, d.records.length - 1), list };
  }

  function stopPending() {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    clearTimeout(settleTimer);
  }

  /** Redraw every view of the current lesson. The very first time, the main figure goes alone and
   *  the rest follow a frame later, so a chart is on screen as early as possible. */
  function renderNow() {
    stopPending();
    const now = scene();
    if (!now) return;
    const { s, d, ctx, section, early, k, list } = now;
    const key = early ? `${s.lesson}:early` : s.lesson;
    const first = !drawn.has(key);
    timeFrame(() => {
      for (const view of first ? list.slice(0, 1) : list) view.render(d.records, k, ctx);
      views.readout.render(d.records, k, ctx);
    });
    if (first) {
      drawn.add(key);
      requestAnimationFrame(() => setTimeout(renderNow));
      return;
    }
    if (early) return;
    Object.assign(section.dataset, { ready: d.source, complete: String(d.complete), step: String(k) });
  }

  /**
   * The slider's path, inside one input event: views with a fast path move their drawn traces
   * in place; the rest (tables, graphs of labels) wait until the slider rests, so a drag never
   * queues up full Plotly redraws.
   */
  function renderDrag() {
    stopPending();
    settleTimer = setTimeout(renderNow, SETTLE_MS);
    const now = scene();
    if (!now) return;
    const { d, ctx, k, list } = now;
    for (const view of list) {
      if (view.fast && !view.fast(d.records, k, ctx)) view.render(d.records, k, ctx);
    }
    views.readout.render(d.records, k, ctx);
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
    if (kind === CHANGE.lesson) showLesson();
    if (REDRAW_KINDS.has(kind)) schedule();
    controls.sync(kind);
    if (!NOT_IN_URL.has(kind)) writeHash();
  });

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { measureFont(); schedule(); }, 150);
  });

  showLesson();
  controls.sync();
  return { renderNow, renderDrag, schedule };
}
