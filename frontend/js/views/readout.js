/** The step readout: which step (or epoch: the lesson's word) is shown, of how many, and the loss there. */

import { short } from '../core/format.js';

const LOSS_DIGITS = 5;  // the header has room for a short number; the panels show all digits

export function createReadoutView(el) {
  const step = el.querySelector('[data-part="step"]');
  const loss = el.querySelector('[data-part="loss"]');
  return {
    reset() {
      step.textContent = 'Step –';
      loss.textContent = '';
    },
    fast(records, k, ctx) {
      this.render(records, k, ctx);
      return true;
    },
    render(records, k, ctx = {}) {
      const total = ctx.complete ? records.length - 1 : ctx.steps;
      const name = ctx.stepName ?? 'step';  // classify counts epochs
      step.textContent = `${name[0].toUpperCase()}${name.slice(1)} ${k} of ${total}`;
      const value = records[k]?.loss;
      loss.textContent = `loss ${value === undefined ? '…' : short(value, LOSS_DIGITS)}`;
      el.dataset.step = String(k);
      el.dataset.total = String(total);
    },
  };
}
