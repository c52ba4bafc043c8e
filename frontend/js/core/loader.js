/**
 * Fetches what each lesson needs into `state.data`: one sweep over the slider's notches
 * (so dragging redraws without a request), the full run at the chosen lr (gradients and
 * extras, streamed when long), and what the lesson's figure draws them on (a curve, a landscape).
 */

import * as api from './api.js';
import { runKey, runRequest, sweepKey } from './state.js';
import { recordsFromSweep } from './records.js';
import { backdropRequest, streams, sweepBody } from './requests.js';
import { CHANGE } from './store.js';
import { afterFirstChart } from './perf.js';

const RUN_DEBOUNCE_MS = 120;  // a typed or off-notch lr waits this long for the next keystroke

// where each kind of backdrop lands in `state.data[lesson]`, and how it is asked for
const SLOTS = { '/api/curve': ['curve', api.curve], '/api/landscape': ['landscape', api.landscape],
  '/api/datasets': ['dataset', api.dataset] };

/** A fetched curve, landscape or dataset with the key of its request (and a curve with its x range). */
function withKey(slot, answer, body) {
  const key = JSON.stringify(body);
  return slot === 'curve' ? { ...answer, key, range: [body.x_min, body.x_max] } : { ...answer, key };
}

export function createLoader(store) {
  const controllers = new Map();
  const inflightRun = {};
  let runTimer = 0;
  const data = (lesson) => store.state.data[lesson];
  const settings = (lesson) => store.state.lessons[lesson];

  function fresh(name) {
    controllers.get(name)?.abort();
    const c = new AbortController();
    controllers.set(name, c);
    return c.signal;
  }

  async function guarded(what, lesson, fn) {
    try {
      await fn(fresh(`${what}:${lesson}`));
    } catch (err) {
      if (err.name === 'AbortError') return;
      store.set(CHANGE.error, (s) => { s.data[lesson].error = { what, message: err.message, status: err.status }; });
    }
  }

  /** Show the sweep's row for the current lr, if the sweep matches the settings; true if it did. */
  function useSweep(lesson) {
    const d = data(lesson);
    const s = settings(lesson);
    if (!d.sweep || d.sweepKey !== sweepKey(lesson, s)) return false;
    const i = d.sweep.lrs.indexOf(s.lr);
    if (i < 0) return false;
    const { records, summary } = recordsFromSweep(d.sweep, i);
    store.set(CHANGE.records, (st) => Object.assign(st.data[lesson],
      { records, summary, source: 'sweep', complete: true, runKey: null, arrived: null, error: null }));
    return true;
  }

  function loadSweep(lesson) {
    const s = settings(lesson);
    const key = sweepKey(lesson, s);
    const body = sweepBody(lesson, s);
    if (data(lesson).sweepKey === key || !body) return null;
    return guarded('sweep', lesson, async (signal) => {
      const result = await api.sweep(body, signal);
      if (sweepKey(lesson, settings(lesson)) !== key) return;
      store.set(CHANGE.sweep, (st) => Object.assign(st.data[lesson], { sweep: result, sweepKey: key }));
      if (data(lesson).runKey !== runKey(lesson, settings(lesson))) useSweep(lesson);
    });
  }

  function loadRun(lesson) {
    const s = settings(lesson);
    const key = runKey(lesson, s);
    if (inflightRun[lesson] === key || (data(lesson).runKey === key && data(lesson).complete)) return null;
    inflightRun[lesson] = key;
    const req = runRequest(lesson, s);
    const work = streams(lesson, s) ? streamRun : fetchRun;
    return guarded('run', lesson, (signal) => work(lesson, key, req, signal))
      .finally(() => { if (inflightRun[lesson] === key) inflightRun[lesson] = null; });
  }

  async function fetchRun(lesson, key, req, signal) {
    const result = await api.run(req, signal);
    store.set(CHANGE.records, (st) => Object.assign(st.data[lesson], { records: result.records,
      summary: result.summary, source: 'run', complete: true, runKey: key, arrived: null, error: null }));
  }

  async function streamRun(lesson, key, req, signal) {
    const records = [];
    const arrived = { first: null, last: null };  // the player's max speed replays at this pace
    let frame = 0;
    store.set(CHANGE.records, (st) => Object.assign(st.data[lesson],
      { records, arrived, summary: null, source: 'stream', complete: false, runKey: key, error: null }));
    const summary = await api.stream(req, (record) => {
      records.push(record);
      arrived.last = performance.now();
      arrived.first ??= arrived.last;
      if (!frame) frame = requestAnimationFrame(() => { frame = 0; store.set(CHANGE.records, () => {}); });
    }, signal);
    store.set(CHANGE.records, (st) => Object.assign(st.data[lesson], { summary, complete: true }));
  }

  /** The curve or landscape the lesson's figure draws its records on, if it needs one. */
  function loadBackdrop(lesson) {
    const want = backdropRequest(lesson, settings(lesson).options);
    if (!want) return null;
    const [path, body] = want;
    const key = JSON.stringify(body);
    const [slot, ask] = SLOTS[path];
    if (data(lesson)[slot]?.key === key) return null;
    return guarded(slot, lesson, async (signal) => {
      const answer = await ask(body, signal);
      store.set(CHANGE.context, (st) => { st.data[lesson][slot] = withKey(slot, answer, body); });
    });
  }

  return {
    /** Settings other than lr changed (or first visit): fetch everything the lesson needs, in parallel. */
    refresh(lesson) {
      clearTimeout(runTimer);
      // the run and the figure's backdrop first: the sweep only matters once the slider moves, and before
      // the first chart its 100s of kB would only delay it
      const run = loadRun(lesson);
      const sweep = new Promise((resolve) => { afterFirstChart(() => resolve(loadSweep(lesson))); });
      return Promise.all([run, loadBackdrop(lesson), sweep]);
    },
    /** The lr moved: redraw from the sweep now; fetch the full run once the value settles. */
    lrChanged(lesson, commit) {
      clearTimeout(runTimer);
      const fromSweep = useSweep(lesson);
      if (commit) loadRun(lesson);
      else if (!fromSweep) runTimer = setTimeout(() => loadRun(lesson), RUN_DEBOUNCE_MS);
      return fromSweep;
    },
    /** Fetch what a typed function is drawn on (its curve, or its landscape); it becomes the lesson's
     *  only if torch accepts it, else the server's message. */
    tryFunction(lesson, fn) {
      return this.tryOptions(lesson, { function: fn });
    },
    /** The same for any options the backdrop depends on (a classify lesson's pasted points). */
    async tryOptions(lesson, changes) {
      const [path, body] = backdropRequest(lesson, { ...settings(lesson).options, ...changes });
      const [slot, ask] = SLOTS[path];
      try {
        const answer = await ask(body, fresh(`${slot}:${lesson}`));
        store.set(CHANGE.context, (st) => { st.data[lesson][slot] = withKey(slot, answer, body); });
        return null;
      } catch (err) {
        return err.name === 'AbortError' ? null : err.message;
      }
    },
  };
}
