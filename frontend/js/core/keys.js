/**
 * Keyboard shortcuts, one table for both the handler and the "?" overlay that lists them.
 * Keys never fire while someone types in a field, and never take a key a focused control
 * already answers (space on a button, arrows on a slider or the lesson tabs).
 */

const KEYS = [
  { keys: [' '], label: 'Space', what: 'play / pause', run: (a) => a.togglePlay() },
  { keys: ['ArrowRight'], label: '→', what: 'one step forward', run: (a) => a.stepBy(1), repeat: true },
  { keys: ['ArrowLeft'], label: '←', what: 'one step back', run: (a) => a.stepBy(-1), repeat: true },
  { keys: ['r'], label: 'R', what: 'reset to step 0', run: (a) => a.reset() },
  { keys: [']'], label: ']', what: 'learning rate up one notch', run: (a) => a.lrNotch(1), repeat: true },
  { keys: ['['], label: '[', what: 'learning rate down one notch', run: (a) => a.lrNotch(-1), repeat: true },
  { keys: ['1'], label: '1', what: 'lesson: parabola', run: (a) => a.setLesson('parabola') },
  { keys: ['2'], label: '2', what: 'lesson: NOT gate', run: (a) => a.setLesson('not_gate') },
  { keys: ['3'], label: '3', what: 'lesson: network', run: (a) => a.setLesson('network') },
  { keys: ['t'], label: 'T', what: 'guided tour on / off', run: (a) => a.toggleTour() },
  { keys: ['n', 'PageDown'], label: 'N or Page Down', what: 'next tour step', run: (a) => a.tourNext() },
  { keys: ['N', 'PageUp'], label: 'Shift+N or Page Up', what: 'previous tour step', run: (a) => a.tourPrev() },
  { keys: ['p'], label: 'P', what: 'presenter mode on / off', run: (a) => a.togglePresenter() },
  { keys: ['o'], label: 'O', what: 'optimizer race on / off', run: (a) => a.toggleRace() },
  { keys: ['c'], label: 'C', what: 'code and downloads panel', run: (a) => a.toggleCode() },
  { keys: ['l'], label: 'L', what: 'copy a link to this view', run: (a, ui) => ui.share() },
  { keys: ['?'], label: '?', what: 'this list of keys', run: (a, ui) => ui.toggleKeys() },
  { keys: ['Escape'], label: 'Esc', what: 'close the tour, the code panel or this list', run: (a, ui) => ui.escape() },
];
// Keys another panel of the page answers (gradGraphPanel.js); listed so the overlay is complete.
const OTHER_KEYS = [
  { label: 'G', what: '“How torch got this gradient” panel' },
  { label: 'B / Shift+B', what: 'one backprop step / start over' },
];
const TYPING = 'input:not([type="range"]):not([type="checkbox"]):not([type="radio"]), select, textarea, [contenteditable="true"]';
const NATIVE_SPACE = 'button, a[href], summary, input[type="checkbox"], input[type="radio"], [role="tab"]';
const NATIVE_ARROWS = 'input[type="range"], [role="tab"], .table-scroll';

function keyOf(e) {
  return e.key.length === 1 && e.key !== 'N' ? e.key.toLowerCase() : e.key;
}

function ignored(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return true;  // the browser's own shortcuts
  const t = e.target instanceof Element ? e.target : null;
  if (!t) return false;
  if (t.closest(TYPING)) return true;
  if ((e.key === ' ' || e.key === 'Enter') && t.closest(NATIVE_SPACE)) return true;
  return e.key.startsWith('Arrow') && Boolean(t.closest(NATIVE_ARROWS));
}

export function createKeys(doc, actions, ui) {
  const dialog = buildOverlay(doc);
  let returnTo = null;
  const byKey = new Map(KEYS.flatMap((k) => k.keys.map((key) => [key, k])));

  const keysUi = {
    ...ui,
    toggleKeys() {
      if (dialog.open) return dialog.close();
      returnTo = doc.activeElement;
      dialog.showModal();
      return dialog.querySelector('button').focus();
    },
    escape() {
      if (!ui.escape()) actions.pause();
    },
  };
  dialog.addEventListener('close', () => returnTo?.focus?.());
  dialog.querySelector('button').addEventListener('click', () => dialog.close());
  doc.getElementById('btn-keys')?.addEventListener('click', () => keysUi.toggleKeys());

  doc.addEventListener('keydown', (e) => {
    if (dialog.open) {
      if (e.key === '?') {
        e.preventDefault();
        dialog.close();
      }
      return;  // the dialog is modal: Esc and Tab are its own
    }
    const entry = byKey.get(keyOf(e));
    if (!entry || ignored(e) || (e.repeat && !entry.repeat)) return;
    e.preventDefault();
    entry.run(actions, keysUi);
  });
  return keysUi;
}

function buildOverlay(doc) {
  const dialog = doc.createElement('dialog');
  dialog.id = 'keys-overlay';
  dialog.className = 'keys-overlay';
  dialog.setAttribute('aria-labelledby', 'keys-title');
  const row = ({ label, what }) => {
    const tr = doc.createElement('tr');
    const th = Object.assign(doc.createElement('th'), { scope: 'row' });
    th.append(Object.assign(doc.createElement('kbd'), { textContent: label }));
    tr.append(th, Object.assign(doc.createElement('td'), { textContent: what }));
    return tr;
  };
  const table = doc.createElement('table');
  table.append(...KEYS.map(row), ...OTHER_KEYS.map(row));
  const title = Object.assign(doc.createElement('h2'), { id: 'keys-title', textContent: 'Keyboard shortcuts' });
  const note = Object.assign(doc.createElement('p'), { textContent: 'Keys wait while you type in a box. Tab moves between controls.' });
  const close = Object.assign(doc.createElement('button'), { type: 'button', textContent: 'Close' });
  dialog.append(title, table, note, close);
  doc.body.append(dialog);
  return dialog;
}

export { KEYS };
