/** The current update written out large, numbers straight from torch: x ← 5 − 0.1 × 12 = 3.8. */

import { f32, factor, minus } from '../core/format.js';
import { scalar } from '../core/records.js';
import { optimizerLabel } from '../core/catalog.js';

// optimizers whose step is exactly lr × gradient, so the arithmetic can be written out
const PLAIN_STEP = new Set(['gd', 'sgd']);

export function createFormulaView(el, { param = 'x' } = {}) {
  const heading = el.querySelector('[data-part="heading"]');
  const update = el.querySelector('[data-part="update"]');
  const detail = el.querySelector('[data-part="detail"]');
  return {
    reset() {
      heading.textContent = '';
      update.textContent = '…';
      detail.textContent = '';
    },
    fast(records, k, ctx) {
      this.render(records, k, ctx);
      return true;
    },
    render(records, k, ctx = {}) {
      const now = records[k];
      const next = records[k + 1];
      const x = scalar(now.params[param]);
      const g = now.grads ? scalar(now.grads[param]) : undefined;
      const refused = g === null || ctx.options?.requires_grad === false;  // torch gave no gradient: no update
      const gText = refused ? 'None' : g === undefined ? '…' : f32(g);
      detail.textContent = `f(${f32(x)}) = ${f32(now.loss)}   ·   f′(${f32(x)}) = ${gText}  (x.grad after y.backward())`;
      if (refused) {
        heading.textContent = 'No update: torch refused the gradient';
        update.textContent = `${param} = ${f32(x)}`;
        detail.textContent += '   ·   x.grad is None, so there is no step to take';
        return;
      }
      if (!next) {
        heading.textContent = `After ${k} update${k === 1 ? '' : 's'}`;
        update.textContent = `${param} = ${f32(x)}`;
        return;
      }
      heading.textContent = `Update ${k + 1}: step ${k} → ${k + 1}`;
      const after = f32(scalar(next.params[param]));
      if (PLAIN_STEP.has(ctx.optimizer)) {
        update.textContent = `${param} ← ${minus(f32(x), `${f32(ctx.lr)} × ${factor(gText)}`)} = ${after}`;
      } else {
        const moved = f32(Math.fround(x) - Math.fround(scalar(next.params[param])));
        update.textContent = `${param} ← ${minus(f32(x), factor(moved))} = ${after}`;
        detail.textContent += `   ·   ${optimizerLabel(ctx.optimizer)} chose the step ${moved}, not lr × f′(x)`;
      }
    },
  };
}
