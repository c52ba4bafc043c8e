/** Functions offered for the parabola lesson, each with a start and an x range that shows its story. */

export const PRESETS = [
  { id: 'seed', label: "the seed's parabola", function: 'x**2 + 2*x + 1', x0: 5, range: [-7, 7] },
  { id: 'quartic', label: 'two minima (quartic)', function: 'x**4 - 4*x**2 + x', x0: 2.5, range: [-2.6, 2.6] },
  { id: 'valley', label: 'narrow valley', function: '25*(x - 1)**2', x0: 3, range: [-2, 4] },
];
const DEFAULT_RANGE = [-10, 10];
const MAX_ABS_X = 1e6;  // the API's bound on |x|

export function presetFor(fn) {
  return PRESETS.find((p) => p.function === fn.trim()) ?? null;
}

/** The x range to draw: the preset's (or a default), widened to show the start with a margin. */
export function curveRange(fn, x0) {
  const [a, b] = presetFor(fn)?.range ?? DEFAULT_RANGE;
  const margin = 0.1 * (b - a);
  const lo = Math.max(-MAX_ABS_X, Math.min(a, x0 - margin));
  const hi = Math.min(MAX_ABS_X, Math.max(b, x0 + margin));
  return [lo, hi];
}
