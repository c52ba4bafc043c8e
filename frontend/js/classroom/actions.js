/**
 * Named actions for the classroom features, added to `window.gradplay.actions` beside the page's
 * own: presenter mode, hidden controls, the learning rate by notches, links, the tour, the code
 * panel and the optimizer race. Like the others, each one changes the state, then asks for data.
 */

import { LR_NOTCHES, MAX_LR, current, fromHash, lessonDefaults, nearestNotch } from '../core/state.js';
import { FINISH_RULES, HIDEABLE, MAX_RACERS, raceDefaults } from './state.js';
import { TOUR } from './tourSteps.js';

// The state a link carries besides the current lesson's settings.
const LINKED = ['step', 'speed', 'presenter', 'hide', 'tour', 'code', 'race'];

export function addClassroomActions(actions, store, loader) {
  const state = store.state;
  const setLesson = actions.setLesson.bind(actions);

  function changeRace(mutate) {
    if (state.race) store.set('race', (s) => mutate(s.race, s));
  }

  return Object.assign(actions, {
    /** Switching lessons during a race re-seeds the racers with learning rates that suit the new lesson. */
    setLesson(id) {
      setLesson(id);
      if (state.race && state.lesson === id) store.set('race', (s) => { s.race = raceDefaults(id); });
    },
    /** One notch of the slider's log scale up (+1) or down (−1), committed at once. */
    lrNotch(delta) {
      const i = Math.max(0, Math.min(LR_NOTCHES.length - 1, nearestNotch(current(state).lr) + delta));
      return this.setLr(LR_NOTCHES[i], true);
    },
    setPresenter(on) {
      if (state.presenter !== Boolean(on)) store.set('presenter', (s) => { s.presenter = Boolean(on); });
    },
    togglePresenter() {
      this.setPresenter(!state.presenter);
    },
    /** Hide (or show again) one control for students; the link remembers it. */
    setHidden(name, hidden) {
      if (!HIDEABLE.includes(name) || state.hide.includes(name) === hidden) return;
      store.set('presenter', (s) => {
        s.hide = hidden ? [...s.hide, name] : s.hide.filter((n) => n !== name);
      });
    },
    /** Show exactly what a link describes (opening one, or the hash edited, or back/forward). */
    applyHash(hash) {
      const next = fromHash(hash);
      store.set('lesson', (s) => {
        s.lesson = next.lesson;
        s.lessons[next.lesson] = next.lessons[next.lesson];
        for (const key of LINKED) s[key] = next[key];
        s.playing = false;
      });
      return loader.refresh(next.lesson);
    },
    /** Go to tour step `i` (from 0): its lesson, its settings and the step it shows. */
    tourGo(i) {
      const step = TOUR[i];
      if (!step) return this.closeTour();
      store.set('lesson', (s) => {
        const settings = lessonDefaults(step.lesson);
        s.lesson = step.lesson;
        s.lessons[step.lesson] = { ...settings, ...step.settings, options: { ...settings.options, ...step.settings.options } };
        Object.assign(s, { tour: i, race: null, step: step.k, playing: false });
      });
      return loader.refresh(step.lesson);
    },
    tourNext() {
      return state.tour === null ? this.tourGo(0) : this.tourGo(Math.min(state.tour + 1, TOUR.length - 1));
    },
    tourPrev() {
      return state.tour === null ? this.tourGo(0) : this.tourGo(Math.max(state.tour - 1, 0));
    },
    closeTour() {
      if (state.tour !== null) store.set('tour', (s) => { s.tour = null; });
    },
    toggleTour() {
      return state.tour === null ? this.tourGo(0) : this.closeTour();
    },
    setCode(open) {
      if (state.code !== Boolean(open)) store.set('code', (s) => { s.code = Boolean(open); });
    },
    toggleCode() {
      this.setCode(!state.code);
    },
    /** The optimizer race on the current lesson: its racers, or the lesson's story racers to start. */
    setRace(on) {
      if (Boolean(state.race) === Boolean(on)) return;
      store.set('race', (s) => { s.race = on ? raceDefaults(s.lesson) : null; s.playing = false; s.step = 0; });
    },
    toggleRace() {
      this.setRace(!state.race);
    },
    setRacer(i, { optimizer, lr }) {
      if (lr !== undefined && !(lr > 0 && lr <= MAX_LR)) return;
      changeRace((race) => { Object.assign(race.entries[i], optimizer ? { optimizer } : {}, lr ? { lr } : {}); });
    },
    addRacer() {
      changeRace((race) => {
        if (race.entries.length >= MAX_RACERS) return;
        const c = current(state);
        race.entries.push({ optimizer: c.optimizer, lr: c.lr });
      });
    },
    removeRacer(i) {
      changeRace((race) => { if (race.entries.length > 1) race.entries.splice(i, 1); });
    },
    setFinishRule(rule) {
      if (FINISH_RULES.includes(rule)) changeRace((race) => { race.rule = rule; });
    },
    setThreshold(value) {
      if (Number.isFinite(value) && value >= 0) changeRace((race) => { race.threshold = value; });
    },
  });
}
