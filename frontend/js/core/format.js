/** Numbers as the seed's notebook prints them: float32 values in their shortest exact form. */

const MINUS = '\u2212';  // a real minus sign: readable from the back of the room

/** Shortest decimal that rounds back to the same float32, like numpy prints a float32. */
export function f32(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  const target = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === target) return tidy(Number(s), p);
  }
  return tidy(target, 9);
}

/** A number rounded to `digits` significant figures, for labels that must stay short. */
export function short(v, digits = 4) {
  if (v === null || v === undefined || Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  return tidy(Number(v.toPrecision(digits)), digits);
}

function tidy(n, digits) {
  const abs = Math.abs(n);
  let s;
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) {
    s = n.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e').replace('e+', 'e');
  } else {
    s = String(n);
    if (Number.isInteger(n) && digits > 0 && abs < 1e6) s = `${n}`;
  }
  return s.replace('-', MINUS);
}

/** A factor written inside an expression: negatives get parentheses (5 − 0.1 × (−3)). */
export function factor(text) {
  return text.startsWith(MINUS) ? `(${text})` : text;
}

/** a − b written with the sign folded in: "5 − 0.3" or "5 + 0.3". */
export function minus(a, bText) {
  return bText.startsWith(MINUS) ? `${a} + ${bText.slice(1)}` : `${a} ${MINUS} ${bText}`;
}

export { MINUS };
