/**
 * The race's standings at step k, by one of two rules: who first reached a loss at or below the
 * threshold ("threshold"), or who has the lowest loss ("final"; at the last step, the final loss).
 * A racer whose numbers blew up (null loss) is always last.
 */

function lossAt(records, k) {
  return records[Math.min(k, records.length - 1)]?.loss ?? null;
}

function row(result, index, threshold, k) {
  const losses = result.records.map((r) => r.loss);
  const reached = losses.findIndex((v, step) => step <= k && v !== null && v <= threshold);
  return { index, reached: reached < 0 ? null : reached, loss: lossAt(result.records, k),
    status: result.summary?.status ?? null };
}

const byLoss = (a, b) => (a.loss === null) - (b.loss === null) || (a.loss ?? 0) - (b.loss ?? 0) || a.index - b.index;
const byArrival = (a, b) => (a.reached === null) - (b.reached === null) || (a.reached ?? 0) - (b.reached ?? 0) || byLoss(a, b);

/** Standings at step k: [{index, place, reached, loss, status}], best first. */
export function finishOrder(results, rule, threshold, k) {
  const rows = results.map((r, i) => row(r, i, threshold, k));
  return rows.sort(rule === 'threshold' ? byArrival : byLoss).map((r, i) => ({ ...r, place: i + 1 }));
}
