/**
 * The URL hash, from one table. Each row names a key, its type (how text becomes a value and
 * back) and where the value lives in the state: `scope` picks the object, `name` the field. One
 * loop writes every row, one reads them, in table order (so the lesson and the optimizer are known
 * before their options and hyperparameters, and `steps` before `k`). Rows that depend on the lesson
 * or the optimizer come from the catalog. A key that is missing or does not fit keeps its default.
 */

import { lessonIds, limits, optimizerIds, hyperNames, optionSpecs, raceDefaults } from './catalog.js';
import { current, defaultSpeed, initialState, readSpeed, validLr, writeSpeed } from './state.js';
import { FINISH_RULES, HIDEABLE, MAX_RACERS } from '../classroom/state.js';

const MAX_TEXT = () => limits().max_function_chars;
const finite = (text) => text.trim() !== '' && Number.isFinite(Number(text));

/** Types: `read(text, state)` gives the value, or undefined when the text does not fit; `write(value)` the text. */
const oneOf = (values) => ({ read: (t) => values().find((v) => String(v) === t), write: String });
const T = {
  lesson: oneOf(lessonIds),
  optimizer: oneOf(optimizerIds),
  speed: { read: readSpeed, write: writeSpeed },  // 1 … 50, or `max`: as fast as it trains
  lr: { read: (t) => (finite(t) && validLr(Number(t)) ? Number(t) : undefined), write: String },
  steps: { read: (t) => integerIn(t, 1, limits().max_steps), write: String },
  step: { read: (t, s) => integerIn(t, 0, current(s).steps), write: String },
  number: { read: (t) => (finite(t) ? Number(t) : undefined), write: String },
  flag: { read: (t) => t === '1', write: () => '1' },
  tour: { read: (t) => { const n = integerIn(t, 1, Infinity); return n === undefined ? undefined : n - 1; },
    write: (v) => String(v + 1) },  // people count tour steps from 1
  hide: { read: (t) => [...new Set(t.split(','))].filter((n) => HIDEABLE.includes(n)), write: (v) => v.join(',') },
  race: { read: readRace, write: (race) => race.entries.map((e) => `${e.optimizer}:${e.lr}`).join(',') },
  finish: oneOf(() => FINISH_RULES),
  threshold: { read: (t) => (finite(t) && Number(t) >= 0 ? Number(t) : undefined), write: String },
};

// An option's type from its declared kind; a value that does not fit falls back to the default.
const OPTION_TYPES = {
  boolean: { read: (t) => (t === 'true' ? true : t === 'false' ? false : undefined), write: String },
  number: T.number,
  integer: { read: (t) => integerIn(t, -Infinity, Infinity), write: String },
  list: { read: readList, write: writeList },
  string: { read: (t) => (t.length > 0 && t.length <= MAX_TEXT() ? t : undefined), write: String },
};
OPTION_TYPES.function = OPTION_TYPES.string;

function optionType(spec) {
  if (spec.choices) return { read: (t) => spec.choices.find((c) => String(c) === t), write: String };
  return OPTION_TYPES[spec.kind] ?? OPTION_TYPES.string;
}

/** Where each row's value lives; null: the row does not apply (no race on, say). */
const SCOPES = {
  state: (s) => s,
  settings: (s) => current(s),
  options: (s) => current(s).options,
  hyper: (s) => current(s).hyper,
  race: (s) => s.race,
};

// `omit`: values left out of the link (the defaults), so plain links stay short.
const PROPS = [
  { key: 'lesson', type: T.lesson, scope: 'state', name: 'lesson' },
  { key: 'opt', type: T.optimizer, scope: 'settings', name: 'optimizer' },
  { key: 'lr', type: T.lr, scope: 'settings', name: 'lr' },
  { key: 'steps', type: T.steps, scope: 'settings', name: 'steps' },
  { key: 'k', type: T.step, scope: 'state', name: 'step' },
  { key: 'speed', type: T.speed, scope: 'state', name: 'speed' },
  { rows: (s) => Object.entries(optionSpecs(s.lesson)).map(([name, spec]) => (
    { key: name, type: optionType(spec), scope: 'options', name })) },
  { rows: (s) => hyperNames(current(s).optimizer).map((name) => (
    { key: `h.${name}`, type: T.number, scope: 'hyper', name, omit: (v) => v === undefined })) },
  { key: 'presenter', type: T.flag, scope: 'state', name: 'presenter', omit: (v) => !v },
  { key: 'hide', type: T.hide, scope: 'state', name: 'hide', omit: (v) => !v.length },
  { key: 'tour', type: T.tour, scope: 'state', name: 'tour', omit: (v) => v === null },
  { key: 'code', type: T.flag, scope: 'state', name: 'code', omit: (v) => !v },
  { key: 'race', type: T.race, scope: 'state', name: 'race', omit: (v) => v === null },
  { key: 'finish', type: T.finish, scope: 'race', name: 'rule' },
  { key: 'thr', type: T.threshold, scope: 'race', name: 'threshold' },
];

/** Every row for this state, the lesson's and the optimizer's rows expanded as the loop reaches them. */
function* rows(state) {
  for (const prop of PROPS) {
    if (prop.rows) yield* prop.rows(state);
    else yield prop;
  }
}

export function toHash(state) {
  const q = new URLSearchParams();
  for (const row of rows(state)) {
    const where = SCOPES[row.scope](state);
    if (!where || row.omit?.(where[row.name])) continue;
    q.set(row.key, row.type.write(where[row.name]));
  }
  return `#${q.toString()}`;
}

/** State from a URL hash: unknown keys are ignored, missing or unfit ones take defaults. */
export function fromHash(hash) {
  const state = initialState();
  const q = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  for (const row of rows(state)) {
    const where = SCOPES[row.scope](state);
    if (!where || !q.has(row.key)) continue;
    const value = row.type.read(q.get(row.key), state);
    if (value !== undefined) where[row.name] = value;
  }
  if (readSpeed(q.get('speed') ?? '') === undefined) state.speed = defaultSpeed(state.lesson);  // the link's lesson's own
  return state;
}

const WORD = /^\w+$/;

/** A list option: plain numbers or names as `4,2` or `x1,x2` (short links), an empty list as nothing,
 *  anything else (nested lists: a lesson's own points) as JSON. */
function writeList(value) {
  const flatList = value.every((v) => typeof v === 'number' || (typeof v === 'string' && WORD.test(v)));
  return flatList ? value.join(',') : JSON.stringify(value);
}

function readList(text) {
  if (text === '') return [];
  if (text.startsWith('[')) {
    try {
      const value = JSON.parse(text);
      return Array.isArray(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  const parts = text.split(',');
  if (parts.every(finite)) return parts.map(Number);
  return parts.every((p) => WORD.test(p)) ? parts : undefined;
}

function integerIn(text, lo, hi) {
  const n = Number(text);
  return finite(text) && Number.isInteger(n) && n >= lo && n <= hi ? n : undefined;
}

/** `race=sgd:0.1,adam:0.5`: the lesson's line-up, with the racers the link names (those that fit) instead. */
function readRace(text, state) {
  const race = raceDefaults(state.lesson);
  const entries = text.split(',').map((part) => {
    const [optimizer, lrText] = part.split(':');
    const lr = Number(lrText);
    return optimizerIds().includes(optimizer) && validLr(lr) ? { optimizer, lr } : null;
  }).filter(Boolean).slice(0, MAX_RACERS);
  if (entries.length) race.entries = entries;
  return race;
}
