/**
 * The surface lesson on the page: optimizers on a function of two numbers. Its settings (a typed
 * f(x, y), the catalog's presets, the start (x₀, y₀)) and its panels: the contour map with the path,
 * the preset's known minima starred and a click to start there; the update written out for x or y;
 * and the loss per step. The loader fetches the landscape behind the records.
 */

import { presets } from '../core/catalog.js';
import { bindFunctionControls, boundsAttrs, escapeHtml, formulaPanel, functionControls, inPanel, showTyped } from './parts.js';

const PARAMS = [{ name: 'x' }, { name: 'y' }];
const START_DIGITS = 3;  // a clicked start, as a teacher would say it

const presetOf = (options) => presets('surface').find((p) => p.options.function === String(options.function).trim()) ?? null;

/** The preset's known minima, starred on the map. */
const minima = (ctx) => (presetOf(ctx.options ?? {})?.minima ?? []).map(([x, y]) => ({ x, y, label: 'min' }));

const detail = (record, ctx, { f32 }) => `f(${f32(record.params.x)}, ${f32(record.params.y)}) = ${f32(record.loss)}`;

const section = ({ options, presets: list, limits }) => `
  <section id="lesson-surface" class="lesson lesson-map lesson-surface" data-lesson-panel="surface" role="tabpanel" aria-labelledby="tab-surface" hidden>
    <div class="options" aria-label="Surface settings" role="group">
${functionControls('surface-', 'f(x, y)', list, limits)}
      <div class="control">
        <label for="surface-x0">Start x₀</label>
        <input type="number" id="surface-x0" class="num" step="any" ${boundsAttrs(options.x0)}>
      </div>
      <div class="control">
        <label for="surface-y0">y₀</label>
        <input type="number" id="surface-y0" class="num" step="any" ${boundsAttrs(options.y0)}>
      </div>
      <button type="button" data-action="defaults">Defaults</button>
      <p id="surface-function-help" class="visually-hidden">${escapeHtml(options.function.help)}. Click the map to start there.</p>
      <p id="surface-function-error" class="inline-error" role="alert" hidden></p>
    </div>
    ${formulaPanel('surface-formula')}
    <figure class="panel panel-map">
      <figcaption>f(x, y), the path and ★ the known minima · click to start there</figcaption>
      <div id="surface-map" class="chart" role="img" aria-label="Contour map of f over x and y with the optimizer's path and the known minima"></div>
    </figure>
    <figure class="panel panel-side1">
      <figcaption>Loss per step</figcaption>
      <div id="surface-loss" class="chart" role="img" aria-label="Loss per step"></div>
    </figure>
  </section>`;

export default {
  label: 'Surface',
  backdrop: 'landscape',  // the loader fetches f over the preset's (x, y) range for the contour
  numbersPerStep: 5,  // loss, x, y and their gradients
  section,
  async views(el, actions) {
    const [landscape, formula, loss] = await Promise.all([import('../views/landscape.js'),
      import('../views/formula.js'), import('../views/lossChart.js')]);
    const start = (v) => Number(v.toPrecision(START_DIGITS));
    return [
      inPanel(el, 'surface-map', landscape.createLandscapeView, { titles: ['x', 'y'], marks: minima, logColour: true,
        onPick: ({ x, y }) => actions.setOptions({ x0: start(x), y0: start(y) }) }),
      inPanel(el, 'surface-formula', formula.createFormulaView, { params: PARAMS, detail }),
      inPanel(el, 'surface-loss', loss.createLossChartView),
    ];
  },
  bind(el, actions, options) {
    const $ = (id) => el.querySelector(`#surface-${id}`);
    bindFunctionControls(el, 'surface-', actions);
    // a typed start commits on change, then shows the value in use (a refused one is undone)
    for (const axis of ['x0', 'y0']) {
      $(axis).addEventListener('change', (e) => {
        const v = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(v)) actions.setOption(axis, v);
        e.target.value = String(options()[axis]);
      });
    }
  },
  sync(el, o) {
    const $ = (id) => el.querySelector(`#surface-${id}`);
    showTyped($('function'), o.function);
    $('preset').value = presetOf(o)?.id ?? '';
    showTyped($('x0'), String(o.x0));
    showTyped($('y0'), String(o.y0));
  },
  race: { caption: 'f(x, y) and every racer’s path', titles: ['x', 'y'],
    figure: () => import('../views/race.js').then((m) => m.landscapeRaceFigure) },
};
