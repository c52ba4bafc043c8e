/**
 * The lessons the page can show, by catalog id. Adding a lesson's page is one file in this folder
 * and one line in LESSONS (its styles aside: style.css lays out `.lesson-<id>`). Tabs and panels are
 * built here, in the catalog's order, for the catalog's lessons that have a module.
 *
 * A lesson module's default export:
 *   label                      the tab's name
 *   section({options, presets, limits})  its panel's markup; choices and bounds from the catalog
 *   views(panel, actions)      async: its views, the main figure first, each {render(records, k, ctx),
 *                              reset(), fast?(records, k, ctx)}; it imports them with import(), so
 *                              that boot.js, which needs the fields below, waits for no view
 *   preload?()                 starts importing its views' modules (boot.js, for a link opening a streamed run)
 *   bind(panel, actions, options)  its option controls -> actions (`options()`: the lesson's now)
 *   sync(panel, options, {presets})  the state -> its option controls
 *   backdrop                   'curve' | 'landscape' | 'dataset' | null: what the loader fetches to draw on
 *   landscapeOptions?          the options the landscape depends on (default: all of them)
 *   backdropOptions?           the same for a dataset (POST /api/datasets takes only the data's options)
 *   streamAfterSteps?          runs longer than this stream (default 500; 0: always, for heavy records)
 *   numbersPerStep             numbers per record in a sweep (loss, parameters, gradients)
 *   stepName?                  what one step is called on the page: 'epoch' for classify (default 'step')
 *   speed?                     its playback speed until someone picks one: '1' … '50' steps/s, or 'max': each
 *                              frame shows the newest record streamed (default 5)
 *   race: {caption, figure, options?}  the race's picture: `figure()` resolves to (results, k, ctx) -> [traces, layout];
 *                              `options` override the lesson's in the racers' runs (lighter records)
 */

import parabola from './parabola.js';
import notGate from './not_gate.js';
import network from './network.js';
import surface from './surface.js';
import classify from './classify.js';
import { lessonIds, limits, optionSpecs, presets } from '../core/catalog.js';
import { escapeHtml } from './parts.js';

export const LESSONS = {
  parabola,
  not_gate: notGate,
  network,
  surface,
  classify,
};

/** What one step of lesson `id` is called: the readout's "Epoch 12 of 2000", the speed control's "epochs/s". */
export const stepName = (id) => LESSONS[id]?.stepName ?? 'step';

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

/** The views of the lessons `ids` (default: all), each in its panel, the main figure first, added to
 *  `into` ({id: [view]}) as each lesson's modules arrive; resolves once all are there. */
export async function createLessonViews(doc, actions, ids = lessonIds(), into = {}) {
  await Promise.all(ids.filter((id) => !into[id]).map(async (id) => {
    into[id] = await LESSONS[id].views(doc.getElementById(`lesson-${id}`), actions);
  }));
  return into;
}
