/**
 * The request bodies each lesson needs, built in one place: the boot prefetch and the loader
 * must ask for exactly the same things for the prefetched answers to be used. What a lesson
 * needs behind its records (a curve, a landscape) and how big its sweep is, its module says.
 */

import { lrNotches, runRequest } from './state.js';
import { optionSpecs, presets } from './catalog.js';
import { LESSONS } from '../lessons/index.js';

const CURVE_POINTS = 401;
const LANDSCAPE_POINTS = 81;
const SWEEP_NUMBER_BUDGET = 200_000;  // numbers (~4 MB of JSON) in one sweep; past it the slider uses single runs
const STREAM_AFTER_STEPS = 500;  // longer runs stream so playback starts before torch finishes
const DEFAULT_RANGE = [-10, 10];  // x range for a function no preset describes

/** Long runs come as a stream of records, short ones in one answer; a lesson with heavy records
 *  (a heatmap per step) says from how many steps on it streams. */
export const streams = (lesson, settings) => settings.steps > (LESSONS[lesson].streamAfterSteps ?? STREAM_AFTER_STEPS);

/** The x range to draw: the preset's (or a default), widened to show the start with a margin, within x0's bounds. */
function curveRange(lesson, fn, x0) {
  const [a, b] = presets(lesson).find((p) => p.options.function === fn.trim())?.range?.x ?? DEFAULT_RANGE;
  const [min, max] = optionSpecs(lesson).x0?.bounds ?? [-Infinity, Infinity];
  const margin = 0.1 * (b - a);
  return [Math.max(min, Math.min(a, x0 - margin)), Math.min(max, Math.max(b, x0 + margin))];
}

export function curveBody(lesson, fn, x0) {
  const [xMin, xMax] = curveRange(lesson, fn, x0);
  return { function: fn, x_min: xMin, x_max: xMax, n: CURVE_POINTS };
}

/** The options a backdrop depends on (all of them when the lesson names none). */
const pick = (options, names) => Object.fromEntries((names ?? Object.keys(options)).map((n) => [n, options[n]]));

export function landscapeBody(lesson, options) {
  return { problem: lesson, options: pick(options, LESSONS[lesson].landscapeOptions), n: LANDSCAPE_POINTS };
}

/** What the lesson's figure draws the records on: [path, body] for the loader and the prefetch, or null. */
export function backdropRequest(lesson, options) {
  const kind = LESSONS[lesson].backdrop;
  if (kind === 'curve') return ['/api/curve', curveBody(lesson, options.function, options.x0)];
  if (kind === 'landscape') return ['/api/landscape', landscapeBody(lesson, options)];
  if (kind === 'dataset') return ['/api/datasets', pick(options, LESSONS[lesson].backdropOptions)];
  return null;
}

/** One sweep over every slider notch (the run request without `lr`), or null when it would be too big. */
export function sweepBody(lesson, settings) {
  const lrs = lrNotches();
  if ((settings.steps + 1) * lrs.length * LESSONS[lesson].numbersPerStep > SWEEP_NUMBER_BUDGET) return null;
  const { lr, ...rest } = runRequest(lesson, settings);
  return { ...rest, lrs, grads: true };  // gradients too: the formula and table stay live while dragging
}

/** What opening a lesson asks for, most urgent first: the run, the figure's backdrop, the sweep. */
export function openingRequests(state) {
  const lesson = state.lesson;
  const s = state.lessons[lesson];
  const out = [];
  if (!streams(lesson, s)) out.push(['/api/runs', runRequest(lesson, s)]);
  const backdrop = backdropRequest(lesson, s.options);
  if (backdrop) out.push(backdrop);
  const sweep = sweepBody(lesson, s);
  if (sweep) out.push(['/api/sweeps', sweep]);
  return out;
}
