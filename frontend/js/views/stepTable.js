/** The seed's printout as a table: one row per step, the current step highlighted. */

import { f32 } from '../core/format.js';
import { scalar } from '../core/records.js';

const MAX_ROWS = 300;  // past this only a window around the step shown is drawn

export function createStepTableView(el, { param = 'x' } = {}) {
  const body = el.querySelector('tbody');
  const scroller = el.querySelector('.table-scroll') ?? el;
  let seen = null;
  let seenLength = -1;
  let first = 0;
  let current = null;

  function build(records, k) {
    first = records.length > MAX_ROWS ? Math.max(0, Math.min(k - MAX_ROWS / 2, records.length - MAX_ROWS)) : 0;
    const last = Math.min(records.length, first + MAX_ROWS);
    const rows = [];
    for (let i = first; i < last; i++) rows.push(row(records[i], records[i + 1], param));
    body.replaceChildren(...rows);
    seen = records;
    seenLength = records.length;
    current = null;
  }

  return {
    reset() {
      body.replaceChildren();
      seen = null;
    },
    render(records, k) {
      const outside = k < first || k >= first + MAX_ROWS;
      if (records !== seen || records.length !== seenLength || outside) build(records, k);
      const tr = body.children[k - first];
      if (tr === current) return;
      current?.classList.remove('current');
      current?.removeAttribute('aria-current');
      current = tr ?? null;
      if (!tr) return;
      tr.classList.add('current');
      tr.setAttribute('aria-current', 'step');
      const top = tr.offsetTop - scroller.clientHeight / 2 + tr.offsetHeight / 2;
      scroller.scrollTop = Math.max(0, top);
    },
  };
}

function row(record, next, param) {
  const tr = document.createElement('tr');
  const g = record.grads ? scalar(record.grads[param]) : undefined;
  const cells = [record.step, f32(scalar(record.params[param])), f32(record.loss),
    g === undefined ? '…' : g === null ? 'None' : f32(g), next ? f32(scalar(next.params[param])) : '—'];
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = String(text);
    tr.append(td);
  }
  return tr;
}
