/**
 * The request bodies each lesson needs, built in one place: the boot prefetch and the loader
 * must ask for exactly the same things for the prefetched answers to be used.
 */

import { LR_NOTCHES, runRequest } from './state.js';
import { curveRange } from '../presets.js';

const CURVE_POINTS = 401;
const LANDSCAPE_POINTS = 81;
const SWEEP_NUMBER_BUDGET = 200_000;  // numbers (~4 MB of JSON) in one sweep; past it the slider uses single runs
const NUMBERS_PER_STEP = { parabola: 3, not_gate: 5, network: 27 };  // loss + parameter values + gradients
const STREAM_AFTER_STEPS = 500;  // longer runs stream so playback starts before torch finishes

/** Long runs come as a stream of records, short ones in one answer. */
export const streams = (settings) => settings.steps > STREAM_AFTER_STEPS;

export function curveBody(fn, x0) {
  const [xMin, xMax] = curveRange(fn, x0);
  return { function: fn, x_min: xMin, x_max: xMax, n: CURVE_POINTS };
}

export function landscapeBody(lesson, options) {
  return { problem: lesson, options: { variant: options.variant, broadcast_bug: options.broadcast_bug },
    n: LANDSCAPE_POINTS };
}

/** One sweep over every slider notch (the run request without `lr`), or null when it would be too big. */
export function sweepBody(lesson, settings) {
  if ((settings.steps + 1) * LR_NOTCHES.length * NUMBERS_PER_STEP[lesson] > SWEEP_NUMBER_BUDGET) return null;
  const { lr, ...rest } = runRequest(lesson, settings);
  return { ...rest, lrs: LR_NOTCHES, grads: true };  // gradients too: the formula and table stay live while dragging
}

/** What opening a lesson asks for, most urgent first: the run, the figure's backdrop, the sweep. */
export function openingRequests(state) {
  const lesson = state.lesson;
  const s = state.lessons[lesson];
  const out = [];
  if (!streams(s)) out.push(['/api/runs', runRequest(lesson, s)]);
  if (lesson === 'parabola') out.push(['/api/curve', curveBody(s.options.function, s.options.x0)]);
  if (lesson === 'not_gate') out.push(['/api/landscape', landscapeBody(lesson, s.options)]);
  const sweep = sweepBody(lesson, s);
  if (sweep) out.push(['/api/sweeps', sweep]);
  return out;
}
