/**
 * The current update written out large, with the optimizer's own rule and the numbers torch holds:
 * x ← 5 − 0.1 × 12 = 3.8 for gradient descent; v ← 0.9 × v + g = …, x ← x − lr × v = … for momentum;
 * m, v, m̂, v̂ and the step for Adam. A lesson names the parameters it writes out (one at a time).
 */

import { f32 } from '../core/format.js';
import { flat } from '../core/records.js';
import { optimizer } from '../core/catalog.js';
import { updateLines } from './updateRule.js';

/** A reader for one number of a parameter: the element at `index`, or the only one. */
const reader = (index) => (v) => (v === null || v === undefined ? null
  : index ? index.reduce((a, i) => (Array.isArray(a) ? a[i] : a), v) : flat(v)[0]);

/** The optimizer's hyperparameters as this run uses them: torch's defaults overlaid with the settings. */
const hyperOf = (ctx) => ({ ...(optimizer(ctx.optimizer)?.hyperparameters ?? {}), ...(ctx.hyper ?? {}) });

/**
 * params: [{name, label, index}] the numbers the panel can write out (a button each when several);
 *   `name` may list several names, the first one a record holds is used (w, or nn.Linear's linear.weight);
 * detail(record, ctx, {f32, scalar}): the lesson's own line under the update (e.g. f(x) and f′(x)), given the
 *   panel's number helpers (lesson modules import no formatting: boot.js loads them, and waits for nothing more).
 */
export function createFormulaView(el, { params = [{ name: 'x' }], detail = () => '' } = {}) {
  const part = (name) => el.querySelector(`[data-part="${name}"]`);
  const [heading, rule, update, below, choose] = ['heading', 'rule', 'update', 'detail', 'choose'].map(part);
  let chosen = 0;
  let last = null;  // the arguments of the last render, to redraw when another parameter is chosen
  if (choose && params.length > 1) {
    choose.innerHTML = '';
    params.forEach((p, i) => {
      const button = Object.assign(el.ownerDocument.createElement('button'),
        { type: 'button', textContent: p.label ?? p.name });
      button.setAttribute('aria-pressed', String(i === chosen));
      button.addEventListener('click', () => {
        chosen = i;
        choose.querySelectorAll('button').forEach((b, j) => b.setAttribute('aria-pressed', String(j === i)));
        if (last) view.render(...last);
      });
      choose.append(button);
    });
  }

  const view = {
    reset() {
      heading.textContent = '';
      rule.textContent = '';
      update.textContent = '…';
      below.textContent = '';
      last = null;
    },
    fast(records, k, ctx) {
      view.render(records, k, ctx);
      return true;
    },
    render(records, k, ctx = {}) {
      last = [records, k, ctx];
      const now = records[k];
      const next = records[k + 1];
      const spec = params[chosen];
      const name = [].concat(spec.name).find((n) => n in now.params);  // the first of its names the run has
      const { label = name, index } = spec;
      const pick = reader(index);
      const x = pick(now.params[name]);
      const g = now.grads ? pick(now.grads[name]) : undefined;
      below.textContent = detail(now, ctx, { f32, scalar: reader() });  // the lesson's line, in the panel's number format
      rule.textContent = '';
      if (g === null || ctx.options?.requires_grad === false) {  // torch gave no gradient: no update
        heading.textContent = 'No update: torch refused the gradient';
        update.textContent = `${label} = ${f32(x)}`;
        below.textContent += '   ·   .grad is None, so there is no step to take';
        return;
      }
      if (!next) {
        heading.textContent = `After ${k} update${k === 1 ? '' : 's'}`;
        update.textContent = `${label} = ${f32(x)}`;
        return;
      }
      const info = optimizer(ctx.optimizer);
      heading.textContent = `Update ${k + 1} by ${info?.label ?? ctx.optimizer}: step ${k} → ${k + 1}`;
      const needsState = info && !['manual', 'sgd'].includes(info.rule);
      const lines = g === undefined || (needsState && !next.state) ? null
        : updateLines({ rule: info?.rule, hyper: hyperOf(ctx), lr: ctx.lr, now, next, name, label, pick });
      if (!lines) {  // records from the slider's sweep carry no state: the step alone until the run arrives
        update.textContent = `${label} ← ${f32(x)} → ${f32(pick(next.params[name]))}`;
        return;
      }
      rule.replaceChildren(...lines.slice(0, -1).map((line) =>
        Object.assign(el.ownerDocument.createElement('span'), { textContent: line })));
      update.textContent = lines[lines.length - 1];
    },
  };
  return view;
}
