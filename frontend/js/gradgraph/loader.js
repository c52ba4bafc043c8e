/**
 * Fetches the autograd graph for the step the lesson shows into `state.gradGraph`, only while the
 * panel is open. A change of step or settings waits FETCH_DELAY_MS for the next one (stepping,
 * dragging) and cancels the request it replaces; during playback nothing is fetched until pause.
 */

import * as api from '../core/api.js';
import { CHANGE } from '../core/store.js';
import { current, runRequest } from '../core/state.js';
import { flat } from '../core/records.js';

const FETCH_DELAY_MS = 150;
const WATCH = new Set([CHANGE.gradGraph, CHANGE.lesson, CHANGE.settings, CHANGE.lr, CHANGE.step, CHANGE.records,
  CHANGE.playing]);

export function createGradGraphLoader(store) {
  let timer = 0;
  let controller = null;
  let asked = null;  // the key scheduled or in flight

  function publish(change) {
    const g = store.state.gradGraph;
    if (Object.entries(change).every(([k, v]) => g[k] === v)) return;
    store.set(CHANGE.gradGraph, (s) => Object.assign(s.gradGraph, change));
  }

  function cancel() {
    clearTimeout(timer);
    controller?.abort();
    controller = null;
    asked = null;
  }

  async function load(want) {
    controller = new AbortController();
    const { signal } = controller;
    try {
      const graph = await api.graph(want.body, signal);
      const old = store.state.gradGraph;
      const same = old.graph && old.graph.order.join() === graph.order.join();  // same ops: keep the walk
      publish({ graph, key: want.key, step: want.step, lesson: want.lesson, status: 'ready', message: '',
        reached: same ? Math.min(old.reached, graph.order.length) : 0 });
    } catch (err) {
      if (err.name === 'AbortError') return;
      publish({ graph: null, key: want.key, step: want.step, lesson: want.lesson, status: 'error',
        message: err.message, reached: 0 });
    } finally {
      if (asked === want.key) asked = null;
    }
  }

  function update(kind) {
    if (!WATCH.has(kind)) return;
    const s = store.state;
    if (!s.gradGraph.open) return cancel();
    const want = wanted(s);
    const g = s.gradGraph;
    if (!want) return;
    if (want.key === g.key && (g.graph || g.status === 'error' || g.status === 'unavailable')) {
      cancel();  // back on the step already shown
      return g.graph ? publish({ status: 'ready' }) : undefined;
    }
    if (want.key === asked) return;
    cancel();
    if (s.playing && s.gradGraph.graph) return publish({ status: 'playing' });
    if (!want.finite) {
      return publish({ graph: null, key: want.key, step: want.step, lesson: want.lesson, status: 'unavailable',
        message: `At step ${want.step} the run's numbers are no longer finite (it diverged): pick an earlier step.`,
        reached: 0 });
    }
    asked = want.key;
    publish({ status: 'loading' });
    timer = setTimeout(() => load(want), kind === CHANGE.gradGraph ? 0 : FETCH_DELAY_MS);
  }

  store.subscribe(update);
  update(CHANGE.gradGraph);  // the panel may have been opened (G) before it was built, after the first chart
  return { update };
}

/** The graph the lesson calls for now: its run request plus the step shown, or null before any record. */
function wanted(s) {
  const records = s.data[s.lesson].records;
  if (!records.length) return null;
  const step = Math.min(s.step, records.length - 1);
  const body = { ...runRequest(s.lesson, current(s)), step };
  const finite = flat(Object.values(records[step].params ?? {})).every((v) => v !== null);
  return { key: JSON.stringify(body), body, step, lesson: s.lesson, finite };
}
