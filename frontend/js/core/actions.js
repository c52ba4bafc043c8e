/**
 * Every change the page can make, as named actions. The controls call them; keyboard
 * shortcuts, the guided tour and shared links call the same ones. Each action changes the
 * state and asks the loader for whatever data the new state needs. The object is built once,
 * here, with the classroom's actions (classroom/actions.js) and the live class's (live/actions.js)
 * beside the page's own.
 */

import { CHANGE } from './store.js';
import { current, defaultSpeed, readSpeed, validLr } from './state.js';
import { lessonDefaults, lessonIds, limits, optimizer, optimizerIds, optionSpecs, presets, raceDefaults } from './catalog.js';
import { classroomActions } from '../classroom/actions.js';
import { liveActions } from '../live/actions.js';

const X0_DIGITS = 3;  // a start picked on the curve: 3 figures are plenty

export function createActions(store, loader) {
  const state = store.state;
  const refresh = () => loader.refresh(state.lesson);

  function lastStep() {
    const d = state.data[state.lesson];
    return d.complete && d.records.length ? d.records.length - 1 : current(state).steps;
  }

  function changeSettings(mutate) {
    store.set(CHANGE.settings, (s) => {
      mutate(current(s), s);
      s.playing = false;
      s.step = Math.min(s.step, current(s).steps);
    });
    return refresh();
  }

  const page = {
    lastStep,
    /** First visit: fetch what the opening lesson needs. */
    start: refresh,
    /** After the server was lost: clear the message and ask again for what the lesson needs. */
    retry() {
      store.set(CHANGE.error, (s) => { s.data[s.lesson].error = null; });
      return refresh();
    },
    /** Another lesson; during a race its racers become the new lesson's line-up. */
    setLesson(id) {
      if (!lessonIds().includes(id) || id === state.lesson) return;
      store.set(CHANGE.lesson, (s) => {
        if (s.speed === defaultSpeed(s.lesson)) s.speed = defaultSpeed(id);  // a speed nobody chose is the lesson's own
        Object.assign(s, { lesson: id, playing: false, step: 0 });
      });
      if (state.race) store.set(CHANGE.race, (s) => { s.race = raceDefaults(id); });
      refresh();
    },
    /** A new learning rate; `commit` once the slider is let go (or a typed value is entered). */
    setLr(lr, commit = false) {
      if (!validLr(lr)) return false;
      if (current(state).lr !== lr) store.set(CHANGE.lr, (s) => { current(s).lr = lr; });
      return loader.lrChanged(state.lesson, commit);
    },
    setOptimizer(id) {
      // each optimizer has its own hyperparameters: a new one starts from torch's defaults
      if (optimizerIds().includes(id)) changeSettings((c) => { c.optimizer = id; c.hyper = {}; });
    },
    /** One hyperparameter of the current optimizer; null goes back to torch's default. */
    setHyper(name, value) {
      if (value !== null && !Number.isFinite(value)) return;
      changeSettings((c) => {
        const { [name]: _old, ...rest } = c.hyper ?? {};
        c.hyper = value === null ? rest : { ...rest, [name]: value };
      });
    },
    setSteps(n) {
      const steps = Math.round(Number(n));
      if (steps >= 1 && steps <= limits().max_steps) changeSettings((c) => { c.steps = steps; });
    },
    setOption(key, value) {
      this.setOptions({ [key]: value });
    },
    /** Several options in one change (a lesson's module knows which go together). */
    setOptions(changes) {
      changeSettings((c) => { Object.assign(c.options, changes); });
    },
    /** Start somewhere else (typed, or clicked on the curve), within the option's bounds. */
    setX0(x) {
      const [lo, hi] = optionSpecs(state.lesson).x0?.bounds ?? [-Infinity, Infinity];
      if (Number.isFinite(x) && x >= lo && x <= hi) this.setOption('x0', Number(x.toPrecision(X0_DIGITS)));
    },
    usePreset(id) {
      const p = presets(state.lesson).find((preset) => preset.id === id);
      if (p) this.setOptions(p.options);
    },
    /** Try a typed function: it becomes the lesson's only if torch accepts it; else the message. */
    async tryFunction(text) {
      const error = await loader.tryFunction(state.lesson, text.trim());
      if (!error) this.setOption('function', text.trim());
      return error;
    },
    /** Try options the lesson's backdrop depends on (pasted points): set only if the server takes them; else its message. */
    async tryOptions(changes) {
      const error = await loader.tryOptions(state.lesson, changes);
      if (!error) this.setOptions(changes);
      return error;
    },
    restoreDefaults() {
      changeSettings((c, s) => Object.assign(c, lessonDefaults(s.lesson)));
    },
    /** Steps per second (a number, or '5' from the control), or Infinity / 'max': as fast as the run trains. */
    setSpeed(v) {
      const speed = v === Infinity ? v : readSpeed(v);
      if (speed !== undefined) store.set(CHANGE.speed, (s) => { s.speed = speed; });
    },
    setStep(k) {
      const step = Math.max(0, Math.min(Math.round(k), lastStep()));
      if (step !== state.step) store.set(CHANGE.step, (s) => { s.step = step; });
    },
    stepBy(delta) {
      this.pause();
      this.setStep(state.step + delta);
    },
    play() {
      if (state.step >= lastStep()) this.setStep(0);
      if (!state.playing) store.set(CHANGE.playing, (s) => { s.playing = true; });
    },
    pause() {
      if (state.playing) store.set(CHANGE.playing, (s) => { s.playing = false; });
    },
    togglePlay() {
      if (state.playing) this.pause();
      else this.play();
    },
    reset() {
      this.pause();
      this.setStep(0);
    },
    /** Open or close the "How torch got this gradient" panel. */
    toggleMap(open = !state.map.open) {
      store.set(CHANGE.map, (s) => { s.map.open = open; });
    },
    /** A cell of the convergence map: its learning rate and its value of the optimizer's map hyperparameter. */
    pickFromMap(lr, value) {
      const name = optimizer(state.lessons[state.lesson].optimizer)?.map_hyper;
      if (!name) return;
      this.setHyper(name, value);
      this.setLr(lr, true);
    },
    toggleGradGraph(open = !state.gradGraph.open) {
      store.set(CHANGE.gradGraph, (s) => { s.gradGraph.open = open; });
    },
    /** Backprop step by step: light the next node backward() visits (playback pauses, the graph must be the step's). */
    backpropStep() {
      this.pause();
      const g = state.gradGraph;
      if (!g.open) return this.toggleGradGraph(true);
      if (g.status === 'ready' && g.graph && g.reached < g.graph.order.length) {
        store.set(CHANGE.gradGraph, (s) => { s.gradGraph.reached += 1; });
      }
      return undefined;
    },
    backpropRestart() {
      if (state.gradGraph.reached) store.set(CHANGE.gradGraph, (s) => { s.gradGraph.reached = 0; });
    },
  };
  return Object.freeze({ ...page, ...classroomActions(store, loader), ...liveActions(store, loader) });
}
