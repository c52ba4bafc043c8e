/**
 * The optimizer's own update of one number, written out with the numbers torch holds: the state
 * before the step (record k's `state`), the gradient, and the state and value after it (record k + 1).
 * Which update an optimizer makes is its catalog `rule`; the page keeps no list of optimizers.
 */

import { f32, factor, minus, short } from '../core/format.js';

const DIGITS = 5;  // for values the page derives (m̂, v̂, the step): torch never held them as such

const times = (a, b) => `${a} × ${factor(b)}`;
const plus = (a, bText) => minus(a, bText.startsWith('\u2212') ? bText.slice(1) : `\u2212${bText}`);

/** The adaptive rules' last two lines: how big the step is, then the parameter moved by it (x − x1,
 *  the step torch took, so the line adds up exactly as written). */
function stepped(p, x, x1, how) {
  const step = Math.fround(x) - Math.fround(x1);
  return [`step = ${how} = ${short(step, DIGITS)}`, `${p} ← ${minus(f32(x), factor(short(step, DIGITS)))} = ${f32(x1)}`];
}

/** `name ← text = value`, the value torch computed. */
const assign = (name, text, value) => `${name} ← ${text} = ${f32(value)}`;

/** Weight decay folds λ·x into the gradient first (torch.optim's `grad = grad.add(param, alpha=λ)`). */
function decayed(h, x, g, lines) {
  const wd = h.weight_decay ?? 0;
  if (!wd) return g;
  const out = Math.fround(g + Math.fround(wd * x));
  lines.push(`g ← g + λ·x = ${plus(f32(g), times(f32(wd), f32(x)))} = ${f32(out)}`);
  return out;
}

const RULES = {
  manual: ({ x, g, lr, x1, p }) => [assign(p, minus(f32(x), times(f32(lr), f32(g))), x1)],
  sgd: (a) => RULES.manual(a),
  heavy_ball({ x, g, lr, x1, s0, s1, h, p }) {
    const v1 = s1.momentum_buffer;
    const damp = h.dampening ? ` · (1 − ${f32(h.dampening)})` : '';
    const v = s0?.momentum_buffer === undefined
      ? `v ← g = ${f32(v1)}`  // torch starts the buffer at the first gradient
      : assign('v', `${f32(h.momentum)} × ${factor(f32(s0.momentum_buffer))} + ${factor(f32(g))}${damp}`, v1);
    return [v, assign(p, minus(f32(x), times(f32(lr), f32(v1))), x1)];
  },
  nesterov({ x, g, lr, x1, s0, s1, h, p }) {
    const v1 = s1.momentum_buffer;
    const v = s0?.momentum_buffer === undefined ? `v ← g = ${f32(v1)}`
      : assign('v', `${f32(h.momentum)} × ${factor(f32(s0.momentum_buffer))} + ${factor(f32(g))}`, v1);
    return [v, assign(p, minus(f32(x), `${f32(lr)} × (${f32(g)} + ${f32(h.momentum)} × ${factor(f32(v1))})`), x1)];
  },
  adam(a) {
    const { x, g, lr, x1, s0, s1, h, p } = a;
    const t = s1.step;
    const [m0, v0] = [s0?.exp_avg ?? 0, s0?.exp_avg_sq ?? 0];
    const mHat = s1.exp_avg / (1 - h.beta1 ** t);
    const vHat = s1.exp_avg_sq / (1 - h.beta2 ** t);
    return [
      assign('m', `${f32(h.beta1)} × ${factor(f32(m0))} + ${short(1 - h.beta1, DIGITS)} × ${factor(f32(g))}`, s1.exp_avg),
      assign('v', `${f32(h.beta2)} × ${factor(f32(v0))} + ${short(1 - h.beta2, DIGITS)} × ${factor(f32(g))}²`, s1.exp_avg_sq),
      `m̂ = m / (1 − β₁^${t}) = ${short(mHat, DIGITS)},  v̂ = v / (1 − β₂^${t}) = ${short(vHat, DIGITS)}`,
      ...stepped(p, a.xd ?? x, x1, `lr·m̂ / (√v̂ + ε) = ${f32(lr)} × ${factor(short(mHat, DIGITS))} / ${factor(short(Math.sqrt(vHat) + h.eps, DIGITS))}`),
    ];
  },
  adam_decoupled(a) {
    const { x, lr, h, p } = a;
    const xd = Math.fround(x * Math.fround(1 - lr * h.weight_decay));
    const decay = h.weight_decay ? [`${p} ← ${p} · (1 − lr·λ) = ${times(f32(x), short(1 - lr * h.weight_decay, DIGITS))} = ${f32(xd)}`] : [];
    return [...decay, ...RULES.adam({ ...a, h: { ...h, weight_decay: 0 }, xd })];
  },
  mean_square({ x, g, lr, x1, s0, s1, h, p }) {
    const lines = [assign('s', `${f32(h.alpha)} × ${factor(f32(s0?.square_avg ?? 0))} + ${short(1 - h.alpha, DIGITS)} × ${factor(f32(g))}²`, s1.square_avg)];
    const root = short(Math.sqrt(s1.square_avg) + h.eps, DIGITS);
    if (h.momentum > 0) {
      lines.push(assign('b', `${f32(h.momentum)} × ${factor(f32(s0?.momentum_buffer ?? 0))} + ${factor(f32(g))} / ${factor(root)}`, s1.momentum_buffer));
      lines.push(assign(p, minus(f32(x), times(f32(lr), f32(s1.momentum_buffer))), x1));
      return lines;
    }
    return [...lines, ...stepped(p, x, x1, `lr·g / (√s + ε) = ${f32(lr)} × ${factor(f32(g))} / ${factor(root)}`)];
  },
  accumulated_square({ x, g, lr, x1, s0, s1, h, p }) {
    const t = s1.step;
    const clr = lr / (1 + (t - 1) * (h.lr_decay ?? 0));
    const rate = h.lr_decay ? `lr / (1 + ${t - 1} × ${f32(h.lr_decay)})` : 'lr';
    const sum0 = s0?.sum ?? h.initial_accumulator_value ?? 0;
    const root = short(Math.sqrt(s1.sum) + h.eps, DIGITS);
    return [
      assign('Σ', `${factor(f32(sum0))} + ${factor(f32(g))}²`, s1.sum),
      ...stepped(p, x, x1, `${rate}·g / (√Σ + ε) = ${short(clr, DIGITS)} × ${factor(f32(g))} / ${factor(root)}`),
    ];
  },
};

/**
 * The lines of one update of one number: `pick(tree)` reads that number out of a parameter-shaped
 * value (a scalar, or an element of a matrix). Returns null when the rule is not known to the page.
 */
export function updateLines({ rule, hyper, lr, now, next, name, label = name, pick }) {
  const write = RULES[rule];
  if (!write || !next) return null;
  const state = (record) => {
    const s = record.state?.[name];
    return s ? Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'step' ? v : pick(v)])) : undefined;
  };
  const x = pick(now.params[name]);
  const pre = [];
  const g = decayed(rule === 'adam_decoupled' ? {} : hyper, x, pick(now.grads[name]), pre);
  const args = { x, g, lr, x1: pick(next.params[name]), s0: state(now), s1: state(next) ?? {}, h: hyper, p: label };
  return [...pre, ...write(args)];
}
