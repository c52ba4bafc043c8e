/**
 * The network lesson on the page: its setting (the seed's weights or random ones) and its panels:
 * the 2-3-1 graph with live weights on its edges and dead ReLUs marked, and the loss per step.
 */

import { choiceTags, escapeHtml, formulaPanel, inPanel } from './parts.js';

const INITS = { seed: "the seed's hand-set weights", random: "random (nn.Linear's init)" };

// the weights the update panel can write out, by torch name and element (h₁ is hidden unit 0)
const PARAMS = [
  { name: 'linear2.weight', index: [0, 0], label: 'w h₁→ŷ' },
  { name: 'linear1.weight', index: [0, 0], label: 'w x₁→h₁' },
  { name: 'linear2.bias', index: [0], label: 'b ŷ' },
];
const detail = (record, ctx, { f32 }) => `loss ${f32(record.loss)} = (ŷ − target)²`;

const section = ({ options }) => `
  <section id="lesson-network" class="lesson lesson-network" data-lesson-panel="network" role="tabpanel" aria-labelledby="tab-network" hidden>
    <div class="options" aria-label="Network settings" role="group">
      <div class="control">
        <label for="network-init">Weights</label>
        <select id="network-init" title="${escapeHtml(options.init.help)}">${choiceTags(options.init, INITS)}</select>
      </div>
      <button type="button" data-action="defaults">Defaults</button>
    </div>
    ${formulaPanel('network-formula')}
    <figure class="panel panel-graph">
      <figcaption>The 2-3-1 network <span class="legend"><span class="swatch swatch-pos" aria-hidden="true"></span> weight &gt; 0 <span class="swatch swatch-neg" aria-hidden="true"></span> weight &lt; 0 · thicker = larger <span class="swatch swatch-dead" aria-hidden="true"></span> dead ReLU (hover it)</span></figcaption>
      <div id="network-graph" class="chart" role="img" aria-label="The network graph: two inputs, three hidden ReLU units and one output, edges labelled with weights"></div>
    </figure>
    <figure class="panel panel-loss">
      <figcaption>Loss per step</figcaption>
      <div id="network-loss" class="chart" role="img" aria-label="Loss per step"></div>
    </figure>
  </section>`;

export default {
  label: 'Network',
  backdrop: null,
  numbersPerStep: 27,  // loss, 13 weights and biases, their 13 gradients
  section,
  async views(el) {
    const [graph, loss, formula] = await Promise.all([import('../views/network.js'), import('../views/lossChart.js'),
      import('../views/formula.js')]);
    return [inPanel(el, 'network-graph', graph.createNetworkView), inPanel(el, 'network-loss', loss.createLossChartView),
      inPanel(el, 'network-formula', formula.createFormulaView, { params: PARAMS, detail })];
  },
  bind(el, actions) {
    el.querySelector('#network-init').addEventListener('change', (e) => actions.setOption('init', e.target.value));
  },
  sync(el, o) {
    el.querySelector('#network-init').value = o.init;
  },
  race: { caption: 'The network’s output ŷ per step, and its target',
    figure: () => import('../views/race.js').then((m) => m.outputRaceFigure) },
};
