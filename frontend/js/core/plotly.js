/**
 * plotly.js runs when the page asks for it. index.html only preloads it (the download starts at once, at
 * high priority), since a script that runs as soon as it arrives holds the main thread for 0.3-0.45 s
 * here, before the page's own modules. Most pages ask at once (boot.js); a link opening a streamed
 * lesson (classify) paints its first map on a canvas and asks after that (main.js), as TensorFlow
 * Playground's heatmap needs no chart library either. If the cartesian build cannot be loaded, the full
 * build's fixed URL is tried.
 */

const FALLBACK = '/vendor/plotly.min.js';  // the full build
let running = null;

/** Resolves once plotly.js has run; every call after the first returns the same promise. */
export function runPlotly(doc = document) {
  running ??= start(doc);
  return running;
}

function start(doc) {
  const url = doc.getElementById('plotly-js')?.getAttribute('href');  // as written: the page names only its own paths
  if (!url || failed(new URL(url, doc.baseURI).href)) return add(doc, FALLBACK);
  return add(doc, url).catch(() => add(doc, FALLBACK));
}

function add(doc, src) {
  return new Promise((resolve, reject) => {
    if (window.Plotly) return resolve();
    const script = Object.assign(doc.createElement('script'), { src, async: true, fetchPriority: 'high' });
    script.addEventListener('load', () => (window.Plotly ? resolve() : reject(new Error('plotly.js did not start'))));
    script.addEventListener('error', () => reject(new Error(`could not load ${src}`)));
    doc.head.append(script);
  });
}

/** Whether the preload already failed: resource timing keeps its status. */
const failed = (url) => performance.getEntriesByName(url).some((e) => e.responseStatus >= 400);
