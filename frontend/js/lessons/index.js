/**
 * The lessons the page can show, by catalog id: one module each (its settings, its panels and
 * their views, what the loader fetches behind its records, its race picture). Adding a lesson's
 * page is one file in this folder and one line in LESSONS. Tabs and panels are built here, in the
 * catalog's order, for the catalog's lessons that have a module.
 */

import parabola from './parabola.js';
import notGate from './not_gate.js';
import network from './network.js';
import { lessonIds, limits, optionSpecs, presets } from '../core/catalog.js';
import { escapeHtml } from './parts.js';

export const LESSONS = {
  parabola,
  not_gate: notGate,
  network,
};

/** The lesson tabs and panels, from the catalog, into the page's header and #views. */
export function buildLessons(doc) {
  const tabs = doc.querySelector('.tabs');
  const before = doc.getElementById('race');
  for (const id of lessonIds()) {
    const lesson = LESSONS[id];
    tabs.insertAdjacentHTML('beforeend', `<button type="button" role="tab" id="tab-${id}" data-lesson="${id}"
      aria-controls="lesson-${id}" aria-selected="false" tabindex="-1">${escapeHtml(lesson.label)}</button>`);
    before.insertAdjacentHTML('beforebegin', lesson.section({ options: optionSpecs(id), presets: presets(id), limits: limits() }));
  }
}

/** Every lesson's views, in its panel, the main figure first: {id: [view]}. */
export async function createLessonViews(doc, actions) {
  const ids = lessonIds();
  const lists = await Promise.all(ids.map((id) => LESSONS[id].views(doc.getElementById(`lesson-${id}`), actions)));
  return Object.fromEntries(ids.map((id, i) => [id, lists[i]]));
}
