/**
 * Entry point: reads the catalog, builds the lessons' tabs and panels, the state, the views and the
 * controls, and draws once plotly.js (its cartesian build, ~1.5 MB; core/plotly.js runs it) has run. The
 * opening lesson's data is in the page (without a hash) or was already requested by boot.js. What the
 * first chart does not need (other lessons' views, the gradient graph, the classroom) loads after it.
 */

import { loadCatalog } from './core/catalog.js';
import { CHANGE, createStore } from './core/store.js';
import { fromHash } from './core/urlState.js';
import { createLoader } from './core/loader.js';
import { createActions } from './core/actions.js';
import { createControls } from './core/controls.js';
import { createKeys } from './core/keys.js';
import { LESSONS, buildLessons, createLessonViews } from './lessons/index.js';
import { createBannerView } from './views/banner.js';
import { createReadoutView } from './views/readout.js';
import { createApp } from './core/app.js';
import { createPlayer } from './core/player.js';
import { measureFont } from './plot/plot.js';
import { hideControls } from './classroom/presenter.js';
import { afterFirstChart, afterFirstPicture } from './core/perf.js';
import { runPlotly } from './core/plotly.js';
import { pictureFirst } from './core/prefetch.js';

const CLASSROOM_WAIT_MS = 2000;  // the server may be slow or gone: tour and menu load anyway
const CLASSROOM_TRIES = 5;  // loading the classroom modules, while the server is gone
const PLOTLY_WAIT_MS = 10_000;  // a link opening classify runs plotly.js after its first map, or after this long at most

await loadCatalog(Object.keys(LESSONS));  // inlined in index.html: at once
buildLessons(document);
const store = createStore(fromHash(location.hash));
// plotly.js: now (boot.js asked already), or once a streamed lesson's first picture is on screen
const plotly = pictureFirst(store.state) ? firstPictureOrNone().then(() => runPlotly()) : runPlotly();
const loader = createLoader(store);

/** Resolves once the first picture is painted, or when none will come: the run failed, the lesson changed. */
function firstPictureOrNone() {
  return new Promise((resolve) => {
    afterFirstPicture(resolve);
    const opening = store.state.lesson;
    store.subscribe(() => { if (store.state.lesson !== opening || store.state.data[opening].error) resolve(); });
    setTimeout(resolve, PLOTLY_WAIT_MS);
  });
}
const actions = createActions(store, loader);
actions.start();  // takes boot.js's answers, or asks now

if (store.state.presenter) document.documentElement.dataset.presenter = 'on';  // the first chart at its final size
if (store.state.hide.length) hideControls(document, store.state.hide);  // before students see them
if (store.state.race) document.documentElement.dataset.race = 'on';  // a race link: the lesson never flashes by
measureFont();
const $ = (id) => document.getElementById(id);
// the opening lesson's views now; the others' modules (the classify lesson's are not preloaded) would
// delay the first chart: they load once it is on screen
const views = { lessons: await createLessonViews(document, actions, [store.state.lesson]),
  readout: createReadoutView($('readout')), banner: createBannerView($('banner')) };
let app = null;
const controls = createControls(document, store, actions, () => app?.renderDrag());
app = createApp(store, views, controls);
createPlayer(store, actions);
const keys = createKeys(document, actions, Object.keys(store.state.lessons).map((id) => ({ id, label: LESSONS[id].label })));
window.gradplay = { store, actions };  // for the console, the tour and the tests

/**
 * Tour, links, presenter mode, race, code: ~20 small modules, loaded once the first chart is
 * on screen (they would delay it), or after CLASSROOM_WAIT_MS if no chart can be drawn yet.
 */
let classroom = null;
let classroomTries = 0;
function loadClassroom() {
  classroom ??= import('./classroom/classroom.js').then((m) => m.createClassroom(document, store, actions, app, keys),
    () => {  // the server went away first: try again a little later, a few times
      if (++classroomTries >= CLASSROOM_TRIES) return;
      classroom = null;
      setTimeout(loadClassroom, CLASSROOM_WAIT_MS);
    });
}

/**
 * `load()` (a promise) once the first chart is painted, or after CLASSROOM_WAIT_MS without one (no
 * server yet); if it fails (the server went away first), again a little later, a few times.
 */
function afterFirstChartOrWait(load) {
  let pending = null;
  let tries = 0;
  const start = () => {
    pending ??= load().catch(() => {
      if (++tries >= CLASSROOM_TRIES) return;
      pending = null;
      setTimeout(start, CLASSROOM_WAIT_MS);
    });
  };
  afterFirstChart(start);
  setTimeout(start, CLASSROOM_WAIT_MS);
}

// the other lessons' views, and the "How torch got this gradient" panel under the charts (6 modules)
afterFirstChartOrWait(() => createLessonViews(document, actions, undefined, views.lessons).then(() => app.schedule()));
afterFirstChartOrWait(() => import('./gradgraph/panel.js')
  .then((m) => m.createGradGraphPanel(document.getElementById('gradgraph'), store, actions)));

plotly.then(() => {
  app.renderNow();
  if (store.state.race) loadClassroom();  // the race (a classroom module) is the first view
  else afterFirstChart(loadClassroom);
  setTimeout(loadClassroom, CLASSROOM_WAIT_MS);
}, (err) => {
  store.set(CHANGE.error, (s) => { s.data[s.lesson].error = { what: 'plotly', message: `${err.message}: the charts cannot be drawn.` }; });
  loadClassroom();
});
