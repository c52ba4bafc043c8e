/**
 * A tiny store: `set(kind, mutate)` changes the state, then tells every subscriber which kind of
 * change it was. CHANGE lists every kind; each `store.set` and each subscriber names one of these.
 */

export const CHANGE = Object.freeze({
  lesson: 'lesson',  // another lesson is shown (or a link / tour step replaced the settings)
  settings: 'settings',  // a setting other than lr changed: optimizer, steps, options, hyperparameters
  lr: 'lr',
  step: 'step',  // the step shown
  playing: 'playing',
  speed: 'speed',
  records: 'records',  // a run's records arrived (or grew, while streaming)
  sweep: 'sweep',  // a sweep over the slider's notches arrived
  context: 'context',  // what a figure draws behind the records: the curve, the loss landscape
  error: 'error',
  gradGraph: 'gradGraph',  // the autograd panel: open, its graph, how far backward() has walked
  presenter: 'presenter',  // presenter mode or the controls hidden for students
  tour: 'tour',
  code: 'code',
  race: 'race',  // the race's settings
  raceData: 'raceData',  // the racers' runs arrived
  map: 'map',  // the convergence map: opened or closed, or its sweep arrived
  live: 'live',  // a live class: joined or left, following or not, its question, answers or reveal
});

export function createStore(state) {
  const subscribers = new Set();
  return {
    state,
    set(kind, mutate) {
      if (!Object.hasOwn(CHANGE, kind)) throw new Error(`unknown change kind: ${kind}`);
      mutate(state);
      for (const fn of subscribers) fn(kind);
    },
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
  };
}
