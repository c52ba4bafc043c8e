/** The code panel's text: the standalone PyTorch script for the settings shown, or why it is not there. */

export function createCodePanelView(el) {
  const text = el.querySelector('[data-part="code"]');
  const status = el.querySelector('[data-part="status"]');
  return {
    reset() {
      text.value = '';
      status.textContent = '';
    },
    /** `code` is the script, or null while it is on its way; `message` says what happened. */
    render(code, message = '') {
      if (code !== null) text.value = code;
      el.dataset.ready = String(code !== null);
      status.textContent = message;
    },
    /** A word about what just happened (copied, saved), the script unchanged. */
    say(message) {
      status.textContent = message;
    },
  };
}
