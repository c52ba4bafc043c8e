/**
 * Every change the page can make, as named actions. The controls call them; keyboard
 * shortcuts, the guided tour and shared links can call the same ones. Each action
 * changes the state and asks the loader for whatever data the new state needs.
 */

import { LESSON_IDS, MAX_LR, MAX_STEPS, OPTIMIZER_IDS, SPEEDS, current, lessonDefaults } from './state.js';
import { PRESETS } from '../presets.js';

export function createActions(store, loader) {
  const state = store.state;
  const refresh = () => loader.refresh(state.lesson);

  function lastStep() {
    const d = state.data[state.lesson];
    return d.complete && d.records.length ? d.records.length - 1 : current(state).steps;
  }

  function changeSettings(mutate) {
    store.set('settings', (s) => {
      mutate(current(s), s);
      s.playing = false;
      s.step = Math.min(s.step, current(s).steps);
    });
    return refresh();
  }

  return {
    lastStep,
    /** First visit: fetch what the opening lesson needs. */
    start: refresh,
    /** After the server was lost: clear the message and ask again for what the lesson needs. */
    retry() {
      store.set('error', (s) => { s.data[s.lesson].error = null; });
      return refresh();
    },
    setLesson(id) {
      if (!LESSON_IDS.includes(id) || id === state.lesson) return;
      store.set('lesson', (s) => { s.lesson = id; s.playing = false; s.step = 0; });
      refresh();
    },
    /** A new learning rate; `commit` once the slider is let go (or a typed value is entered). */
    setLr(lr, commit = false) {
      if (!(lr > 0 && lr <= MAX_LR)) return false;
      if (current(state).lr !== lr) store.set('lr', (s) => { current(s).lr = lr; });
      return loader.lrChanged(state.lesson, commit);
    },
    setOptimizer(id) {
      // each optimizer has its own hyperparameters: a new one starts from torch's defaults
      if (OPTIMIZER_IDS.includes(id)) changeSettings((c) => { c.optimizer = id; c.hyper = {}; });
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
      if (steps >= 1 && steps <= MAX_STEPS) changeSettings((c) => { c.steps = steps; });
    },
    setOption(key, value) {
      changeSettings((c) => {
        c.options[key] = value;
        if (key === 'variant' && value !== 'linear') c.options.broadcast_bug = false;
      });
    },
    /** Start the parabola somewhere else (typed, or clicked on the curve); 3 figures are plenty. */
    setX0(x) {
      if (Number.isFinite(x) && Math.abs(x) <= 1e6) this.setOption('x0', Number(x.toPrecision(3)));
    },
    usePreset(id) {
      const p = PRESETS.find((preset) => preset.id === id);
      if (p) changeSettings((c) => { c.options.function = p.function; c.options.x0 = p.x0; });
    },
    /** Try a typed function: it becomes the lesson's only if torch accepts it; else the message. */
    async tryFunction(text) {
      const error = await loader.tryFunction(state.lesson, text.trim());
      if (!error) this.setOption('function', text.trim());
      return error;
    },
    restoreDefaults() {
      changeSettings((c, s) => Object.assign(c, lessonDefaults(s.lesson)));
    },
    setSpeed(v) {
      if (SPEEDS.includes(Number(v))) store.set('speed', (s) => { s.speed = Number(v); });
    },
    setStep(k) {
      const step = Math.max(0, Math.min(Math.round(k), lastStep()));
      if (step !== state.step) store.set('step', (s) => { s.step = step; });
    },
    stepBy(delta) {
      this.pause();
      this.setStep(state.step + delta);
    },
    play() {
      if (state.step >= lastStep()) this.setStep(0);
      if (!state.playing) store.set('playing', (s) => { s.playing = true; });
    },
    pause() {
      if (state.playing) store.set('playing', (s) => { s.playing = false; });
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
    toggleGradGraph(open = !state.gradGraph.open) {
      store.set('gradGraph', (s) => { s.gradGraph.open = open; });
    },
    /** Backprop step by step: light the next node backward() visits (playback pauses, the graph must be the step's). */
    backpropStep() {
      this.pause();
      const g = state.gradGraph;
      if (!g.open) return this.toggleGradGraph(true);
      if (g.status === 'ready' && g.graph && g.reached < g.graph.order.length) {
        store.set('gradGraph', (s) => { s.gradGraph.reached += 1; });
      }
      return undefined;
    },
    backpropRestart() {
      if (state.gradGraph.reached) store.set('gradGraph', (s) => { s.gradGraph.reached = 0; });
    },
  };
}
