/**
 * A student's side of a live class: the banner ("Following class ACD 3479 · Explore on my own",
 * or "Rejoin"), and the question card: a number box (and on the parabola a marker to drag along
 * the curve) or one button per sign, then whether the answer was close once the teacher reveals.
 * Only the server's fixed text and numbers are shown, always as text.
 */

import { CHANGE } from '../core/store.js';
import { short } from '../core/format.js';
import { axis, dataAt, draw, em, layout, lw } from '../plot/plot.js';
import { INK, OKABE_ITO, POINT } from '../plot/palette.js';
import { spaced } from './joinDialog.js';

const BANNER = `
  <p class="live-banner-text" data-part="text"></p>
  <button type="button" data-part="toggle"></button>`;
const CARD = `
  <p class="live-question-text" id="live-card-title" data-part="text"></p>
  <div class="chart live-drag" data-part="drag" role="img" aria-label="Drag the marker along the curve to your answer" hidden></div>
  <form class="live-answer-number" data-part="number" hidden>
    <label for="live-answer">Your answer</label>
    <input type="number" id="live-answer" class="num" step="any" inputmode="decimal" required>
    <button type="submit" class="primary">Send</button>
  </form>
  <div class="live-answer-sign" data-part="sign" role="group" aria-label="Your answer" hidden></div>
  <p class="live-feedback" data-part="feedback" role="status"></p>`;
const TRUTH = OKABE_ITO.green;
const SIGN_GLYPHS = { down: '↓ ', up: '↑ ', 'no change': '= ' };

export function createStudentCard(doc, store, actions, ui) {
  const banner = Object.assign(doc.createElement('div'), { id: 'live-banner', className: 'live-banner', innerHTML: BANNER, hidden: true });
  banner.setAttribute('role', 'region');
  banner.setAttribute('aria-label', 'Live class');
  doc.querySelector('.topbar').after(banner);
  const card = Object.assign(doc.createElement('section'), { id: 'live-card', className: 'live-card', innerHTML: CARD, hidden: true });
  card.setAttribute('aria-labelledby', 'live-card-title');
  doc.body.append(card);
  const b = (name) => banner.querySelector(`[data-part="${name}"]`);
  const c = (name) => card.querySelector(`[data-part="${name}"]`);
  const box = doc.getElementById('live-answer');
  let shownQuestion = null;
  let draft = null;  // the marker's value before it is sent

  function renderBanner(live) {
    banner.hidden = live?.role !== 'student';
    if (banner.hidden) return;
    const code = spaced(live.code);
    banner.dataset.following = String(live.following);
    if (live.ended) {
      b('text').textContent = `Class ${code} has ended. The page is yours.`;
      b('toggle').textContent = 'Close';
    } else {
      b('text').textContent = live.following ? `Following class ${code}` : `Exploring on your own · class ${code}`;
      b('toggle').textContent = live.following ? 'Explore on my own' : 'Rejoin';
    }
  }

  /** The curve of the parabola with a marker at the answer, for next_x on the parabola. */
  function dragCurve(q) {
    const curve = store.state.data.parabola?.curve;
    return q.prompt === 'next_x' && store.state.lesson === 'parabola' && curve ? curve : null;
  }

  /** The curve, the student's marker and, once revealed, the true value (a green diamond). */
  function drawMarker(q, curve, value, truth) {
    const yAt = (x) => curve.y[Math.max(0, curve.x.findIndex((v) => v >= x))];
    const marker = (x, color, symbol) => ({ x: [x], y: [yAt(x)], mode: 'markers',
      marker: { color, symbol, size: em(1.4), line: { color: INK, width: lw(1.5) } } });
    draw(c('drag'), [
      { x: curve.x, y: curve.y, mode: 'lines', line: { color: INK, width: lw(2) } },
      marker(value, POINT, 'circle'),
      ...(truth === undefined ? [] : [marker(truth, TRUTH, 'diamond')]),
    ], layout({ margin: { l: em(2.2), r: em(0.6), t: em(0.4), b: em(2) }, xaxis: axis('', { range: q.range }), yaxis: axis('') }));
  }

  function renderCard(live) {
    const q = live?.role === 'student' && !live.ended ? live.question : null;
    card.hidden = !q;
    if (!q) return;
    const fresh = shownQuestion !== q.id;
    shownQuestion = q.id;
    card.dataset.question = String(q.id);
    c('text').textContent = q.text;
    c('number').hidden = q.kind !== 'number';
    c('sign').hidden = q.kind !== 'sign';
    const closed = Boolean(live.reveal);
    for (const el of card.querySelectorAll('input, button')) el.disabled = closed;
    if (fresh) {
      draft = null;
      box.value = '';
      if (q.kind === 'number') Object.assign(box, { min: String(q.range[0]), max: String(q.range[1]) });
      c('sign').replaceChildren(...(q.labels ?? []).map((label, i) => {
        const button = Object.assign(doc.createElement('button'), { type: 'button', textContent: `${SIGN_GLYPHS[label] ?? ''}${label}` });
        button.dataset.value = String(i - 1);
        button.addEventListener('click', () => ui.answer(i - 1));
        return button;
      }));
    }
    for (const button of c('sign').children) button.setAttribute('aria-pressed', String(Number(button.dataset.value) === live.answer));
    const curve = q.kind === 'number' ? dragCurve(q) : null;
    c('drag').hidden = !curve;
    if (curve && window.Plotly) drawMarker(q, curve, draft ?? live.answer ?? (q.range[0] + q.range[1]) / 2, live.reveal?.value);
    c('feedback').textContent = feedback(q, live);
    card.dataset.answered = live.answer === null ? '' : String(live.answer);
  }

  function feedback(q, live) {
    const said = (v) => (q.kind === 'sign' ? q.labels[v + 1] : short(v));
    if (live.reveal) {
      const truth = live.reveal.value;
      if (live.answer === null) return `The answer: ${said(truth)}. You did not answer this one.`;
      if (q.kind === 'sign') return `The answer: ${said(truth)}. ${live.answer === truth ? 'You were right!' : `You said ${said(live.answer)}.`}`;
      const off = Math.abs(live.answer - truth);
      const bin = (q.range[1] - q.range[0]) / q.bins;
      return `The answer: ${said(truth)}. You said ${said(live.answer)}: ${off <= bin ? 'close!' : `off by ${short(off)}.`}`;
    }
    if (live.answer !== null) return `Sent: ${said(live.answer)}. You may change it until the reveal.`;
    return q.kind === 'number' ? `A number from ${short(q.range[0])} to ${short(q.range[1])}.` : '';
  }

  function render() {
    const live = store.state.live;
    renderBanner(live);
    renderCard(live);
    doc.documentElement.dataset.live = live?.role ?? '';
  }

  b('toggle').addEventListener('click', () => {
    const live = store.state.live;
    if (live.ended) actions.setLive(null);
    else actions.setFollowing(!live.following);
  });
  c('number').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = Number(box.value);
    if (box.value.trim() !== '' && Number.isFinite(value)) ui.answer(value);
  });
  // dragging on the curve moves the marker; letting go sends the answer
  let dragging = false;
  const valueAt = (e) => {
    const q = store.state.live?.question;
    const at = dataAt(c('drag'), e);
    return at && q ? Math.min(q.range[1], Math.max(q.range[0], Number(at.x.toPrecision(3)))) : null;
  };
  c('drag').addEventListener('pointerdown', (e) => {
    if (store.state.live?.reveal) return;
    dragging = true;
    c('drag').setPointerCapture(e.pointerId);
    draft = valueAt(e) ?? draft;
    box.value = draft === null ? '' : String(draft);
    render();
  });
  c('drag').addEventListener('pointermove', (e) => {
    if (!dragging) return;
    const v = valueAt(e);
    if (v === null) return;
    draft = v;
    box.value = String(v);
    render();
  });
  c('drag').addEventListener('pointerup', () => {
    if (!dragging) return;
    dragging = false;
    if (draft !== null) ui.answer(draft);
  });
  const KINDS = new Set([CHANGE.live, CHANGE.lesson, CHANGE.context]);
  store.subscribe((kind) => { if (KINDS.has(kind)) render(); });
  render();
  return {
    /** A refused answer: the server's reason, in the card. */
    error(text) { c('feedback').textContent = text; },
  };
}
