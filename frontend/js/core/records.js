/** Plain helpers over records: scalars out of nested lists, and records rebuilt from a sweep row. */

/** Every number in a nested list, in order. */
export function flat(value) {
  return Array.isArray(value) ? value.flatMap(flat) : [value];
}

/** A parameter that holds one number (x, w [[3]], linear.bias [1]) as that number. */
export function scalar(value) {
  return value === null || value === undefined ? null : flat(value)[0];
}

/** Records for row `i` of a sweep: params and loss only, up to the first non-finite step
 *  (rows are padded with nulls past the step where their run stopped). */
export function recordsFromSweep(sweep, i) {
  const losses = sweep.loss[i];
  const names = Object.keys(sweep.params);
  const grads = sweep.grads ?? null;  // not every server sends them; views then wait for the run
  const records = [];
  for (let k = 0; k < losses.length; k++) {
    const params = Object.fromEntries(names.map((n) => [n, sweep.params[n][i][k]]));
    const values = [losses[k], ...names.flatMap((n) => flat(params[n]))];
    if (k > 0 && values.every((v) => v === null)) break;  // padding: the run had already stopped
    const g = grads ? Object.fromEntries(names.map((n) => [n, grads[n][i][k]])) : null;
    records.push({ step: k, loss: losses[k], params, grads: g, extras: null });
    if (values.includes(null)) break;
  }
  return { records, summary: { status: sweep.status[i], diagnostics: null, steps_run: records.length - 1 } };
}

/** The NOT gate's w and b as numbers, whichever way the neuron is written (w/b or linear.weight/bias). */
export function weightAndBias(values) {
  if (!values) return [null, null];
  return [scalar(values.w ?? values['linear.weight']), scalar(values.b ?? values['linear.bias'])];
}

/** "w", "x" or "linear1.weight[0,1]" (a landscape's parameter names) → the number it names in a record's params. */
export function element(params, name) {
  const m = /^([\w.]+?)(?:\[([\d,\s]+)\])?$/.exec(name ?? '');
  if (!m || !(m[1] in params)) return null;
  let v = params[m[1]];
  for (const i of m[2] ? m[2].split(',').map(Number) : []) v = Array.isArray(v) ? v[i] : v;
  return Array.isArray(v) ? flat(v)[0] : v;
}
