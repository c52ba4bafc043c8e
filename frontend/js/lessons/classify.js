/**
 * The classify lesson on the page, in TensorFlow Playground's layout: data | features | network |
 * output. Data: the four datasets as thumbnails, noise, the train share and the batch size, your own
 * points (click the output, shift-click for class 0, Clear, paste CSV); the activation, loss and
 * regularisation. Features: toggles. Network: + and − for layers and units, every edge labelled with
 * its live weight. Output: the decision picture with the points, the accuracies, train and test loss.
 * The loader fetches the exact data (POST /api/datasets) as this lesson's backdrop.
 */

import { boundsAttrs, choiceTags, escapeHtml, inPanel } from './parts.js';

const DATASETS = ['circle', 'xor', 'gauss', 'spiral'];
const FEATURES = { x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁·x₂', sin_x1: 'sin x₁', sin_x2: 'sin x₂' };
const MAX_LAYERS = 6;  // the engine's bounds on `hidden` (its option's help says them)
const MAX_UNITS = 8;
const NEW_LAYER_UNITS = 2;  // as TensorFlow Playground adds a layer
const MAX_POINTS = 1000;
const DOMAIN = 6;
const THUMB_SAMPLES = 200;  // enough dots to see the shape on a small picture
const DATA_OPTIONS = ['dataset', 'points', 'samples', 'noise', 'train_fraction', 'data_seed'];
const NAMES = { activation: { tanh: 'tanh', relu: 'ReLU', sigmoid: 'sigmoid', linear: 'linear' },
  loss: { mse: 'squared error', bce: 'cross-entropy' }, regularization: { none: 'none', l1: 'L1', l2: 'L2' } };

/** A slider with its number box: `scale` turns the option's value into the slider's (a share into %). */
const slider = (id, label, spec, { scale = 1, step = 1 } = {}) => `
      <div class="control slider-control">
        <label for="classify-${id}">${label}</label>
        <input type="number" id="classify-${id}" class="num" step="${step}" min="${spec.bounds[0] * scale}" max="${spec.bounds[1] * scale}">
        <input type="range" id="classify-${id}-slider" aria-label="${escapeHtml(label)} (slider)" step="${step}" min="${spec.bounds[0] * scale}" max="${spec.bounds[1] * scale}">
      </div>`;

const select = (name, label, spec) => `
      <div class="control">
        <label for="classify-${name}">${label}</label>
        <select id="classify-${name}" title="${escapeHtml(spec.help)}">${choiceTags(spec, NAMES[name])}</select>
      </div>`;

/** The catalog's preset these options are, if any (every option the preset sets has its value). */
const presetOf = (o, list) => list.find((p) => Object.entries(p.options)
  .every(([k, v]) => JSON.stringify(o[k]) === JSON.stringify(v))) ?? null;

const section = ({ options, presets: list }) => `
  <section id="lesson-classify" class="lesson lesson-columns lesson-classify" data-lesson-panel="classify" role="tabpanel" aria-labelledby="tab-classify" hidden>
    <div class="options" aria-label="Data and training settings" role="group">
      <p class="column-title">Data</p>
      <div class="thumbs" role="group" aria-label="Dataset">
        ${DATASETS.map((d) => `<button type="button" class="thumb" data-dataset="${d}" aria-pressed="false" aria-label="Dataset ${d}">
          <canvas width="64" height="64" aria-hidden="true"></canvas><span>${d}</span></button>`).join('')}
      </div>
      <div class="control">
        <label for="classify-preset">Try</label>
        <select id="classify-preset">
          <option value="">(your own)</option>
          ${list.map((p) => `<option value="${escapeHtml(p.id)}" title="${escapeHtml(p.label)}">${escapeHtml(p.label.split(':')[0])}</option>`).join('')}
        </select>
      </div>
      ${slider('noise', 'Noise %', options.noise, { step: 5 })}
      ${slider('ratio', 'Train %', options.train_fraction, { scale: 100, step: 10 })}
      ${slider('batch', 'Batch', options.batch_size)}
      ${select('activation', 'Activation', options.activation)}
      ${select('loss', 'Loss', options.loss)}
      ${select('regularization', 'Penalty', options.regularization)}
      <div class="control">
        <label for="classify-rate">Penalty rate</label>
        <input type="number" id="classify-rate" class="num" step="any" ${boundsAttrs(options.reg_rate)}>
      </div>
      <div class="control buttons">
        <button type="button" id="classify-clear" title="Remove every point, then click to add your own">Clear</button>
        <button type="button" id="classify-paste" aria-expanded="false" aria-controls="classify-csv-form">Paste CSV</button>
        <button type="button" data-action="defaults">Defaults</button>
      </div>
      <form id="classify-csv-form" class="csv" novalidate hidden>
        <label for="classify-csv">Points, one per line: x1,x2,label (label 0 or 1, x1 and x2 within ±6)</label>
        <textarea id="classify-csv" class="mono" rows="4" spellcheck="false" aria-describedby="classify-csv-error"></textarea>
        <button type="submit">Use these points</button>
      </form>
      <p id="classify-csv-error" class="inline-error" role="alert" hidden></p>
    </div>
    <div class="panel panel-inputs" role="group" aria-label="Features: the inputs the network sees">
      <p class="column-title">Features</p>
      ${Object.entries(FEATURES).map(([f, label]) => `<button type="button" class="feature" data-feature="${f}" aria-pressed="false" aria-label="Feature ${f}">${label}</button>`).join('')}
    </div>
    <figure class="panel panel-graph">
      <figcaption class="layers">
        <span>Hidden layers</span>
        <button type="button" id="classify-layer-remove" aria-label="Remove a hidden layer">−</button>
        <b id="classify-layer-count" aria-live="polite">0</b>
        <button type="button" id="classify-layer-add" aria-label="Add a hidden layer">+</button>
        <span class="units" id="classify-units" role="group" aria-label="Units per layer"></span>
        <span class="legend"><span class="swatch swatch-pos" aria-hidden="true"></span>w &gt; 0 <span class="swatch swatch-neg" aria-hidden="true"></span>w &lt; 0 · hover a weight for its gradient</span>
      </figcaption>
      <div id="classify-graph" class="chart" role="img" aria-label="The network: features, hidden units with their outputs over the square, the output; edges labelled with weights"></div>
    </figure>
    <figure class="panel panel-map">
      <figcaption>Output · click adds <span class="dot dot-1" aria-label="class 1">●</span>, shift-click <span class="dot dot-0" aria-label="class 0">●</span></figcaption>
      <p id="classify-stats" class="stats">Epoch <b data-part="epoch">0</b> · test accuracy <b data-part="test-accuracy">…</b>
        <span>(train <b data-part="train-accuracy">…</b>)</span></p>
      <div id="classify-boundary" class="chart" role="img" aria-label="The network's output over the square with the training and test points"></div>
    </figure>
    <figure class="panel panel-side1">
      <figcaption>Loss per epoch <span class="swatch swatch-ink" aria-hidden="true"></span>train <b data-part="train-loss">…</b>
        <span class="swatch swatch-neg" aria-hidden="true"></span>test <b data-part="test-loss">…</b></figcaption>
      <div id="classify-loss-chart" class="chart" role="img" aria-label="Training and test loss per epoch"></div>
    </figure>
  </section>`;

/** CSV lines as points, or the first problem in words. */
export function parsePoints(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/^[a-z_]/i.test(l));
  if (!lines.length) return { error: 'no points: write one x1,x2,label per line' };
  if (lines.length > MAX_POINTS) return { error: `${lines.length} points: at most ${MAX_POINTS}` };
  const points = [];
  for (const [n, line] of lines.entries()) {
    const parts = line.split(/[,;\t ]+/);
    const values = parts.map(Number);
    if (parts.length !== 3 || values.some((v) => !Number.isFinite(v))) return { error: `line ${n + 1} (“${line}”): write three numbers, x1,x2,label` };
    if (values[2] !== 0 && values[2] !== 1) return { error: `line ${n + 1}: the label must be 0 or 1, not ${parts[2]}` };
    if (Math.abs(values[0]) > DOMAIN || Math.abs(values[1]) > DOMAIN) return { error: `line ${n + 1}: x1 and x2 must be within ±${DOMAIN}` };
    points.push(values);
  }
  return { points };
}

export default {
  label: 'Classify',
  backdrop: 'dataset',  // the loader fetches the run's exact points
  backdropOptions: DATA_OPTIONS,
  stepName: 'epoch',  // a step is one epoch of minibatches
  speed: 'max',  // as TensorFlow Playground: epochs show as fast as they train
  streamAfterSteps: 0,  // every record holds a heatmap: epochs stream, the first one shows at once
  numbersPerStep: 867,  // the largest network's loss, weights and gradients: a sweep is never asked for
  section,
  preload: viewModules,  // boot.js fetches them at once for a link that opens this lesson (core/prefetch.js)
  async views(el, actions) {
    const [boundary, network, loss, thumbs] = await viewModules();
    const pick = ({ x, y, label }, ctx) => {
      const base = cleared ?? shownPoints(ctx);
      if (!base) return null;  // the data of these settings is still on its way
      const points = [...base, [round(x), round(y), label]];
      if (points.length < 2) cleared = points;  // a cleared picture needs two points before it can run
      else {
        cleared = null;
        actions.setOptions({ dataset: 'points', points });
      }
      return cleared;
    };
    // `plain`: draws before plotly.js has run (app.js), the map on a canvas until then, the rest without Plotly
    const plain = (view) => Object.assign(view, { plain: true });
    return [
      plain(inPanel(el, 'classify-boundary', boundary.createBoundaryView, { onPick: pick, pending: () => cleared })),
      plain(inPanel(el, 'classify-graph', network.createClassifyNetworkView)),
      inPanel(el, 'classify-loss-chart', loss.createClassifyLossView),
      plain(loss.createClassifyStatsView(el)),
      plain(thumbs.createThumbsView(el, DATASETS, THUMB_SAMPLES)),
    ];
  },
  bind(el, actions, options) {
    const $ = (id) => el.querySelector(`#classify-${id}`);
    for (const b of el.querySelectorAll('[data-dataset]')) {
      b.addEventListener('click', () => { cleared = null; actions.setOptions({ dataset: b.dataset.dataset, points: [] }); });
    }
    const number = (id, name, scale = 1) => {
      const commit = (e) => {
        const v = Number(e.target.value) / scale;
        if (e.target.value.trim() !== '' && Number.isFinite(v)) actions.setOption(name, v);
        $(id).value = String(Math.round(options()[name] * scale * 100) / 100);
      };
      $(id).addEventListener('change', commit);
      $(`${id}-slider`).addEventListener('input', (e) => { $(id).value = e.target.value; });
      $(`${id}-slider`).addEventListener('change', commit);
    };
    number('noise', 'noise');
    number('ratio', 'train_fraction', 100);
    number('batch', 'batch_size');
    $('preset').addEventListener('change', (e) => { if (e.target.value) actions.usePreset(e.target.value); });
    for (const name of ['activation', 'loss', 'regularization']) {
      $(name).addEventListener('change', (e) => actions.setOption(name, e.target.value));
    }
    $('rate').addEventListener('change', (e) => {
      const v = Number(e.target.value);
      if (e.target.value.trim() !== '' && Number.isFinite(v)) actions.setOption('reg_rate', v);
      e.target.value = String(options().reg_rate);
    });
    for (const b of el.querySelectorAll('[data-feature]')) {
      b.addEventListener('click', () => {
        const on = new Set(options().features);
        if (on.has(b.dataset.feature)) on.delete(b.dataset.feature);
        else on.add(b.dataset.feature);
        if (on.size) actions.setOption('features', Object.keys(FEATURES).filter((f) => on.has(f)));  // at least one input
      });
    }
    const hidden = () => [...options().hidden];
    $('layer-add').addEventListener('click', () => {
      const h = hidden();
      if (h.length < MAX_LAYERS) actions.setOption('hidden', [...h, NEW_LAYER_UNITS]);
    });
    $('layer-remove').addEventListener('click', () => {
      const h = hidden();
      if (h.length) actions.setOption('hidden', h.slice(0, -1));
    });
    $('units').addEventListener('click', (e) => {
      const b = e.target.closest('button[data-layer]');
      if (!b) return;
      const h = hidden();
      const i = Number(b.dataset.layer);
      const n = h[i] + Number(b.dataset.delta);
      if (n >= 1 && n <= MAX_UNITS) actions.setOption('hidden', h.map((u, j) => (j === i ? n : u)));
    });
    $('clear').addEventListener('click', () => {
      cleared = [];
      el.querySelector('#classify-boundary').dispatchEvent(new CustomEvent('classify-cleared'));
    });
    $('paste').addEventListener('click', () => {
      const form = $('csv-form');
      form.hidden = !form.hidden;
      $('paste').setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) $('csv').focus();
    });
    $('csv-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const { points, error: bad } = parsePoints($('csv').value);
      const error = bad ?? await actions.tryOptions({ dataset: 'points', points });
      $('csv-error').textContent = error ?? '';
      $('csv-error').hidden = !error;
      $('csv').setAttribute('aria-invalid', String(Boolean(error)));
      if (!error) cleared = null;
    });
  },
  sync(el, o, { presets: list }) {
    const $ = (id) => el.querySelector(`#classify-${id}`);
    $('preset').value = presetOf(o, list)?.id ?? '';
    for (const b of el.querySelectorAll('[data-dataset]')) b.setAttribute('aria-pressed', String(b.dataset.dataset === o.dataset));
    for (const b of el.querySelectorAll('[data-feature]')) b.setAttribute('aria-pressed', String(o.features.includes(b.dataset.feature)));
    for (const [id, value] of [['noise', o.noise], ['ratio', Math.round(o.train_fraction * 100)], ['batch', o.batch_size]]) {
      if (el.ownerDocument.activeElement !== $(id)) $(id).value = String(value);
      $(`${id}-slider`).value = String(value);
    }
    for (const name of ['activation', 'loss', 'regularization']) $(name).value = o[name];
    if (el.ownerDocument.activeElement !== $('rate')) $('rate').value = String(o.reg_rate);
    $('layer-count').textContent = String(o.hidden.length);
    $('layer-add').disabled = o.hidden.length >= MAX_LAYERS;
    $('layer-remove').disabled = o.hidden.length === 0;
    const units = o.hidden.map((n, i) => `<span class="unit-count">L${i + 1}
      <button type="button" data-layer="${i}" data-delta="-1" aria-label="Layer ${i + 1}: one unit fewer" ${n <= 1 ? 'disabled' : ''}>−</button>
      <b>${n}</b>
      <button type="button" data-layer="${i}" data-delta="1" aria-label="Layer ${i + 1}: one unit more" ${n >= MAX_UNITS ? 'disabled' : ''}>+</button></span>`).join('');
    if ($('units').dataset.hidden !== o.hidden.join(',')) {  // rebuilt only when the layers change
      $('units').innerHTML = units;
      $('units').dataset.hidden = o.hidden.join(',');
    }
  },
  race: { caption: 'Test loss per epoch, every racer', options: { grid: 2 },
    figure: () => import('../views/race.js').then((m) => m.testLossRaceFigure) },
};

/** Every point the run uses now: your own as you gave them, or a generated set's exact points once they
 *  have arrived for these settings (the backdrop's key is its request's body); null until then. */
function shownPoints({ options: o, dataset }) {
  if (o.dataset === 'points') return o.points;
  const key = JSON.stringify(Object.fromEntries(DATA_OPTIONS.map((n) => [n, o[n]])));
  return dataset?.key === key ? [...dataset.train, ...dataset.test] : null;
}

let modules = null;
/** The views' modules, imported once (boot.js may have started it). */
function viewModules() {
  modules ??= Promise.all([import('../views/classifyBoundary.js'), import('../views/classifyNetwork.js'),
    import('../views/classifyLoss.js'), import('../views/classifyThumbs.js')])
    .catch((err) => { modules = null; throw err; });  // the server was gone: the next call asks again
  return modules;
}

let cleared = null;  // after Clear: the points clicked since, until there are enough to run on

const round = (v) => Math.round(v * 1000) / 1000;  // a clicked point, as a teacher would say it
