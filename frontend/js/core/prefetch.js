/**
 * What boot.js starts, beyond requests.js's opening requests, for a page whose hash opens a lesson whose
 * run streams (classify): the stream itself, and the lesson's view modules (not preloaded by index.html,
 * which names only the views of the page without a hash). main.js then finds the stream already under
 * way (api.stream takes it) and the modules already fetched, so the first epoch's picture can be drawn
 * while plotly.js still loads. The server cannot inline such a run: it never sees the hash.
 */

import { prefetchStream } from './api.js';
import { streams } from './requests.js';
import { runRequest } from './state.js';
import { LESSONS } from '../lessons/index.js';

// a prefetched stream the page never takes (main.js failed to load, a link opened a race instead) is
// cancelled after this long, so the server does not train it to its end for nobody
const UNCLAIMED_MS = 20_000;

/** Whether this opening state draws its first picture before plotly.js runs (a streamed lesson, not a race:
 *  a race's first view is a Plotly chart). */
export const pictureFirst = (state) => streams(state.lesson, state.lessons[state.lesson]) && !state.race;

export function prefetchStreamed(state) {
  const lesson = state.lesson;
  const settings = state.lessons[lesson];
  if (!streams(lesson, settings)) return;
  prefetchStream(runRequest(lesson, settings), UNCLAIMED_MS);
  LESSONS[lesson].preload?.().catch(() => {});  // views() asks again and reports
}
