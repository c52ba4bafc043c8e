/**
 * The page's one EventSource on a class's events (docs/api.md, "The stream"), for either role:
 * each event becomes an action; the browser reconnects by itself with Last-Event-ID, and the
 * server sends the current state first.
 */

import { eventsUrl } from './api.js';

/** `refused()` is called when the server turns the stream away for good (the class expired or ended). */
export function createStream(doc, actions, refused) {
  let source = null;

  function stop() {
    source?.close();
    source = null;
    delete doc.documentElement.dataset.liveStream;
  }

  function listen(code) {
    stop();
    const es = new EventSource(eventsUrl(code));
    source = es;
    const on = (kind, fn) => es.addEventListener(kind, (e) => fn(JSON.parse(e.data)));
    on('state', (t) => actions.liveTeacherState(t));
    on('question', (q) => actions.liveQuestion(q));
    on('answers', (a) => actions.liveAnswers(a));
    on('reveal', (r) => actions.liveReveal(r));
    on('closed', (c) => { stop(); actions.liveEnded(c.reason ?? 'the class has ended'); });
    es.addEventListener('open', () => { doc.documentElement.dataset.liveStream = 'open'; });
    // EventSource retries by itself after a drop; it gives up only when the server refuses
    es.addEventListener('error', () => {
      if (es !== source || es.readyState !== EventSource.CLOSED) return;
      stop();
      refused();
    });
  }

  return { listen, stop };
}
