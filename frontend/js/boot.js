/**
 * Runs first, as an async module: it asks the server for the opening lesson's data while the rest
 * of the page and plotly.js are still loading. The loader later makes the same requests and is
 * handed these answers (api.js keeps them until then). A page opened without a hash holds its
 * answers already (the server inlines them), and the sweep waits for the first chart (loader.js).
 * A hash opening a streamed run (classify) starts that stream and its lesson's views here (core/prefetch.js),
 * and runs plotly.js only after that run's first picture (main.js); any other page runs plotly.js from here.
 */

import { loadCatalog } from './core/catalog.js';
import { fromHash } from './core/urlState.js';
import { openingRequests } from './core/requests.js';
import { prefetch } from './core/api.js';
import { pictureFirst, prefetchStreamed } from './core/prefetch.js';
import { runPlotly } from './core/plotly.js';
import { LESSONS } from './lessons/index.js';

await loadCatalog(Object.keys(LESSONS));
const opening = fromHash(location.hash);
if (!pictureFirst(opening)) runPlotly();  // the first chart needs it: run it now (main.js asks too, later)
prefetchStreamed(opening);  // a streamed run (classify's) first: its first epoch is the first picture
for (const [path, body] of openingRequests(opening)) {
  if (path !== '/api/sweeps') prefetch(path, body);
}
