/**
 * The page's only source for what exists: lessons, their options, defaults, presets and race
 * line-ups, optimizers with their labels and hyperparameters, and the server's limits. The server
 * inlines it in index.html (`<script type="application/json" id="catalog">`); without that tag the
 * page asks GET /api/problems, /api/optimizers and /api/limits once. Read once, never copied.
 */

import * as api from './api.js';

let loaded = null;  // {problems, optimizers, limits}
let loading = null;

/**
 * Resolves once the catalog is read; every call after the first returns the same promise. `shown`:
 * the lesson ids the page has a module for (lessons/index.js); the catalog's other lessons are left out.
 */
export function loadCatalog(shown, doc = document) {
  loading ??= readCatalog(doc).then((c) => {
    loaded = { ...c, problems: c.problems.filter((p) => shown.includes(p.id)) };
    return loaded;
  });
  return loading;
}

/** The inlined catalog; boot.js (an async module) may run before the parser reaches the tag: then it waits. */
async function readCatalog(doc) {
  let found = inline(doc);
  if (!found && doc.readyState === 'loading') {
    await new Promise((resolve) => doc.addEventListener('readystatechange', resolve, { once: true }));
    found = inline(doc);
  }
  return found ?? fetchCatalog();
}

function inline(doc) {
  try {
    const tag = doc.getElementById('catalog');
    return tag ? JSON.parse(tag.textContent) : null;
  } catch {
    return null;  // the tag is still arriving
  }
}

async function fetchCatalog() {
  const [problems, optimizers, limits] = await Promise.all([api.problems(), api.optimizers(), api.limits()]);
  return { problems, optimizers, limits };
}

function catalog() {
  if (!loaded) throw new Error('the catalog is read before anything asks for it (main.js awaits loadCatalog)');
  return loaded;
}

export const lessonIds = () => catalog().problems.map((p) => p.id);
export const problem = (id) => catalog().problems.find((p) => p.id === id) ?? null;
export const optimizerIds = () => catalog().optimizers.map((o) => o.id);
export const optimizer = (id) => catalog().optimizers.find((o) => o.id === id) ?? null;
export const limits = () => catalog().limits;
export const optionSpecs = (lesson) => problem(lesson)?.options ?? {};
export const presets = (lesson) => problem(lesson)?.presets ?? [];
export const hyperNames = (id) => Object.keys(optimizer(id)?.hyperparameters ?? {});
export const optimizerLabel = (id) => optimizer(id)?.label ?? id;

/** Settings {optimizer, lr, steps, hyper, options} from a RunRequest; hyperparameters at torch's defaults are left out. */
function settingsOf(request) {
  const torch = optimizer(request.optimizer)?.hyperparameters ?? {};
  const hyper = Object.fromEntries(Object.entries(request.hyper ?? {}).filter(([n, v]) => torch[n] !== v));
  return structuredClone({ optimizer: request.optimizer, lr: request.lr, steps: request.steps, hyper,
    options: request.options });
}

/** The lesson's own defaults: the seed's settings, as the engine runs them without arguments. */
export function seedSettings(lesson) {
  return settingsOf(problem(lesson).defaults);
}

/** What the page opens a lesson with: the seed's settings overlaid with the lesson's `page_defaults`. */
export function lessonDefaults(lesson) {
  const p = problem(lesson);
  const pageDefaults = p.page_defaults ?? {};
  return settingsOf({ ...p.defaults, ...pageDefaults,
    options: { ...p.defaults.options, ...(pageDefaults.options ?? {}) } });
}

/** The lesson's race line-up: racers that tell its story, and a loss low enough to count as arrived. */
export function raceDefaults(lesson) {
  const race = problem(lesson).race;
  return { entries: race.entries.map(([id, lr]) => ({ optimizer: id, lr })), rule: 'threshold',
    threshold: race.threshold };
}
