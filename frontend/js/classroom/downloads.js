/**
 * Files a teacher takes away: the records as CSV (one row per step, one column per number) or
 * JSON (the run's request, records and summary, as POST /api/runs answers), saved from a Blob
 * through a download link (no request, nothing the page's CSP has to allow).
 */

const REVOKE_AFTER_MS = 10_000;  // the download has started long before this

/** Offer `blob` as a file named `name`. */
export function saveBlob(blob, name, doc = document) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(doc.createElement('a'), { href: url, download: name });
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** [[name, value]] for every number in a (nested) value: w [[3]] gives w[0][0] (no commas: a CSV header). */
function cells(name, value, index = []) {
  if (Array.isArray(value)) return value.flatMap((v, i) => cells(name, v, [...index, i]));
  return [[name + index.map((i) => `[${i}]`).join(''), value]];
}

function columns(record) {
  const params = Object.entries(record.params).flatMap(([n, v]) => cells(n, v));
  const grads = Object.entries(record.grads ?? {}).flatMap(([n, v]) => cells(n, v).map(([c, g]) => [`${c}.grad`, g]));
  return [['step', record.step], ['loss', record.loss], ...params, ...grads];
}

/** The records as CSV: full float precision, an empty cell where a number is missing (null). */
export function recordsCsv(records) {
  if (!records.length) return '';
  const header = columns(records[0]).map(([name]) => name);
  const rows = records.map((r) => {
    const values = new Map(columns(r));
    return header.map((name) => String(values.get(name) ?? ''));
  });
  return [header, ...rows].map((row) => row.join(',')).join('\n') + '\n';
}

export function recordsJson(request, records, summary) {
  return `${JSON.stringify({ request, records, summary }, null, 2)}\n`;
}
