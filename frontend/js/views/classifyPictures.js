/**
 * The classify lesson's small pictures: one diverging colour scale (class 0 orange, white at the
 * boundary, class 1 blue), a lattice of values as RGBA pixels (the network's canvas) or as a data: URL
 * image (the boundary's Plotly picture; the CSP allows img-src data:), the network's pictures as small
 * canvases (every hidden unit's in one), and each input feature over the data's square.
 */

export const DOMAIN = 6;  // the data live in [−6, 6]² (engine/datasets.py)
export const CLASS_COLOURS = ['#D55E00', '#0072B2'];  // points: class 0 vermillion, class 1 blue
const LOW = [230, 159, 0];  // orange: the output says class 0
const HIGH = [0, 114, 178];  // blue: class 1
const MID = [255, 255, 255];
const FEATURE_GRID = 16;

/** Plotly's colour scale for values from `lo` (class 0) to `hi` (class 1). */
export const COLOURSCALE = [[0, rgb(LOW)], [0.5, rgb(MID)], [1, rgb(HIGH)]];

function rgb(c) {
  return `rgb(${c.join(',')})`;
}

/**
 * A lattice's colours written into RGBA pixels (rows from the bottom, as the engine writes them, so the
 * top pixel row is the lattice's last): into `data`, an image `stride` pixels wide, from column `x0`.
 * No allocation per pixel: the network view paints ~50 of these every frame.
 */
export function fillLattice(rows, lo, hi, data, stride = rows.length, x0 = 0) {
  const n = rows.length;
  const scale = hi > lo ? 1 / (hi - lo) : 0;
  for (let i = 0; i < n; i++) {
    const row = rows[n - 1 - i];
    let at = (i * stride + x0) * 4;
    for (let j = 0; j < n; j++, at += 4) {
      const t = (row[j] - lo) * scale;
      const u = Number.isFinite(t) ? Math.max(0, Math.min(1, t)) : 0.5;  // NaN sits at the boundary's white
      const [a, b, f] = u < 0.5 ? [LOW, MID, u * 2] : [MID, HIGH, u * 2 - 1];
      data[at] = a[0] + (b[0] - a[0]) * f;  // a Uint8ClampedArray rounds
      data[at + 1] = a[1] + (b[1] - a[1]) * f;
      data[at + 2] = a[2] + (b[2] - a[2]) * f;
      data[at + 3] = 255;
    }
  }
}

/** A lattice as a PNG data: URL (for Plotly's layout images); `lo`..`hi` span the scale. */
export function latticeImage(rows, lo, hi, canvas = document.createElement('canvas')) {
  const n = rows.length;
  canvas.width = n;
  canvas.height = n;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(n, n);
  fillLattice(rows, lo, hi, img.data);
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL();
}

/** The unit's colour range: tanh in [−1, 1], sigmoid in [0, 1], relu and linear by their largest value. */
function unitRange(activation, rows) {
  if (activation === 'tanh') return [-1, 1];
  if (activation === 'sigmoid') return [0, 1];
  const m = spread(rows);
  return [-m, m];
}

/** A canvas holding one lattice picture (an input's feature, the output's boundary). */
export function latticeCanvas(rows, lo, hi, canvas = document.createElement('canvas')) {
  const n = rows.length;
  if (canvas.width !== n || canvas.height !== n) [canvas.width, canvas.height] = [n, n];
  const g = canvas.getContext('2d');
  const img = g.createImageData(n, n);
  fillLattice(rows, lo, hi, img.data);
  g.putImageData(img, 0, 0);
  return canvas;
}

/**
 * Every hidden unit's thumbnail side by side in one canvas (one putImageData a frame), each tile with a
 * 1-pixel gutter copying its edge columns, so a smoothed, scaled tile never bleeds into its neighbour.
 * Returns (l, j) → [canvas, [sx, sy, sw, sh]].
 */
export function paintAtlas(atlas, neurons, activation) {
  const units = neurons.flat();
  const n = units[0]?.length ?? 0;
  if (!n) return () => null;
  const stride = units.length * (n + 2);
  if (atlas.width !== stride || atlas.height !== n) [atlas.width, atlas.height] = [stride, n];
  const g = atlas.getContext('2d');
  const img = g.createImageData(stride, n);
  const d = img.data;
  units.forEach((rows, u) => {
    const [lo, hi] = unitRange(activation, rows);
    const x0 = u * (n + 2) + 1;
    fillLattice(rows, lo, hi, d, stride, x0);
    for (let y = 0; y < n; y++) {
      d.copyWithin((y * stride + x0 - 1) * 4, (y * stride + x0) * 4, (y * stride + x0 + 1) * 4);
      d.copyWithin((y * stride + x0 + n) * 4, (y * stride + x0 + n - 1) * 4, (y * stride + x0 + n) * 4);
    }
  });
  g.putImageData(img, 0, 0);
  const first = neurons.map((layer, l) => neurons.slice(0, l).reduce((s, x) => s + x.length, 0));
  return (l, j) => [atlas, [(first[l] + j) * (n + 2) + 1, 0, n, n]];
}

const FEATURES = {
  x1: (x) => x, x2: (x, y) => y, x1sq: (x) => x * x, x2sq: (x, y) => y * y, x1x2: (x, y) => x * y,
  sin_x1: (x) => Math.sin(x), sin_x2: (x, y) => Math.sin(y),
};

/** A feature over the square, as the engine computes it, on a coarse lattice (for its input node). */
export function featureLattice(name) {
  const f = FEATURES[name] ?? (() => 0);
  const axis = Array.from({ length: FEATURE_GRID }, (_, i) => -DOMAIN + (2 * DOMAIN * i) / (FEATURE_GRID - 1));
  return axis.map((y) => axis.map((x) => f(x, y)));
}

/** The largest |value| in a lattice (at least a small floor), so a picture uses its whole scale. */
export function spread(rows) {
  let m = 1e-6;
  for (const row of rows) for (const v of row) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}
