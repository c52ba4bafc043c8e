/**
 * A live class, wired to the page: the menu's "Start a live class" and "Join a class", the one
 * event stream (stream.js; both roles: the projector draws the answers' histogram from it), the
 * teacher's state published (debounced, with the token) on every change, and asking, answering
 * and revealing. The state lives in `state.live` (live/actions.js).
 */

import * as api from './api.js';
import { CHANGE } from '../core/store.js';
import { current, runRequest } from '../core/state.js';
import { toHash } from '../core/urlState.js';
import { keepTeacherClass, studentId, teacherClass } from './identity.js';
import { createJoinDialog } from './joinDialog.js';
import { createJoinForm } from './joinForm.js';
import { createTeacherPanel } from './teacherPanel.js';
import { createStudentCard } from './studentCard.js';
import { createStream } from './stream.js';
import { promptsFor, rangeFor, valueOf } from './prompts.js';

const PUBLISH_MS = 150;  // a drag or playback publishes at most this often
const COUNT_MS = 5000;  // how often the teacher's panel asks how many follow
// changes that are not the teacher's view: fetched data, panels of the teacher's own
const NOT_PUBLISHED = new Set([CHANGE.records, CHANGE.sweep, CHANGE.context, CHANGE.raceData, CHANGE.error,
  CHANGE.gradGraph, CHANGE.map, CHANGE.live, CHANGE.presenter, CHANGE.code]);
const CODE_CHARS = /[^A-Za-z0-9]/g;

export function createLive(doc, store, actions) {
  const state = store.state;
  const join = createJoinDialog(doc);
  const form = createJoinForm(doc, (text) => follow(text));
  const panel = Object.assign(doc.createElement('section'), { id: 'live-panel', className: 'side-panel live-panel', hidden: true });
  panel.setAttribute('aria-labelledby', 'live-title');
  doc.getElementById('side').prepend(panel);
  let teacher = null;  // {code, token, join_url} while this page leads a class
  let asked = null;  // the run and step a question was asked at: its reveal runs the next step
  let timer = 0;
  let lastPublished = '';
  let counter = 0;

  const ui = {
    prompts: () => (teacher ? promptsFor(shownRecord()) : []),
    showCode: () => teacher && join.show(teacher),
    ask, reveal, end,
    answer,
  };
  const teacherPanel = createTeacherPanel(panel, store, ui, doc);
  const card = createStudentCard(doc, store, actions, ui);
  const { listen, stop } = createStream(doc, actions, () => {
    if (state.live?.role === 'student') actions.liveEnded('the class is gone');
    else if (teacher) teacherPanel.status('The class stream was refused: the class may have ended.');
  });

  function shownRecord() {
    const d = state.data[state.lesson];
    return d.records[Math.min(state.step, d.records.length - 1)] ?? null;
  }

  const report = (err) => teacherPanel.status(err ? `${err.message}` : '');

  // -- teacher
  async function start() {
    try {
      teacher = await api.createClass();
    } catch (err) {
      form.show(`Could not start a live class: ${err.message}`);
      return;
    }
    lead(teacher);
    join.show(teacher);
  }

  function lead(cls) {
    teacher = { code: cls.code, token: cls.token, join_url: cls.join_url };
    keepTeacherClass(teacher);
    actions.setLive('teacher', teacher.code, { joinUrl: teacher.join_url });
    listen(teacher.code);
    lastPublished = '';
    publish();
    clearInterval(counter);
    const count = () => teacher && api.classInfo(teacher.code).then((info) => actions.liveStudents(info.students), () => {});
    counter = setInterval(count, COUNT_MS);
    count();
  }

  function teacherState() {
    return { hash: toHash(state), lesson: state.lesson, step: state.step, playing: state.playing,
      race: Boolean(state.race), tour: state.tour };
  }

  async function publish() {
    timer = 0;
    if (!teacher) return;
    const body = teacherState();
    const text = JSON.stringify(body);
    if (text === lastPublished) return;
    lastPublished = text;
    try {
      await api.publishState(teacher.code, teacher.token, body);
      report(null);
    } catch (err) {
      lastPublished = '';
      report(err);
      if (err.status === 404 || err.status === 403) forget();
    }
  }

  function schedule() {
    if (teacher && !timer) timer = setTimeout(publish, PUBLISH_MS);
  }

  async function ask(prompt) {
    const record = shownRecord();
    if (!teacher || valueOf(prompt, record) === null) return;
    const d = state.data[state.lesson];
    const body = { prompt: prompt.id, ...(prompt.kind === 'number' ? { range: rangeFor(prompt, record, d.curve) } : {}) };
    actions.pause();
    asked = { lesson: state.lesson, settings: structuredClone(current(state)), step: state.step };
    try {
      await api.ask(teacher.code, teacher.token, body);
      report(null);
    } catch (err) {
      report(err);
    }
  }

  async function reveal() {
    const q = state.live?.question;
    if (!teacher || !q || !asked) return;
    const run = runRequest(asked.lesson, { ...asked.settings, steps: asked.step });
    if (!asked.step) delete run.steps;  // no steps: the server runs the first update
    try {
      await api.reveal(teacher.code, teacher.token, q.id, { run });
      report(null);
      if (state.lesson === asked.lesson) actions.setStep(asked.step + 1);  // the update everyone predicted
    } catch (err) {
      report(err);
    }
  }

  function forget() {
    clearInterval(counter);
    teacher = null;
    keepTeacherClass(null);
    stop();
    actions.setLive(null);
  }

  async function end() {
    const cls = teacher;
    forget();
    if (cls) await api.endClass(cls.code, cls.token).catch(() => {});
  }

  // -- student
  /** Follow the class with this code; the reason if it cannot be followed, else null. */
  async function follow(codeText) {
    const code = String(codeText ?? '').replace(CODE_CHARS, '').toUpperCase();
    if (!code) return 'Type the code shown on the projector.';
    try {
      await api.classInfo(code);
    } catch (err) {
      return `Could not join class ${code}: ${err.message}`;
    }
    if (teacher) forget();
    actions.setLive('student', code);
    listen(code);
    return null;
  }

  async function answer(value) {
    const live = state.live;
    if (!live?.question || live.reveal) return;
    try {
      await api.answer(live.code, live.question.id, studentId(), value);
      actions.liveAnswered(value);
    } catch (err) {
      card.error(`Your answer was not taken: ${err.message}`);
    }
  }

  doc.getElementById('btn-live-start')?.addEventListener('click', () => (teacher ? join.show(teacher) : start()));
  doc.getElementById('btn-live-join')?.addEventListener('click', () => form.show());
  store.subscribe((kind) => { if (!NOT_PUBLISHED.has(kind)) schedule(); });

  // a reload keeps the teacher's class (this tab's sessionStorage); a join link follows its class
  const kept = teacherClass();
  const linked = new URLSearchParams(location.search).get('class');
  if (linked) follow(linked).then((error) => error && form.show(error));
  else if (kept) api.classInfo(kept.code).then(() => lead(kept), () => keepTeacherClass(null));

  return {
    /** Esc: close the join screen or the code box if open; true if one was. */
    close: () => join.close() || form.close(),
  };
}
