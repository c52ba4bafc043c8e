/**
 * The classroom settings that share the URL hash with the lesson's: hyperparameters, presenter
 * mode, hidden controls, the tour step, the code panel and the optimizer race. Pure functions
 * over URLSearchParams, called by state.js's toHash/fromHash; a key that does not fit is ignored.
 */

// Each optimizer's hyperparameter names, as GET /api/optimizers lists them (a browser test
// checks): a link naming another one is ignored instead of becoming a refused request.
export const HYPER_NAMES = {
  gd: [],
  sgd: ['weight_decay'],
  momentum: ['momentum', 'dampening', 'weight_decay'],
  nesterov: ['momentum', 'weight_decay'],
  adam: ['beta1', 'beta2', 'eps', 'weight_decay'],
  adamw: ['beta1', 'beta2', 'eps', 'weight_decay'],
  rmsprop: ['alpha', 'eps', 'momentum', 'weight_decay'],
  adagrad: ['lr_decay', 'eps', 'initial_accumulator_value', 'weight_decay'],
};
// What a teacher may hide with `hide=` (presenter.js knows where each one is on the page).
export const HIDEABLE = ['tabs', 'transport', 'readout', 'toolbar', 'lr', 'optimizer', 'hyper', 'steps', 'speed',
  'step', 'options', 'banner', 'formula', 'table'];
export const FINISH_RULES = ['threshold', 'final'];
export const MAX_RACERS = 6;  // Okabe-Ito has seven colours; yellow is unreadable on white
const HYPER_PREFIX = 'h.';

// Racers that tell each lesson's story, and a loss low enough to count as "arrived".
const RACE_DEFAULTS = {
  parabola: { entries: [['sgd', 0.1], ['momentum', 0.1], ['adam', 0.5], ['rmsprop', 0.1]], threshold: 0.01 },
  not_gate: { entries: [['sgd', 10], ['momentum', 3], ['adam', 0.5], ['rmsprop', 0.1]], threshold: 0.05 },
  network: { entries: [['sgd', 0.0001], ['sgd', 0.1], ['momentum', 0.0001], ['adam', 0.1]], threshold: 1 },
};

export function raceDefaults(lesson) {
  const d = RACE_DEFAULTS[lesson];
  return { entries: d.entries.map(([optimizer, lr]) => ({ optimizer, lr })), rule: 'threshold', threshold: d.threshold };
}

export function classroomDefaults() {
  return { presenter: false, hide: [], tour: null, code: false, race: null };
}

/** Add the classroom keys to `q` (only what differs from the defaults, so plain links stay short). */
export function writeClassroom(q, state, settings) {
  for (const [name, value] of Object.entries(settings.hyper ?? {})) q.set(HYPER_PREFIX + name, String(value));
  if (state.presenter) q.set('presenter', '1');
  if (state.hide.length) q.set('hide', state.hide.join(','));
  if (state.tour !== null) q.set('tour', String(state.tour + 1));  // people count tour steps from 1
  if (state.code) q.set('code', '1');
  if (state.race) {
    q.set('race', state.race.entries.map((e) => `${e.optimizer}:${e.lr}`).join(','));
    q.set('finish', state.race.rule);
    q.set('thr', String(state.race.threshold));
  }
}

/** Read the classroom keys of `q` into `state` (already holding the lesson and its settings). */
export function readClassroom(q, state, settings, maxLr) {
  settings.hyper = readHyper(q, settings.optimizer);
  state.presenter = q.get('presenter') === '1';
  state.hide = [...new Set((q.get('hide') ?? '').split(','))].filter((name) => HIDEABLE.includes(name));
  const tour = Number(q.get('tour'));
  state.tour = q.has('tour') && Number.isInteger(tour) && tour >= 1 ? tour - 1 : null;
  state.code = q.get('code') === '1';
  state.race = q.has('race') ? readRace(q, state.lesson, maxLr) : null;
}

function readHyper(q, optimizer) {
  const hyper = {};
  for (const name of HYPER_NAMES[optimizer] ?? []) {
    const text = q.get(HYPER_PREFIX + name);
    if (text !== null && text.trim() !== '' && Number.isFinite(Number(text))) hyper[name] = Number(text);
  }
  return hyper;
}

function readRace(q, lesson, maxLr) {
  const race = raceDefaults(lesson);
  const entries = q.get('race').split(',').map((part) => {
    const [optimizer, lrText] = part.split(':');
    const lr = Number(lrText);
    return optimizer in HYPER_NAMES && lr > 0 && lr <= maxLr ? { optimizer, lr } : null;
  }).filter(Boolean).slice(0, MAX_RACERS);
  if (entries.length) race.entries = entries;
  if (FINISH_RULES.includes(q.get('finish'))) race.rule = q.get('finish');
  const threshold = Number(q.get('thr'));
  if (q.has('thr') && Number.isFinite(threshold) && threshold >= 0) race.threshold = threshold;
  return race;
}
