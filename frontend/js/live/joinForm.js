/**
 * "Join a class": a small popover under the ☰ menu with one box for the code on the projector
 * (letters and digits, any case; spaces and dashes are ignored), and the line where a live class's
 * refusals show (a wrong code, a class that could not start).
 */

const TEMPLATE = `
  <form class="live-join-form" data-part="form">
    <label for="live-code-input" class="popover-title" id="live-form-title">Join a class: the code on the projector</label>
    <div class="share-row">
      <input type="text" id="live-code-input" class="mono live-code-input" autocomplete="off" autocapitalize="characters"
        spellcheck="false" maxlength="20" placeholder="ACD 3479" required>
      <button type="submit" class="primary">Join</button>
    </div>
  </form>
  <p class="live-form-status" data-part="status" role="status"></p>`;

export function createJoinForm(doc, onCode) {
  const panel = Object.assign(doc.createElement('div'), { id: 'live-form', className: 'popover live-form', hidden: true, innerHTML: TEMPLATE });
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-labelledby', 'live-form-title');
  doc.getElementById('toolbar').append(panel);
  const input = doc.getElementById('live-code-input');
  const status = panel.querySelector('[data-part="status"]');
  const part = (name) => panel.querySelector(`[data-part="${name}"]`);

  function open(show, message = '') {
    panel.hidden = !show;
    status.textContent = message;
    panel.dataset.error = message ? 'true' : 'false';
  }

  part('form').addEventListener('submit', async (e) => {
    e.preventDefault();
    status.textContent = 'Joining…';
    const error = await onCode(input.value);
    if (error) open(true, error);
    else open(false);
  });
  doc.addEventListener('pointerdown', (e) => { if (!panel.hidden && !e.target.closest('#toolbar')) open(false); });
  return {
    /** Open with the box focused (or with a message, such as a class that could not start). */
    show(message = '') {
      open(true, message);
      input.focus();
    },
    close() {
      if (panel.hidden) return false;
      open(false);
      return true;
    },
  };
}
