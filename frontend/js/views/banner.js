/** A plain-words banner for what the run did (diverged, stalled, dead ReLUs) and for errors. */

const TITLES = {
  diverged: 'Diverged',
  stalled: 'Stalled: no gradient flows',
  error: 'torch refused',
  timed_out: 'Stopped',
};
const KIND_TITLES = {
  broadcast: "The seed's broadcast bug", oscillating: 'Oscillating', diverging: 'The loss grew',
  dead_relu: 'Dead ReLUs', stationary: 'Stationary point', timed_out: 'Stopped',
};
// The connection to the server was lost (status 0): what happened and what to do, in plain words.
const GONE_LINES = ['The run stopped because the server stopped answering: it may be restarting, or the network dropped.',
  'Your settings are kept. Press Retry once it is back.'];
// Said while only the sweep's row is known; the run's own diagnostics replace it moments later.
const STATUS_ONLY = {
  diverged: 'The numbers blew up to infinity: this learning rate is too large.',
  stalled: 'Every gradient is exactly 0 because the ReLUs are dead: no optimizer can move the weights again.',
  error: 'torch refused to compute the gradient.',
};

export function createBannerView(el) {
  const title = el.querySelector('[data-part="title"]');
  const text = el.querySelector('[data-part="text"]');
  const retry = el.querySelector('[data-part="retry"]');
  function show(kind, heading, lines, canRetry = false) {
    el.hidden = false;
    retry.hidden = !canRetry;
    el.dataset.kind = kind;
    el.setAttribute('role', kind === 'failure' ? 'alert' : 'status');
    title.textContent = heading;
    text.replaceChildren(...lines.map((line) => Object.assign(document.createElement('p'), { textContent: line })));
  }
  return {
    reset() {
      el.hidden = true;
    },
    render(records, k, ctx = {}) {
      if (ctx.error?.status === 0) return show('failure', 'The server is not answering', GONE_LINES, true);
      if (ctx.error) return show('failure', 'Could not reach torch', [ctx.error.message]);
      const summary = ctx.summary;
      if (!summary) return this.reset();
      const notes = summary.diagnostics;
      const lines = notes ? notes.map((d) => sentence(d.message)) : [STATUS_ONLY[summary.status]].filter(Boolean);
      if (!lines.length) return this.reset();
      const kind = summary.status === 'completed' ? 'note' : 'warning';
      const heading = TITLES[summary.status] ?? KIND_TITLES[notes?.[0]?.kind] ?? 'Note';
      return show(kind, heading, lines);
    },
  };
}

function sentence(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
