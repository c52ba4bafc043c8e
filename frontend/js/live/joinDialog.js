/**
 * The projector's "join" screen: the class code large enough to read from the back of the room,
 * the QR code of the join URL (made by the server as SVG), the URL itself, and a plain note when
 * the server listens on loopback only (phones cannot reach 127.0.0.1).
 */

import { qrUrl } from './api.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const TEMPLATE = `
  <h2 id="live-join-title" class="live-join-title">Join the class</h2>
  <div class="live-join-body">
    <div class="live-join-words">
      <p class="live-join-how">Scan the QR code, or open <strong data-part="site"></strong>, choose ☰ → Join a class and type</p>
      <p class="live-code" data-part="code" aria-label="Class code"></p>
      <p class="live-join-url mono" data-part="url"></p>
      <p class="live-loopback" data-part="loopback" hidden>This server listens on this computer only: phones cannot
        reach <span data-part="host"></span>. Restart it with <code>gradplay serve --host 0.0.0.0</code> and open the
        address it prints.</p>
    </div>
    <img class="live-qr" data-part="qr" alt="QR code of the join link" width="320" height="320">
  </div>
  <button type="button" class="primary" data-part="close">Close (the code stays in the live panel)</button>`;

/** Whether a join URL points at this machine only. */
export const isLoopback = (url) => LOOPBACK.has(new URL(url).hostname);

/** "ACD3479" as "ACD 3479": two short groups read aloud more easily. */
export const spaced = (code) => `${code.slice(0, 3)} ${code.slice(3)}`;

export function createJoinDialog(doc) {
  const dialog = doc.createElement('dialog');
  Object.assign(dialog, { id: 'live-join', className: 'live-join', innerHTML: TEMPLATE });
  dialog.setAttribute('aria-labelledby', 'live-join-title');
  doc.body.append(dialog);
  const part = (name) => dialog.querySelector(`[data-part="${name}"]`);
  part('close').addEventListener('click', () => dialog.close());
  return {
    show({ code, join_url: url }) {
      const address = new URL(url);
      part('code').textContent = spaced(code);
      part('code').dataset.code = code;
      part('site').textContent = address.host;
      part('url').textContent = url;
      part('qr').src = qrUrl(code);
      part('loopback').hidden = !isLoopback(url);
      part('host').textContent = address.hostname;
      if (!dialog.open) dialog.showModal();
    },
    close() {
      if (!dialog.open) return false;
      dialog.close();
      return true;
    },
  };
}
