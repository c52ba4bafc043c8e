/** The step readout: which step is shown, of how many, and the loss there. */

import { f32 } from '../format.js';

export function createReadoutView(el) {
  const step = el.querySelector('[data-part="step"]');
  const loss = el.querySelector('[data-part="loss"]');
  return {
    reset() {
      step.textContent = 'Step –';
      loss.textContent = '';
    },
    render(records, k, ctx = {}) {
      const total = ctx.complete ? records.length - 1 : ctx.steps;
      step.textContent = `Step ${k} of ${total}`;
      const value = records[k]?.loss;
      loss.textContent = `loss ${value === undefined ? '…' : f32(value)}`;
      el.dataset.step = String(k);
      el.dataset.total = String(total);
    },
  };
}
