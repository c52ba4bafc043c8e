/**
 * The guided tour: the seed's story, one step per idea. Each step names the lesson, the settings
 * and the step shown; its text is written from the live records torch sent, so every number on
 * screen is the run's own (and a test holds them against the seed's printout).
 */

import { f32, factor, minus, short, MINUS } from '../core/format.js';
import { flat, scalar, weightAndBias } from '../core/records.js';
import { problem, seedSettings } from '../core/catalog.js';

// Each step's settings as changes to the lesson's own defaults (the seed's, from the catalog).
const PARABOLA = { steps: 10 };
const NOT_GATE = {};
const NETWORK = {};
const LINEAR = { options: { variant: 'linear' } };

/** A step's full settings: the lesson's seed settings with the step's own on top. */
export function stepSettings({ lesson, settings }) {
  const d = seedSettings(lesson);
  return { ...d, ...settings, options: { ...d.options, ...settings.options } };
}

/** The seed's function, as the catalog gives it (the tour never writes its own copy). */
const seedFunction = () => problem('parabola').defaults.options.function;

/** Pieces of a paragraph: text, a named number (tests find it by name), code, a quotation. */
const num = (name, text) => ({ num: name, text: String(text) });
const code = (text) => ({ code: text });
const quote = (name, text) => ({ quote: name, text });
const p = (strings, ...parts) => strings.flatMap((s, i) => (i < parts.length ? [s, parts[i]] : [s])).filter((x) => x !== '');
// torch prints tensors with 4 decimals, as the seed's `a = tensor([[0.7311, 0.9820]])`
const fixed4 = (v) => (v === null || v === undefined ? '…' : v.toFixed(4).replace('-', MINUS));
const x = (r) => scalar(r?.params.x);
const dead = (r) => flat(r?.extras?.dead ?? []).filter(Boolean).length;

function notGateNumbers({ records }) {
  const [w0, b0] = weightAndBias(records[0].params);
  const [w1, b1] = weightAndBias(records[1]?.params);
  const [gw, gb] = weightAndBias(records[0].grads);
  const a = records[0].extras?.a ?? [];
  return { w0, b0, w1, b1, gw, gb, a, loss0: records[0].loss, loss4: records[4]?.loss };
}

export const TOUR = [
  {
    id: 'gradient', title: 'The gradient at x = 5 is 12', lesson: 'parabola', settings: PARABOLA, k: 0,
    text: ({ records: [r] }) => [
      p`${code('x = torch.tensor(5.0, requires_grad=True)')} and ${code(`y = ${seedFunction()}`)}: at x = ${num('x0', f32(x(r)))}, y = ${num('loss0', f32(r.loss))}.`,
      p`${code('y.backward()')} puts dy/dx into ${code('x.grad')}: ${num('grad0', f32(scalar(r.grads.x)))}. That is 2x + 2 at x = 5, and nobody typed the derivative: autograd followed the operations.`,
      p`The dashed tangent has that slope. Downhill is the other way, to the left.`,
    ],
  },
  {
    id: 'requires-grad', title: 'Without requires_grad=True', lesson: 'parabola', k: 0,
    settings: { ...PARABOLA, options: { requires_grad: false } },
    text: ({ summary }) => [
      p`Made with ${code('requires_grad=False')}, x is a plain number to autograd, so ${code('y.backward()')} stops. torch says:`,
      [quote('message', summary.diagnostics?.[0]?.message ?? summary.status)],
      p`No gradient, nothing to descend: the run ends with status ${num('status', summary.status)}.`,
    ],
  },
  {
    id: 'by-hand', title: 'Gradient descent by hand, α = 0.1', lesson: 'parabola', settings: PARABOLA, k: 0,
    text: ({ records: r, lr }) => [
      p`Compute y, call ${code('y.backward()')}, then under ${code('torch.no_grad()')} step against the gradient, ${code('x -= alpha * x.grad')}, and zero ${code('x.grad')}.`,
      p`The first update: ${num('update', `x ← ${minus(f32(x(r[0])), `${f32(lr)} × ${factor(f32(scalar(r[0].grads.x)))}`)} = ${f32(x(r[1]))}`)}`,
      p`After ten updates x = ${num('x10', f32(x(r[10])))}, and y was ${num('loss9', f32(r[9]?.loss))} before the last one: the seed's last printed line.`,
    ],
  },
  {
    id: 'sgd', title: 'The same with torch.optim.SGD', lesson: 'parabola', k: 10, compare: PARABOLA,
    settings: { ...PARABOLA, optimizer: 'sgd' },
    text: ({ records: r, compare }) => {
      const [sgd, hand] = [f32(x(r[10])), f32(x(compare.records[10]))];
      const why = sgd === hand ? 'Digit for digit.'
        : `Only the last digit differs: SGD rounds x ${MINUS} lr × grad once, by hand it is rounded twice.`;
      return [
        p`${code('optimizer = torch.optim.SGD([x], lr=0.1)')} does the update for us: ${code('optimizer.step()')}, then ${code('optimizer.zero_grad()')}.`,
        p`The same numbers as by hand: x = ${num('x1', f32(x(r[1])))} after one step; after ten, ${num('x10', sgd)} against ${num('x10hand', hand)} by hand. ${why}`,
        p`Adam and the other adaptive optimizers are one line away: race them with O.`,
      ];
    },
  },
  {
    id: 'not-gate', title: 'A neuron learns NOT', lesson: 'not_gate', settings: NOT_GATE, k: 0,
    text: (ctx) => {
      const n = notGateNumbers(ctx);
      return [
        p`One neuron, ${code('a = torch.sigmoid(w @ x.T + b)')}, should give 1 for x = 0 and 0 for x = 1. It starts at w = ${num('w0', f32(n.w0))}, b = ${num('b0', f32(n.b0))}.`,
        p`It predicts a = [${num('a0', fixed4(n.a[0]))}, ${num('a1', fixed4(n.a[1]))}]: mean squared error ${num('loss0', f32(n.loss0))}, ∂L/∂w = ${num('gw', fixed4(n.gw))}, ∂L/∂b = ${num('gb', fixed4(n.gb))}.`,
        p`With ${code('torch.optim.SGD([w, b], lr=10)')}: w = ${num('w1', f32(n.w1))}, b = ${num('b1', f32(n.b1))} after one step; the loss is ${num('loss4', f32(n.loss4))} at step 4. Slow: the sigmoid is flat out there.`,
      ];
    },
  },
  {
    id: 'module', title: 'The same neuron as an nn.Module', lesson: 'not_gate', k: 0,
    settings: { ...NOT_GATE, options: { variant: 'module' } },
    text: (ctx) => {
      const n = notGateNumbers(ctx);
      return [
        p`A ${code('torch.nn.Module')} holds w and b as ${code('nn.Parameter')}s; ${code('model.parameters()')} hands them to the optimizer.`,
        p`Only the packaging changed, so the numbers did not: loss ${num('loss0', f32(n.loss0))}, w = ${num('w1', f32(n.w1))} after one step.`,
      ];
    },
  },
  {
    id: 'linear', title: 'The same neuron with nn.Linear', lesson: 'not_gate', k: 0, settings: LINEAR,
    text: (ctx) => {
      const n = notGateNumbers(ctx);
      return [
        p`${code('torch.nn.Linear(1, 1)')} creates w and b itself: ${code('linear.weight')} = ${num('w0', f32(n.w0))}, ${code('linear.bias')} = ${num('b0', f32(n.b0))}. (The seed let it pick random values; here it starts at w = 3, b = 1 so the numbers compare.)`,
        p`With the target shaped (2, 1) like the prediction: loss ${num('loss0', f32(n.loss0))}, w = ${num('w1', f32(n.w1))} after one step. Three ways, one neuron.`,
      ];
    },
  },
  {
    id: 'broadcast', title: "The seed's broadcast bug", lesson: 'not_gate', k: 0, compare: LINEAR,
    settings: { ...LINEAR, options: { ...LINEAR.options, broadcast_bug: true } },
    text: ({ records, compare }) => [
      p`The seed compares nn.Linear's prediction, shape (2, 1), with y of shape (2,). Broadcasting makes ${code('a - y')} a (2, 2) matrix: the mean takes 4 terms, two of them pairing a prediction with the other input's target.`,
      p`The loss at the start is ${num('loss0', f32(records[0].loss))} instead of ${num('correct', f32(compare.records[0].loss))}. No error, just wrong numbers. The fix: ${code('y.unsqueeze(1)')}.`,
    ],
  },
  {
    id: 'network', title: 'A 2-3-1 network with the seed’s weights', lesson: 'network', settings: NETWORK, k: 0,
    text: ({ records: [r] }) => [
      p`Inputs (3, 5), three hidden ReLU units, a ReLU output, the weights the seed drew by hand; the target is 10.`,
      p`The hidden units give ${num('hidden', r.extras.post[0].map((v) => short(v)).join(', '))}; the output is ${num('output', short(r.extras.post[1][0]))}, so the loss (ŷ ${MINUS} 10)² is ${num('loss0', f32(r.loss))}.`,
      p`The gradients are as large: ∂L/∂b₂ = ${num('gb2', short(scalar(r.grads['linear2.bias'])))}.`,
    ],
  },
  {
    id: 'dead', title: 'lr = 0.1 kills every ReLU', lesson: 'network', settings: NETWORK, k: 1,
    text: ({ records, summary }) => {
      const last = records[records.length - 1];
      return [
        p`One SGD step of lr × gradient moves weights by hundreds, far past any sensible value.`,
        p`After it ${num('dead', `${dead(records[1])} of ${flat(records[1].extras.dead).length}`)} units get an input ≤ 0 (grey): ReLU outputs 0 and passes no gradient back. The output is 0 and the loss ${num('loss1', f32(records[1].loss))}, (0 ${MINUS} 10)².`,
        p`Every gradient is now exactly 0, so nothing can move: the loss is still ${num('lossEnd', f32(last.loss))} at step ${num('lastStep', last.step)}, for ever (status ${num('status', summary.status)}).`,
      ];
    },
  },
  {
    id: 'small-lr', title: 'A learning rate that works', lesson: 'network', k: 7,
    settings: { ...NETWORK, lr: 0.0001, steps: 20 },
    text: ({ records: r }) => [
      p`With lr = ${num('lr', f32(0.0001))} the steps are small enough to keep the units alive.`,
      p`The loss falls ${num('loss0', f32(r[0].loss))} → ${num('loss1', f32(r[1]?.loss))} → ${num('loss2', f32(r[2]?.loss))} → … and is ${num('loss7', f32(r[7]?.loss))} at step 7.`,
      p`The learning rate decides: too large kills the network, small enough trains it. Drag the slider and see.`,
    ],
  },
];
