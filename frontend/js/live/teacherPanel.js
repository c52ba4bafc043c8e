/**
 * The teacher's live-class panel beside the lesson: the code (and a button for the large join
 * screen), the prompts that fit the step on screen, the live histogram of the answers, Reveal,
 * and End class. It renders from `state.live`; asking and revealing are live.js's.
 */

import { CHANGE } from '../core/store.js';
import { short } from '../core/format.js';
import { createHistogram } from './histogram.js';
import { spaced } from './joinDialog.js';

const TEMPLATE = `
  <div class="side-head">
    <h2 id="live-title">Live class <span class="live-code-small" data-part="code"></span></h2>
    <button type="button" data-part="show">Show code</button>
  </div>
  <p class="live-following" data-part="following"></p>
  <p class="live-status" data-part="status" role="status"></p>
  <div class="live-question" data-part="question" hidden>
    <p class="live-question-text" data-part="text"></p>
    <p class="live-count" data-part="count" aria-live="polite"></p>
    <div class="chart live-histogram" data-part="histogram" role="img" aria-label="Histogram of the class's answers"></div>
    <p class="live-truth" data-part="truth" aria-live="polite"></p>
    <button type="button" class="primary" data-part="reveal">Reveal: run the step</button>
  </div>
  <div class="live-ask">
    <label for="live-prompt">Ask the class</label>
    <div class="share-row">
      <select id="live-prompt" data-part="prompt"></select>
      <button type="button" data-part="ask">Ask</button>
    </div>
  </div>
  <button type="button" data-part="end">End class</button>`;

export function createTeacherPanel(panel, store, ui, doc = document) {
  panel.innerHTML = TEMPLATE;
  const part = (name) => panel.querySelector(`[data-part="${name}"]`);
  const histogram = createHistogram(part('histogram'));
  let promptsShown = '';

  function renderPrompts() {
    const prompts = ui.prompts();
    const key = prompts.map((p) => p.id).join();
    if (key === promptsShown) return;
    promptsShown = key;
    const select = part('prompt');
    const chosen = select.value;
    select.replaceChildren(...prompts.map((p) => Object.assign(doc.createElement('option'), { value: p.id, textContent: p.label })));
    if (prompts.some((p) => p.id === chosen)) select.value = chosen;
    part('ask').disabled = !prompts.length;
  }

  function render(kind) {
    const live = store.state.live;
    panel.hidden = live?.role !== 'teacher';
    if (panel.hidden) return;
    part('code').textContent = spaced(live.code);
    part('code').dataset.code = live.code;
    renderPrompts();
    // the projector's own stream counts as one follower
    const others = live.students === null ? null : Math.max(0, live.students - 1);
    part('following').textContent = others === null ? '' : `${others} ${others === 1 ? 'device follows' : 'devices follow'}`;
    panel.dataset.following = others === null ? '' : String(others);
    const q = live.question;
    part('question').hidden = !q;
    if (!q) return;
    part('text').textContent = q.text;
    part('count').textContent = `${live.n} ${live.n === 1 ? 'answer' : 'answers'}`;
    panel.dataset.answers = String(live.n);
    part('reveal').hidden = Boolean(live.reveal);  // the truth takes its place
    const r = live.reveal;
    part('truth').textContent = r ? `The true value: ${q.kind === 'sign' ? q.labels[r.value + 1] : short(r.value)}` : '';
    panel.dataset.revealed = r ? String(r.value) : '';
    if (kind === CHANGE.live || kind === CHANGE.presenter || kind === undefined) histogram.render(q, live.counts, r);
  }

  part('show').addEventListener('click', () => ui.showCode());
  part('ask').addEventListener('click', () => {
    const prompt = ui.prompts().find((p) => p.id === part('prompt').value);
    if (prompt) ui.ask(prompt);
  });
  part('reveal').addEventListener('click', () => ui.reveal());
  part('end').addEventListener('click', () => ui.end());
  const KINDS = new Set([CHANGE.live, CHANGE.lesson, CHANGE.records, CHANGE.step, CHANGE.presenter]);
  store.subscribe((kind) => { if (KINDS.has(kind)) render(kind); });
  render();
  return {
    /** A message under the title (a refusal, a lost connection); '' clears it. */
    status(text) { part('status').textContent = text; },
  };
}
