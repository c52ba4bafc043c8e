/**
 * The prompts a teacher may ask: the server's fixed list (api/classes/model.py PROMPTS; the text
 * students read is the server's), which of them fit the lesson on screen (its parameter must be
 * one number), and the range of answers a number question offers.
 */

export const PROMPTS = [
  { id: 'next_x', param: 'x', kind: 'number', label: 'Where will x be after the next update?' },
  { id: 'x_change_sign', param: 'x', kind: 'sign', label: 'Will x go up or down?' },
  { id: 'next_y', param: 'y', kind: 'number', label: 'Where will y be after the next update?' },
  { id: 'next_w', param: 'w', kind: 'number', label: 'What will w be after the next update?' },
  { id: 'w_change_sign', param: 'w', kind: 'sign', label: 'Will w go up or down?' },
  { id: 'next_loss', param: null, kind: 'number', label: 'What will the loss be after the next update?' },
  { id: 'loss_change_sign', param: null, kind: 'sign', label: 'Will the loss go up or down?' },
];
const MAX_ABS = 1e6;  // the server's bound on a range

function single(v) {
  let flat = v;
  while (Array.isArray(flat) && flat.length === 1) [flat] = flat;
  return typeof flat === 'number' && Number.isFinite(flat) ? flat : null;
}

/** The value a prompt asks about in one record (x, y, w or the loss), or null if it is not one number. */
export function valueOf(prompt, record) {
  if (!record) return null;
  return prompt.param === null ? single(record.loss) : single(record.params?.[prompt.param]);
}

/** The prompts that fit this record. */
export const promptsFor = (record) => PROMPTS.filter((p) => valueOf(p, record) !== null);

/** A round number at or beyond v, a tenth of `unit` fine. */
const round = (v, unit, dir) => Math[dir](v / (unit / 10)) * (unit / 10);

/** [lo, hi] for a number question: the parabola's x range (students drag on that curve), else around the value now. */
export function rangeFor(prompt, record, curve) {
  if (prompt.param === 'x' && curve?.range) return [...curve.range];
  const v = valueOf(prompt, record);
  const span = Math.max(1, 2 * Math.abs(v));
  const unit = 10 ** Math.floor(Math.log10(span));
  let lo = prompt.param === null && v >= 0 ? 0 : round(v - span, unit, 'floor');
  let hi = round(v + span, unit, 'ceil');
  lo = Math.max(-MAX_ABS, lo);
  hi = Math.min(MAX_ABS, hi);
  return [lo, hi];
}
