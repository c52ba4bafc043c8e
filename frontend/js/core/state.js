/**
 * The page's one state object. Events change it through `store.set` (store.js), views render
 * from it. Settings round-trip through the URL hash (urlState.js); fetched results live in
 * `state.data`, one slot per lesson, every field declared here, and are never serialised.
 */

import { lessonDefaults, lessonIds, limits } from './catalog.js';
import { LESSONS } from '../lessons/index.js';

// ~log-even mantissas that are also numbers a teacher can say out loud
const LR_MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
const LR_SMALLEST = 1e-5;
// steps per second; Infinity: as fast as the run trains (a streamed run's newest record, once per frame)
export const SPEEDS = [1, 2, 5, 10, 20, 50, Infinity];
const DEFAULT_SPEED = 5;
const MAX = 'max';  // Infinity in the URL and the speed control

/** A speed from the URL or the control ('5', 'max'), or undefined when it is none of SPEEDS. */
export const readSpeed = (text) => (String(text).trim() === MAX ? Infinity
  : SPEEDS.find((v) => Number.isFinite(v) && v === Number(text)));
export const writeSpeed = (v) => (v === Infinity ? MAX : String(v));
/** A lesson's own speed (its module's `speed`, classify's 'max'), else 5 steps/s. */
export const defaultSpeed = (lesson) => readSpeed(LESSONS[lesson]?.speed ?? '') ?? DEFAULT_SPEED;

let notches = null;

/** The learning rate slider's notches: from 1e-5 up to the server's largest lr, which is the last notch. */
export function lrNotches() {
  if (notches) return notches;
  const max = limits().max_lr;
  const values = [];
  for (let e = Math.log10(LR_SMALLEST); 10 ** e < max; e++) {
    for (const m of LR_MANTISSAS) {
      const v = Number((m * 10 ** e).toPrecision(3));
      if (v < max) values.push(v);
    }
  }
  notches = [...values, max];
  return notches;
}

function emptyData() {
  return {
    records: [], summary: null, source: null, complete: false, runKey: null,  // the run shown
    arrived: null,  // a streamed run's pace: {first, last} performance.now() of its first and newest record
    sweep: null, sweepKey: null,  // one batched run over every slider notch
    curve: null, landscape: null, dataset: null,  // what the lesson's figure draws the records on
    race: null,  // the optimizer race's runs: {key, results}
    map: null,  // the convergence map's sweep: {key, result, error}
    error: null,
  };
}

export function initialState() {
  const ids = lessonIds();
  return {
    lesson: ids[0],
    lessons: Object.fromEntries(ids.map((id) => [id, lessonDefaults(id)])),
    step: 0,
    speed: defaultSpeed(ids[0]),  // a speed still the lesson's own follows the lesson (actions.setLesson)
    playing: false,
    presenter: false,
    hide: [],  // controls hidden for students
    tour: null,  // the tour step shown, from 0
    code: false,  // the code panel
    race: null,  // {entries: [{optimizer, lr}], rule, threshold} while a race is on
    map: { open: false },
    live: null,  // a live class this page leads or follows (live/actions.js); never in the URL  // the convergence map (lr × the optimizer's map hyperparameter)
    data: Object.fromEntries(ids.map((id) => [id, emptyData()])),
    // the "How torch got this gradient" panel: open or not, the graph of `step`, how far backward() has walked
    gradGraph: { open: false, graph: null, key: null, lesson: null, step: null, status: 'idle', message: '', reached: 0 },
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
  const lrs = lrNotches();
  let best = 0;
  lrs.forEach((v, i) => {
    if (Math.abs(Math.log(v / lr)) < Math.abs(Math.log(lrs[best] / lr))) best = i;
  });
  return best;
}

/** A learning rate the server takes: in (0, max_lr]. */
export const validLr = (lr) => lr > 0 && lr <= limits().max_lr;
