/**
 * The NOT gate lesson on the page: its settings (how the neuron is written, its start, the seed's
 * broadcast bug) and its panels: the neuron, σ through the two data points, the loss over (w, b)
 * with the path, w and b per step, the loss per step. The loader fetches the loss landscape.
 */

import { choiceTags, escapeHtml, formulaPanel, inPanel } from './parts.js';

// Words for the catalog's choices; the choices themselves come from the catalog.
const VARIANTS = { tensors: 'raw tensors', module: 'nn.Parameter module', linear: 'nn.Linear' };
const INITS = { seed: 'w = 3, b = 1 (the seed)', random: "random (nn.Linear's init)" };

// the numbers the update panel writes out: raw tensors and nn.Parameter call them w and b, nn.Linear weight and bias
const PARAMS = [{ name: ['w', 'linear.weight'], label: 'w' }, { name: ['b', 'linear.bias'], label: 'b' }];
const detail = (record, ctx, { f32 }) => `loss ${f32(record.loss)} = mean((σ(w·x + b) − y)²) over the two data points`;

const section = ({ options }) => `
  <section id="lesson-not_gate" class="lesson lesson-notgate" data-lesson-panel="not_gate" role="tabpanel" aria-labelledby="tab-not_gate" hidden>
    <div class="options" aria-label="NOT gate settings" role="group">
      <div class="control">
        <label for="variant">Written as</label>
        <select id="variant" title="${escapeHtml(options.variant.help)}">${choiceTags(options.variant, VARIANTS)}</select>
      </div>
      <div class="control">
        <label for="notgate-init">Start</label>
        <select id="notgate-init" title="${escapeHtml(options.init.help)}">${choiceTags(options.init, INITS)}</select>
      </div>
      <div class="control check">
        <input type="checkbox" id="broadcast-bug" aria-describedby="bug-help">
        <label for="broadcast-bug">the seed's broadcast bug</label>
      </div>
      <button type="button" data-action="defaults">Defaults</button>
      <p id="bug-help" class="visually-hidden">nn.Linear predicts shape (2, 1); the seed compares it with a target of shape (2,), so the loss silently becomes (2, 2). Pick nn.Linear to try it.</p>
    </div>
    ${formulaPanel('notgate-formula')}
    <figure class="panel panel-neuron">
      <figcaption>The neuron</figcaption>
      <div id="notgate-neuron" class="chart" role="img" aria-label="The neuron: input x and a constant 1 weighted by w and b, then the sigmoid, giving a"></div>
    </figure>
    <figure class="panel panel-fit">
      <figcaption>σ(w·x + b) and the two data points</figcaption>
      <div id="notgate-fit" class="chart" role="img" aria-label="The sigmoid curve through the two NOT gate data points"></div>
    </figure>
    <figure class="panel panel-landscape">
      <figcaption>Loss over (w, b) and the optimizer's path</figcaption>
      <div id="notgate-landscape" class="chart" role="img" aria-label="Contour map of the loss over w and b with the path taken"></div>
    </figure>
    <figure class="panel panel-params">
      <figcaption>w and b per step</figcaption>
      <div id="notgate-params" class="chart" role="img" aria-label="w and b per step"></div>
    </figure>
    <figure class="panel panel-loss">
      <figcaption>Loss per step</figcaption>
      <div id="notgate-loss" class="chart" role="img" aria-label="Loss per step"></div>
    </figure>
  </section>`;

export default {
  label: 'NOT gate',
  backdrop: 'landscape',  // the loader fetches the loss over (w, b) for the contour
  landscapeOptions: ['variant', 'broadcast_bug'],  // what the landscape depends on (not the start)
  numbersPerStep: 5,  // loss, w, b and their gradients
  section,
  async views(el) {
    const [neuron, fit, landscape, params, loss, formula] = await Promise.all([import('../views/neuron.js'),
      import('../views/sigmoidFit.js'), import('../views/landscape.js'), import('../views/paramsChart.js'),
      import('../views/lossChart.js'), import('../views/formula.js')]);
    return [
      inPanel(el, 'notgate-neuron', neuron.createNeuronView),
      inPanel(el, 'notgate-fit', fit.createSigmoidFitView),
      inPanel(el, 'notgate-landscape', landscape.createLandscapeView, { titles: ['w', 'b'] }),
      inPanel(el, 'notgate-params', params.createParamsChartView, { params: PARAMS }),
      inPanel(el, 'notgate-loss', loss.createLossChartView),
      inPanel(el, 'notgate-formula', formula.createFormulaView, { params: PARAMS, detail }),
    ];
  },
  bind(el, actions) {
    const on = (id, fn) => el.querySelector(`#${id}`).addEventListener('change', fn);
    // the broadcast bug is nn.Linear's: another way of writing the neuron turns it off
    on('variant', (e) => actions.setOptions({ variant: e.target.value,
      ...(e.target.value === 'linear' ? {} : { broadcast_bug: false }) }));
    on('notgate-init', (e) => actions.setOption('init', e.target.value));
    on('broadcast-bug', (e) => actions.setOption('broadcast_bug', e.target.checked));
  },
  sync(el, o) {
    const $ = (id) => el.querySelector(`#${id}`);
    $('variant').value = o.variant;
    $('notgate-init').value = o.init;
    $('broadcast-bug').checked = o.broadcast_bug;
    $('broadcast-bug').disabled = o.variant !== 'linear';
  },
  race: { caption: 'Loss over (w, b) and every racer’s path', titles: ['w', 'b'],
    figure: () => import('../views/race.js').then((m) => m.landscapeRaceFigure) },
};
