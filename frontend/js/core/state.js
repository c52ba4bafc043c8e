/**
 * The page's one state object. Events change it through `store.set`, views render from it.
 * Settings (lesson, optimizer, lr, steps, options, step shown, speed) round-trip through
 * the URL hash; fetched results live in `state.data` and are never serialised.
 */

import { classroomDefaults, readClassroom, writeClassroom } from '../classroom/state.js';

export const LESSON_IDS = ['parabola', 'not_gate', 'network'];
export const OPTIMIZER_IDS = ['gd', 'sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'];
// ~log-even mantissas that are also numbers a teacher can say out loud
const LR_MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
const LR_DECADES = [-5, -4, -3, -2, -1, 0, 1];
export const LR_NOTCHES = [
  ...LR_DECADES.flatMap((e) => LR_MANTISSAS.map((m) => Number((m * 10 ** e).toPrecision(3)))), 100,
];
export const MAX_LR = 100;
export const MAX_STEPS = 10000;
export const SPEEDS = [1, 2, 5, 10, 20, 50];  // steps per second
const DEFAULT_SPEED = 5;

// The seed's settings; steps are longer than the seed's 5 so the UI shows where training goes.
const LESSON_DEFAULTS = {
  parabola: { optimizer: 'gd', lr: 0.1, steps: 50, hyper: {}, options: { function: 'x**2 + 2*x + 1', x0: 5, requires_grad: true } },
  not_gate: { optimizer: 'sgd', lr: 10, steps: 50, hyper: {}, options: { variant: 'tensors', init: 'seed', broadcast_bug: false } },
  network: { optimizer: 'sgd', lr: 0.1, steps: 20, hyper: {}, options: { init: 'seed' } },
};
// What each option may hold; a value from the URL that does not fit falls back to the default.
const OPTION_KINDS = {
  parabola: { function: 'string', x0: 'number', requires_grad: 'boolean' },
  not_gate: { variant: ['tensors', 'module', 'linear'], init: ['seed', 'random'], broadcast_bug: 'boolean' },
  network: { init: ['seed', 'random'] },
};

export function lessonDefaults(lesson) {
  return structuredClone(LESSON_DEFAULTS[lesson]);
}

function emptyData() {
  return { records: [], summary: null, source: null, complete: false, runKey: null,
    sweep: null, sweepKey: null, curve: null, landscape: null, error: null };
}

export function initialState() {
  return {
    lesson: 'parabola',
    lessons: Object.fromEntries(LESSON_IDS.map((id) => [id, lessonDefaults(id)])),
    step: 0,
    speed: DEFAULT_SPEED,
    playing: false,
    ...classroomDefaults(),  // presenter, hidden controls, tour step, code panel, race
    data: Object.fromEntries(LESSON_IDS.map((id) => [id, emptyData()])),
    // the "How torch got this gradient" panel: open or not, the graph of `step`, how far backward() has walked
    gradGraph: { open: false, graph: null, key: null, lesson: null, step: null, status: 'idle', message: '', reached: 0 },
  };
}

/** A tiny store: `set(kind, mutate)` changes the state, then tells every subscriber what kind changed. */
export function createStore(state = initialState()) {
  const subscribers = new Set();
  return {
    state,
    set(kind, mutate) {
      mutate(state);
      for (const fn of subscribers) fn(kind);
    },
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
  };
}

/** The current lesson's settings. */
export function current(state) {
  return state.lessons[state.lesson];
}

/** The API's RunRequest for a lesson's settings (hyperparameters only when some differ from torch's defaults). */
export function runRequest(lesson, settings) {
  const hyper = settings.hyper && Object.keys(settings.hyper).length ? { hyper: { ...settings.hyper } } : {};
  return { problem: lesson, optimizer: settings.optimizer, lr: settings.lr, steps: settings.steps, ...hyper,
    options: { ...settings.options } };
}

/** Everything but the learning rate: one sweep serves every lr with the same key. */
export function sweepKey(lesson, settings) {
  const { lr, ...rest } = runRequest(lesson, settings);
  return JSON.stringify(rest);
}

export function runKey(lesson, settings) {
  return JSON.stringify(runRequest(lesson, settings));
}

/** The notch nearest to a learning rate, on the log scale the slider uses. */
export function nearestNotch(lr) {
  let best = 0;
  LR_NOTCHES.forEach((v, i) => {
    if (Math.abs(Math.log(v / lr)) < Math.abs(Math.log(LR_NOTCHES[best] / lr))) best = i;
  });
  return best;
}

export function toHash(state) {
  const s = current(state);
  const q = new URLSearchParams({ lesson: state.lesson, opt: s.optimizer, lr: String(s.lr),
    steps: String(s.steps), k: String(state.step), speed: String(state.speed) });
  for (const [key, value] of Object.entries(s.options)) q.set(key, String(value));
  writeClassroom(q, state, s);
  return `#${q.toString()}`;
}

/** State from a URL hash: unknown keys are ignored, missing or unfit ones take defaults. */
export function fromHash(hash) {
  const state = initialState();
  const q = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  if (LESSON_IDS.includes(q.get('lesson'))) state.lesson = q.get('lesson');
  const s = current(state);
  if (OPTIMIZER_IDS.includes(q.get('opt'))) s.optimizer = q.get('opt');
  const lr = Number(q.get('lr'));
  if (q.has('lr') && lr > 0 && lr <= MAX_LR) s.lr = lr;
  const steps = Number(q.get('steps'));
  if (Number.isInteger(steps) && steps >= 1 && steps <= MAX_STEPS) s.steps = steps;
  const speed = Number(q.get('speed'));
  if (SPEEDS.includes(speed)) state.speed = speed;
  for (const [key, kind] of Object.entries(OPTION_KINDS[state.lesson])) {
    if (q.has(key)) s.options[key] = parseOption(q.get(key), kind, s.options[key]);
  }
  const k = Number(q.get('k'));
  if (Number.isInteger(k) && k >= 0 && k <= s.steps) state.step = k;
  readClassroom(q, state, s, MAX_LR);
  return state;
}

function parseOption(text, kind, fallback) {
  if (Array.isArray(kind)) return kind.includes(text) ? text : fallback;
  if (kind === 'boolean') return text === 'true' ? true : text === 'false' ? false : fallback;
  if (kind === 'number') return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : fallback;
  return text.length > 0 && text.length <= 200 ? text : fallback;
}
