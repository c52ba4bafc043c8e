/**
 * The only module that talks to the server: JSON requests, and runs streamed as
 * server-sent events (EventSource cannot POST, so the fetch body is parsed here).
 */

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

/** A refusal from the server, with a message a person can act on; status 0: no server answered. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

const GONE = 'the server stopped answering (it may be restarting, or the network dropped)';

/** A failed connection (not an abort) as an ApiError with status 0, so the page can offer a retry. */
function unreachable(err) {
  return err.name === 'AbortError' ? err : new ApiError(0, GONE);
}

async function request(path, { body, signal } = {}) {
  const init = body === undefined ? { signal } : { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body), signal };
  const response = await fetch(path, init).catch((err) => { throw unreachable(err); });
  if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
  return response;
}

async function errorMessage(response) {
  let detail;
  try {
    detail = (await response.json()).detail;
  } catch {
    return `the server answered ${response.status} ${response.statusText}`;
  }
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) return detail.map(describeError).join('; ');
  return `the server answered ${response.status}`;
}

function describeError(d) {
  const where = Array.isArray(d.loc) ? d.loc.filter((p) => p !== 'body').join('.') : '';
  return where ? `${where}: ${d.msg}` : d.msg ?? JSON.stringify(d);
}

const getJSON = async (path, signal) => (await request(path, { signal })).json();
const prefetched = new Map();  // path + body -> the answer's promise, handed out once
const asked = new Set();  // keys the page has asked for itself: a prefetch that comes later (boot.js ran last) is not made

/** A request's key: its path and body, with every object's keys in order (the server writes them in its own). */
function keyOf(path, body) {
  const sorted = (v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
  return path + JSON.stringify(sorted(body));
}

let inlined = null;  // the answers the server put in the page, read once the parser has passed them

/** Answers in `<script type="application/json" id="opening">` ([[path, body, answer]], api/opening.py): the
 *  opening lesson's run and curve, taken like a prefetch. */
function readInlined(doc = globalThis.document) {
  if (inlined) return inlined;
  const tag = doc?.getElementById('opening');
  if (!tag && doc?.readyState === 'loading') return new Map();  // not parsed yet: look again next time
  inlined = new Map();
  try {
    for (const [path, body, answer] of JSON.parse(tag?.textContent || '[]')) inlined.set(keyOf(path, body), answer);
  } catch {
    // a page without answers asks the server
  }
  return inlined;
}

/** Start a POST now (unless the page holds its answer); the first postJSON for the same path and body takes it. */
export function prefetch(path, body) {
  const key = keyOf(path, body);
  if (prefetched.has(key) || asked.has(key) || readInlined().has(key)) return;
  const answer = request(path, { body }).then((r) => r.json());
  answer.catch(() => {});  // a refusal is reported to whoever takes the answer, not as unhandled
  prefetched.set(key, answer);
}

async function postJSON(path, body, signal) {
  const key = keyOf(path, body);
  asked.add(key);
  const found = readInlined();
  if (found.has(key)) {
    const answer = found.get(key);
    found.delete(key);
    return answer;
  }
  const early = prefetched.get(key);
  if (early) {
    prefetched.delete(key);
    return early;
  }
  return (await request(path, { body, signal })).json();
}

export const problems = (signal) => getJSON('/api/problems', signal);
export const optimizers = (signal) => getJSON('/api/optimizers', signal);
export const limits = (signal) => getJSON('/api/limits', signal);
export const run = (req, signal) => postJSON('/api/runs', req, signal);
export const curve = (body, signal) => postJSON('/api/curve', body, signal);
export const landscape = (body, signal) => postJSON('/api/landscape', body, signal);
/** The exact points a classify run trains and tests on: {train, test}, each [[x1, x2, label]]. */
export const dataset = (body, signal) => postJSON('/api/datasets', body, signal);
/** The autograd graph torch built for one step's loss: a run request plus `step`. */
export const graph = (body, signal) => postJSON('/api/graph', body, signal);

/** POST /api/code: the run as a standalone PyTorch script (text). */
export const code = async (req, signal) => (await request('/api/code', { body: req, signal })).text();

/** POST /api/notebook: the run as a .ipynb file, with the name the server gives it. */
export async function notebook(req, signal) {
  const response = await request('/api/notebook', { body: req, signal });
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'gradplay.ipynb';
  return { blob: await response.blob(), name };
}

/** One batched run over many learning rates: a run request without `lr`, plus `lrs`. */
export const sweep = (body, signal) => postJSON('/api/sweeps', body, signal);

const STREAM = '/api/runs/stream';
const earlyStreams = new Map();  // path + body -> the response's promise (core/prefetch.js), handed out once

/** Start streaming a run now (a page whose hash opens a streamed run); the first stream() of it takes it.
 *  `timeoutMs` later, one nobody took is cancelled, so the server stops training it. */
export function prefetchStream(req, timeoutMs) {
  const key = keyOf(STREAM, req);
  if (earlyStreams.has(key) || asked.has(key)) return;
  const answer = request(STREAM, { body: req });
  answer.catch(() => {});  // reported to whoever takes it
  earlyStreams.set(key, answer);
  setTimeout(() => {
    if (earlyStreams.get(key) !== answer) return;
    earlyStreams.delete(key);
    answer.then((r) => r.body.cancel(), () => {});
  }, timeoutMs);
}

/** POST /api/runs/stream: calls onRecord for each record as it arrives; resolves to the summary. */
export async function stream(req, onRecord, signal) {
  const key = keyOf(STREAM, req);
  asked.add(key);
  const early = earlyStreams.get(key);
  earlyStreams.delete(key);
  const response = await (early ?? request(STREAM, { body: req, signal }));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  // a prefetched fetch was started without this signal: cancelling its reader ends it the same way
  if (early && signal) {
    const stop = () => reader.cancel().catch(() => {});
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  }
  let buffer = '';
  let summary = null;
  for (;;) {
    const { value, done } = await reader.read().catch((err) => { throw unreachable(err); });
    if (done) break;
    const { events, rest } = splitEvents(buffer + value);
    buffer = rest;
    for (const e of events) {
      if (e.event === 'record') onRecord(JSON.parse(e.data));
      else if (e.event === 'summary') summary = JSON.parse(e.data);
    }
  }
  if (signal?.aborted) throw new DOMException('the run was replaced', 'AbortError');
  if (summary === null) throw new ApiError(0, GONE);  // the connection closed before the run's end
  return summary;
}

/** Complete SSE events in `text` (blank-line separated) and the unfinished rest. */
export function splitEvents(text) {
  const blocks = text.split(/\r?\n\r?\n/);
  const rest = blocks.pop();
  return { events: blocks.map(parseEvent).filter(Boolean), rest };
}

function parseEvent(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { event, data: data.join('\n') } : null;
}
