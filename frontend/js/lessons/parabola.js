/**
 * The parabola lesson on the page: its settings (a typed f(x), the catalog's presets, the start x₀,
 * requires_grad) and its panels: the curve with the descending point, the update written out, the
 * loss per step and the seed's printout as a table. The loader fetches the curve behind the records.
 */

import { bindFunctionControls, boundsAttrs, escapeHtml, formulaPanel, functionControls, inPanel, showTyped } from './parts.js';

/** Under the update: the seed's own numbers, f(x) and the gradient autograd gave. */
function detail(record, ctx, { f32, scalar }) {
  const x = f32(scalar(record.params.x));
  const g = record.grads ? scalar(record.grads.x) : undefined;
  const gText = g === null || ctx.options?.requires_grad === false ? 'None' : g === undefined ? '…' : f32(g);
  return `f(${x}) = ${f32(record.loss)}   ·   f′(${x}) = ${gText}  (x.grad after y.backward())`;
}

const section = ({ options, presets, limits }) => `
  <section id="lesson-parabola" class="lesson lesson-parabola" data-lesson-panel="parabola" role="tabpanel" aria-labelledby="tab-parabola" hidden>
    <div class="options" aria-label="Parabola settings" role="group">
${functionControls('', 'f(x)', presets, limits)}
      <div class="control">
        <label for="x0">Start x₀</label>
        <input type="number" id="x0" class="num" step="any" ${boundsAttrs(options.x0)}>
      </div>
      <div class="control check">
        <input type="checkbox" id="requires-grad" title="${escapeHtml(options.requires_grad.help)}">
        <label for="requires-grad" class="mono">requires_grad</label>
      </div>
      <button type="button" data-action="defaults">Defaults</button>
      <p id="function-help" class="visually-hidden">${escapeHtml(options.function.help)}. Click the curve to start there.</p>
      <p id="function-error" class="inline-error" role="alert" hidden></p>
    </div>
    ${formulaPanel('parabola-formula')}
    <figure class="panel panel-curve">
      <figcaption>f(x) and the point gradient descent moves · click the curve to start there</figcaption>
      <div id="parabola-curve" class="chart" role="img" aria-label="The function's curve, the optimizer's point on it, its trail and the tangent line"></div>
    </figure>
    <figure class="panel panel-loss">
      <figcaption>Loss per step</figcaption>
      <div id="parabola-loss" class="chart" role="img" aria-label="Loss per step"></div>
    </figure>
    <figure id="parabola-table" class="panel panel-table">
      <figcaption>Every step, as the seed's loop prints it</figcaption>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Step table">
        <table>
          <thead><tr><th scope="col">step</th><th scope="col">x</th><th scope="col">f(x)</th><th scope="col">f′(x)</th><th scope="col">x after</th></tr></thead>
          <tbody></tbody>
        </table>
      </div>
    </figure>
  </section>`;

export default {
  label: 'Parabola',
  backdrop: 'curve',  // the loader fetches f(x) over the x range for the figure
  numbersPerStep: 3,  // loss, x and its gradient: the sweep's size per step and notch
  section,
  async views(el, actions) {
    const [curve, formula, loss, table] = await Promise.all([import('../views/parabola.js'),
      import('../views/formula.js'), import('../views/lossChart.js'), import('../views/stepTable.js')]);
    return [
      inPanel(el, 'parabola-curve', curve.createParabolaView, { onPickX0: (x) => actions.setX0(x) }),
      inPanel(el, 'parabola-formula', formula.createFormulaView, { params: [{ name: 'x' }], detail }),
      inPanel(el, 'parabola-loss', loss.createLossChartView),
      inPanel(el, 'parabola-table', table.createStepTableView),
    ];
  },
  bind(el, actions, options) {
    const $ = (id) => el.querySelector(`#${id}`);
    bindFunctionControls(el, '', actions);
    // a typed box commits on change (Enter, or leaving it), then shows the value in use: a bad one is undone
    $('x0').addEventListener('change', (e) => { actions.setX0(Number(e.target.value)); e.target.value = String(options().x0); });
    $('requires-grad').addEventListener('change', (e) => actions.setOption('requires_grad', e.target.checked));
  },
  sync(el, o, { presets }) {
    const $ = (id) => el.querySelector(`#${id}`);
    showTyped($('function'), o.function);
    $('preset').value = presets.find((p) => p.options.function === o.function.trim())?.id ?? '';
    showTyped($('x0'), String(o.x0));
    $('requires-grad').checked = o.requires_grad !== false;
  },
  race: { caption: 'f(x) and every racer’s point', figure: () => import('../views/race.js').then((m) => m.curveRaceFigure) },
};
