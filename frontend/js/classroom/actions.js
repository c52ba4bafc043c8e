/**
 * The classroom's actions, part of the one actions object core/actions.js builds: presenter mode,
 * hidden controls, the learning rate by notches, links, the tour, the code panel and the optimizer
 * race. Like the page's own, each one changes the state, then asks for data.
 */

import { CHANGE } from '../core/store.js';
import { current, lrNotches, nearestNotch, validLr } from '../core/state.js';
import { fromHash } from '../core/urlState.js';
import { raceDefaults } from '../core/catalog.js';
import { FINISH_RULES, HIDEABLE, MAX_RACERS } from './state.js';
import { TOUR, stepSettings } from './tourSteps.js';

// The state a link carries besides the current lesson's settings.
const LINKED = ['step', 'speed', 'presenter', 'hide', 'tour', 'code', 'race'];

export function classroomActions(store, loader) {
  const state = store.state;

  function changeRace(mutate) {
    if (state.race) store.set(CHANGE.race, (s) => mutate(s.race, s));
  }

  return {
    /** One notch of the slider's log scale up (+1) or down (−1), committed at once. */
    lrNotch(delta) {
      const lrs = lrNotches();
      const i = Math.max(0, Math.min(lrs.length - 1, nearestNotch(current(state).lr) + delta));
      return this.setLr(lrs[i], true);
    },
    setPresenter(on) {
      if (state.presenter !== Boolean(on)) store.set(CHANGE.presenter, (s) => { s.presenter = Boolean(on); });
    },
    togglePresenter() {
      this.setPresenter(!state.presenter);
    },
    /** Hide (or show again) one control for students; the link remembers it. */
    setHidden(name, hidden) {
      if (!HIDEABLE.includes(name) || state.hide.includes(name) === hidden) return;
      store.set(CHANGE.presenter, (s) => {
        s.hide = hidden ? [...s.hide, name] : s.hide.filter((n) => n !== name);
      });
    },
    /** Show exactly what a link describes (opening one, or the hash edited, or back/forward). */
    applyHash(hash) {
      const next = fromHash(hash);
      store.set(CHANGE.lesson, (s) => {
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
      store.set(CHANGE.lesson, (s) => {
        s.lesson = step.lesson;
        s.lessons[step.lesson] = stepSettings(step);
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
      if (state.tour !== null) store.set(CHANGE.tour, (s) => { s.tour = null; });
    },
    toggleTour() {
      return state.tour === null ? this.tourGo(0) : this.closeTour();
    },
    setCode(open) {
      if (state.code !== Boolean(open)) store.set(CHANGE.code, (s) => { s.code = Boolean(open); });
    },
    toggleCode() {
      this.setCode(!state.code);
    },
    /** The optimizer race on the current lesson: its racers, or the lesson's story racers to start. */
    setRace(on) {
      if (Boolean(state.race) === Boolean(on)) return;
      store.set(CHANGE.race, (s) => { s.race = on ? raceDefaults(s.lesson) : null; s.playing = false; s.step = 0; });
    },
    toggleRace() {
      this.setRace(!state.race);
    },
    setRacer(i, { optimizer, lr }) {
      if (lr !== undefined && !validLr(lr)) return;
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
  };
}
