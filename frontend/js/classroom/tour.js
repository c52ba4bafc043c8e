/**
 * The guided tour's panel beside the views: the step's title and text, written from the records
 * torch sent for the step's settings (tourSteps.js), previous/next buttons, and a way back to the
 * step's settings when someone has changed them. The step itself lives in the state (and the URL).
 */

import * as api from '../core/api.js';
import { CHANGE } from '../core/store.js';
import { current, runKey, runRequest } from '../core/state.js';
import { TOUR, stepSettings } from './tourSteps.js';
import { LESSONS } from '../lessons/index.js';
const TEMPLATE = `
  <div class="side-head">
    <p class="tour-count" data-part="count"></p>
    <button type="button" data-part="close" aria-label="Close the tour">✕</button>
  </div>
  <h2 id="tour-title" class="tour-title" data-part="title"></h2>
  <div class="tour-text" data-part="text" aria-live="polite"></div>
  <p class="tour-changed" data-part="changed" hidden>You changed this step's settings; the numbers above are yours.
    <button type="button" data-part="restore">Back to the tour's settings</button></p>
  <div class="tour-nav">
    <button type="button" id="tour-prev" aria-keyshortcuts="Shift+N PageUp">← Previous</button>
    <button type="button" id="tour-next" class="primary" aria-keyshortcuts="N PageDown">Next →</button>
  </div>`;

function segment(doc, part) {
  if (typeof part === 'string') return doc.createTextNode(part);
  if (part.code) return Object.assign(doc.createElement('code'), { textContent: part.code });
  const el = doc.createElement(part.quote ? 'blockquote' : 'strong');
  el.className = part.quote ? 'tour-quote' : 'tour-num';
  el.dataset.num = part.num ?? part.quote;
  el.textContent = part.text;
  return el;
}

export function createTour(panel, store, actions, doc = document) {
  panel.innerHTML = TEMPLATE;
  const part = (name) => panel.querySelector(`[data-part="${name}"]`);
  const compared = new Map();  // request key -> a second run a step compares with (the broadcast bug)
  let frame = 0;

  function compareRun(step) {
    if (!step.compare) return null;
    const req = runRequest(step.lesson, stepSettings({ lesson: step.lesson, settings: step.compare }));
    const key = JSON.stringify(req);
    if (!compared.has(key)) {
      compared.set(key, null);
      api.run(req).then((result) => { compared.set(key, result); schedule(); }, () => compared.delete(key));
    }
    return compared.get(key);
  }

  /** The records of the settings shown, once the full run (with gradients and extras) is in. */
  function liveRun(s) {
    const d = s.data[s.lesson];
    return d.complete && d.summary && d.runKey === runKey(s.lesson, current(s)) ? d : null;
  }

  /** The step's paragraphs for the state shown, or null while torch is still computing them. */
  function paragraphsFor(s, step) {
    if (s.lesson !== step.lesson) return [[`This step is about the ${LESSONS[step.lesson]?.label ?? step.lesson} lesson.`]];
    const run = liveRun(s);
    const compare = compareRun(step);
    if (!run || (step.compare && !compare)) return null;
    try {
      return step.text({ records: run.records, summary: run.summary, compare, lr: current(s).lr });
    } catch {
      return [['With these settings the run stops before the numbers this step explains.']];
    }
  }

  function render() {
    frame = 0;
    const s = store.state;
    const step = TOUR[s.tour];
    if (!step) return;
    part('count').textContent = `Tour · step ${s.tour + 1} of ${TOUR.length}`;
    part('title').textContent = step.title;
    doc.getElementById('tour-prev').disabled = s.tour === 0;
    doc.getElementById('tour-next').disabled = s.tour === TOUR.length - 1;
    const onStep = s.lesson === step.lesson;
    part('changed').hidden = onStep && runKey(s.lesson, current(s)) === runKey(step.lesson, stepSettings(step));
    const paragraphs = paragraphsFor(s, step);
    const text = part('text');
    if (!paragraphs) {
      text.replaceChildren(Object.assign(doc.createElement('p'), { textContent: 'torch is computing…' }));
      delete panel.dataset.ready;
      return;
    }
    text.replaceChildren(...paragraphs.map((pieces) => {
      const para = doc.createElement('p');
      para.append(...pieces.map((piece) => segment(doc, piece)));
      return para;
    }));
    panel.dataset.ready = onStep ? String(s.tour) : 'elsewhere';
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  part('close').addEventListener('click', () => actions.closeTour());
  part('restore').addEventListener('click', () => actions.tourGo(store.state.tour));
  doc.getElementById('tour-prev').addEventListener('click', () => actions.tourPrev());
  doc.getElementById('tour-next').addEventListener('click', () => actions.tourNext());
  doc.getElementById('btn-tour')?.addEventListener('click', () => actions.toggleTour());

  store.subscribe((kind) => {
    const open = store.state.tour !== null && TOUR[store.state.tour] !== undefined;
    panel.hidden = !open;
    doc.getElementById('btn-tour')?.setAttribute('aria-pressed', String(open));
    if (open && kind !== CHANGE.step && kind !== CHANGE.playing) schedule();
  });
  panel.hidden = store.state.tour === null;
  // a link that names only a tour step (#tour=3) opens it with that step's settings
  if (store.state.tour !== null && !new URLSearchParams(location.hash.slice(1)).has('lesson')) {
    actions.tourGo(store.state.tour);
  }
  schedule();
}
