/**
 * The live-class endpoints (docs/api.md, "Live classes"): create, publish, ask, answer, reveal,
 * end. Teacher requests carry the token as a Bearer header; the token never goes in a URL.
 */

import { ApiError } from '../core/api.js';

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

async function send(method, path, { body, token } = {}) {
  const headers = { ...JSON_HEADERS, ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  const init = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
  const response = await fetch(path, init).catch(() => {
    throw new ApiError(0, 'the server stopped answering (it may be restarting, or the network dropped)');
  });
  if (!response.ok) {
    const detail = await response.json().then((j) => j.detail, () => null);
    throw new ApiError(response.status, typeof detail === 'string' ? detail : `the server answered ${response.status}`);
  }
  return response.status === 204 ? null : response.json();
}

const path = (code, rest = '') => `/api/classes/${encodeURIComponent(code)}${rest}`;

export const createClass = () => send('POST', '/api/classes', { body: {} });
export const classInfo = (code) => send('GET', path(code));
export const publishState = (code, token, state) => send('POST', path(code, '/state'), { body: state, token });
export const ask = (code, token, question) => send('POST', path(code, '/questions'), { body: question, token });
export const answer = (code, qid, student, value) => send('POST', path(code, `/questions/${qid}/answers`), { body: { student, value } });
export const reveal = (code, token, qid, body) => send('POST', path(code, `/questions/${qid}/reveal`), { body, token });
export const endClass = (code, token) => send('DELETE', path(code), { token });
export const eventsUrl = (code) => path(code, '/events');
export const qrUrl = (code) => path(code, '/qr.svg');
