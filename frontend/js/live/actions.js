/**
 * The live class's actions, part of the page's one actions object: joining as teacher or student,
 * following or exploring, and what the class's event stream says (a teacher's state, a question,
 * its answers, the reveal). live.js does the network; these only change the state.
 */

import { CHANGE } from '../core/store.js';
import { current, runKey } from '../core/state.js';
import { fromHash } from '../core/urlState.js';

// while both play, a follower's own step may differ from the teacher's by this much (a state takes ~0.2 s to arrive)
const PLAY_SLACK_STEPS = 2;
const PLAY_SLACK_S = 0.5;

/** An empty live class: `role` 'teacher' or 'student'. */
export function liveState(role, code, extra = {}) {
  return { role, code, following: role === 'student', teacher: null, question: null, counts: null, n: 0,
    reveal: null, answer: null, ended: null, students: null, ...extra };
}

export function liveActions(store, loader) {
  const state = store.state;
  const setLive = (mutate) => { if (state.live) store.set(CHANGE.live, (s) => mutate(s.live, s)); };

  /** Show what the teacher's page shows: lesson, settings, race, tour, step, play or pause. */
  function follow(t, actions) {
    const next = fromHash(t.hash ?? '');
    const same = next.lesson === state.lesson && runKey(next.lesson, next.lessons[next.lesson]) === runKey(state.lesson, current(state))
      && JSON.stringify(next.race) === JSON.stringify(state.race) && next.tour === state.tour;
    if (!same) {
      store.set(CHANGE.lesson, (s) => {
        s.lesson = next.lesson;
        s.lessons[next.lesson] = next.lessons[next.lesson];
        Object.assign(s, { race: next.race, tour: next.tour, step: next.step, playing: false });
      });
      loader.refresh(next.lesson);
    }
    if (next.speed !== state.speed) actions.setSpeed(next.speed);
    const step = Math.min(Number(t.step ?? next.step) || 0, current(state).steps);
    if (t.playing) {
      const slack = Math.max(PLAY_SLACK_STEPS, state.speed * PLAY_SLACK_S);
      if (Math.abs(state.step - step) > slack || !state.playing) store.set(CHANGE.step, (s) => { s.step = step; });
      if (!state.playing) store.set(CHANGE.playing, (s) => { s.playing = true; });
    } else {
      actions.pause();
      if (state.step !== step) store.set(CHANGE.step, (s) => { s.step = step; });
    }
  }

  return {
    /** This page now leads (teacher) or follows (student) the class `code`; null: no class. */
    setLive(role, code, extra) {
      store.set(CHANGE.live, (s) => { s.live = role ? liveState(role, code, extra) : null; });
    },
    /** A `state` event: a student keeps it, and shows it while following. */
    liveTeacherState(t) {
      if (state.live?.role !== 'student') return;  // the teacher's own state, back from the stream
      setLive((l) => { l.teacher = t; });
      if (state.live.following) follow(t, this);
    },
    /** "Explore on my own" (false) or "Rejoin" (true: jump to the teacher's state now). */
    setFollowing(on) {
      if (state.live?.role !== 'student' || state.live.following === on) return;
      setLive((l) => { l.following = on; });
      if (on && state.live.teacher) follow(state.live.teacher, this);
    },
    liveQuestion(q) {
      setLive((l) => Object.assign(l, { question: q, counts: new Array(q.bins).fill(0), n: 0, reveal: null, answer: null }));
    },
    liveAnswers({ question, counts, n }) {
      setLive((l) => { if (l.question?.id === question) Object.assign(l, { counts, n }); });
    },
    liveReveal(r) {
      setLive((l) => { if (l.question?.id === r.question) Object.assign(l, { counts: r.counts, n: r.n, reveal: r }); });
    },
    /** The value this student sent for the current question. */
    liveAnswered(value) {
      setLive((l) => { l.answer = value; });
    },
    /** How many streams follow the class (the server's count, the projector's own among them). */
    liveStudents(n) {
      if (state.live && state.live.students !== n) setLive((l) => { l.students = n; });
    },
    liveEnded(reason) {
      setLive((l) => Object.assign(l, { ended: reason, following: false }));
    },
  };
}
