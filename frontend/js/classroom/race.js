/**
 * The optimizer race, as a controller: the racers' settings (each an optimizer with its own lr),
 * one POST /api/runs per racer sent together on the lesson's problem, and the race view drawn at
 * the step the page shows (so play, ←/→ and the step slider run the race too).
 */

import * as api from '../core/api.js';
import { CHANGE } from '../core/store.js';
import { current, runRequest, validLr } from '../core/state.js';
import { limits, optimizerIds, optimizerLabel } from '../core/catalog.js';
import { LESSONS } from '../lessons/index.js';
import { MAX_RACERS } from './state.js';
import { finishOrder } from './raceOrder.js';
import { createRaceView, racerStyle } from '../views/race.js';
import { short } from '../core/format.js';

const TEMPLATE = `
  <div class="race-bar" role="group" aria-label="Race settings">
    <p class="race-title">Optimizer race</p>
    <ol class="racers" data-part="racers"></ol>
    <button type="button" data-part="add">+ Racer</button>
    <div class="control">
      <label for="race-rule">Finish</label>
      <select id="race-rule">
        <option value="threshold">first to reach loss ≤</option>
        <option value="final">lowest loss at the end</option>
      </select>
      <input type="number" id="race-threshold" class="num" step="any" min="0" aria-label="Loss threshold">
    </div>
    <button type="button" data-part="close">End race</button>
  </div>
  <figure class="panel race-main"><figcaption data-part="caption"></figcaption>
    <div class="chart" data-part="main" role="img" aria-label="Each racer's path, in its own colour"></div></figure>
  <figure class="panel race-loss"><figcaption>Loss per step, every racer</figcaption>
    <div class="chart" data-part="loss" role="img" aria-label="Every racer's loss per step, overlaid"></div></figure>
  <div class="panel race-standings">
    <p class="race-rule" data-part="rule" aria-live="polite"></p>
    <ol class="race-order" data-part="order"></ol>
    <p class="race-status" data-part="status" role="status"></p>
  </div>`;
const PLOTLY_WAIT_MS = 100;

export const racerLabel = (e) => `${optimizerLabel(e.optimizer)} lr ${short(e.lr)}`;

export function createRace(section, store, actions, doc = document) {
  section.innerHTML = TEMPLATE;
  const part = (name) => section.querySelector(`[data-part="${name}"]`);
  const view = createRaceView(section);
  let controller = null;
  let frame = 0;
  const figures = new Map();  // lesson -> the function that draws its race picture (views/race.js)

  const lessonSettings = (s) => {
    const { lr, optimizer, hyper, ...rest } = current(s);
    return rest;
  };
  const raceKey = (s) => JSON.stringify([s.lesson, lessonSettings(s), s.race.entries]);

  async function load() {
    const s = store.state;
    const key = raceKey(s);
    const lesson = s.lesson;
    if (s.data[lesson].race?.key === key) return;
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    // a lesson may lighten its racers' runs (no heatmap per step): `race.options`
    const options = { ...current(s).options, ...(LESSONS[lesson].race.options ?? {}) };
    const requests = s.race.entries.map((e) => runRequest(lesson, { ...current(s), options, optimizer: e.optimizer, lr: e.lr, hyper: {} }));
    part('status').textContent = `torch is running ${requests.length} optimizers…`;
    try {
      const [results, figure] = await Promise.all([Promise.all(requests.map((req) => api.run(req, signal))),
        LESSONS[lesson].race.figure()]);
      figures.set(lesson, figure);
      store.set(CHANGE.raceData, (st) => { st.data[lesson].race = { key, results }; });
    } catch (err) {
      if (err.name !== 'AbortError') part('status').textContent = `The race could not run: ${err.message}`;
    }
  }

  function racerRow(i) {
    const li = Object.assign(doc.createElement('li'), { className: 'racer' });
    const swatch = Object.assign(doc.createElement('span'), { className: 'race-swatch', textContent: racerStyle(i).glyph });
    swatch.style.color = racerStyle(i).colour;
    swatch.setAttribute('aria-hidden', 'true');
    const select = doc.createElement('select');
    select.setAttribute('aria-label', `Racer ${i + 1}: optimizer`);
    // short names: six racers' boxes share one row or two
    select.append(...optimizerIds().map((value) => Object.assign(doc.createElement('option'), { value, textContent: optimizerLabel(value) })));
    select.addEventListener('change', () => actions.setRacer(i, { optimizer: select.value }));
    const lr = Object.assign(doc.createElement('input'), { type: 'number', className: 'num lr-num', step: 'any',
      min: String(doc.getElementById('lr-value').min), max: String(limits().max_lr) });
    lr.setAttribute('aria-label', `Racer ${i + 1}: learning rate`);
    lr.addEventListener('change', () => {
      const value = Number(lr.value);
      if (validLr(value)) actions.setRacer(i, { lr: value });
      else lr.value = String(store.state.race.entries[i].lr);  // out of (0, max_lr]: keep the lr in use
    });
    const remove = Object.assign(doc.createElement('button'), { type: 'button', textContent: '✕' });
    remove.setAttribute('aria-label', `Remove racer ${i + 1}`);
    remove.addEventListener('click', () => actions.removeRacer(i));
    li.append(swatch, select, lr, remove);
    return li;
  }

  function syncControls() {
    const race = store.state.race;
    const list = part('racers');
    while (list.children.length < race.entries.length) list.append(racerRow(list.children.length));
    while (list.children.length > race.entries.length) list.lastElementChild.remove();
    race.entries.forEach((e, i) => {
      const [select, lr, remove] = list.children[i].querySelectorAll('select, input, button');
      select.value = e.optimizer;
      if (doc.activeElement !== lr) lr.value = String(e.lr);
      remove.disabled = race.entries.length === 1;
    });
    part('add').disabled = race.entries.length >= MAX_RACERS;
    doc.getElementById('race-rule').value = race.rule;
    const threshold = doc.getElementById('race-threshold');
    if (doc.activeElement !== threshold) threshold.value = String(race.threshold);
    threshold.hidden = race.rule !== 'threshold';
    part('caption').textContent = LESSONS[store.state.lesson].race.caption;
  }

  function render() {
    frame = 0;
    const s = store.state;
    const d = s.data[s.lesson];
    const done = s.race && d.race?.key === raceKey(s);
    section.dataset.ready = String(Boolean(done));
    if (done && !window.Plotly) frame = setTimeout(render, PLOTLY_WAIT_MS);  // plotly.js is still loading
    if (!done || !window.Plotly) return;
    const results = d.race.results;
    const last = Math.max(...results.map((r) => r.records.length - 1));
    const k = Math.min(s.step, last);
    const { rule, threshold } = s.race;
    const order = finishOrder(results, rule, threshold, k);
    part('rule').textContent = rule === 'threshold'
      ? `Finish order at step ${k}: first to reach loss ≤ ${short(threshold)}, then the lowest loss.`
      : `Order at step ${k}: lowest loss${k === last ? ' at the end' : ' so far'}.`;
    part('status').textContent = '';
    view.render(results, k, { figure: figures.get(s.lesson), titles: LESSONS[s.lesson].race.titles, curve: d.curve, landscape: d.landscape,
      steps: current(s).steps, options: current(s).options,
      labels: s.race.entries.map(racerLabel), rule, threshold, order });
    Object.assign(section.dataset, { step: String(k), order: order.map((r) => r.index).join(',') });
  }

  function sync(kind) {
    const on = Boolean(store.state.race);
    section.hidden = !on;
    if (on) doc.documentElement.dataset.race = 'on';
    else delete doc.documentElement.dataset.race;
    doc.getElementById('btn-race')?.setAttribute('aria-pressed', String(on));
    if (!on) return;
    if (kind !== CHANGE.step && kind !== CHANGE.raceData) {
      syncControls();
      load();
    }
    if (!frame) frame = requestAnimationFrame(render);  // a rAF id or, while plotly.js loads, a timeout id: both truthy
  }

  part('add').addEventListener('click', () => actions.addRacer());
  part('close').addEventListener('click', () => actions.setRace(false));
  doc.getElementById('race-rule').addEventListener('change', (e) => actions.setFinishRule(e.target.value));
  doc.getElementById('race-threshold').addEventListener('change', (e) => actions.setThreshold(Number(e.target.value)));
  doc.getElementById('btn-race')?.addEventListener('click', () => actions.toggleRace());
  const KINDS = new Set([CHANGE.race, CHANGE.raceData, CHANGE.lesson, CHANGE.settings, CHANGE.step, CHANGE.context,
    CHANGE.presenter]);
  store.subscribe((kind) => { if (KINDS.has(kind)) sync(kind); });
  sync(CHANGE.race);
  return { redraw: () => sync(CHANGE.step) };
}
