/**
 * Keyboard shortcuts, one table for both the handler and the "?" overlay that lists them.
 * Keys never fire while someone types in a field, and never take a key a focused control
 * already answers (space on a button, arrows on a slider or the lesson tabs).
 */

/** Every key of the page, the lessons' numbers among them (in the catalog's order). */
function keyTable(lessons) {
  return [
    { keys: [' '], label: 'Space', what: 'play / pause', run: (a) => a.togglePlay() },
    { keys: ['ArrowRight'], label: '→', what: 'one step forward', run: (a) => a.stepBy(1), repeat: true },
    { keys: ['ArrowLeft'], label: '←', what: 'one step back', run: (a) => a.stepBy(-1), repeat: true },
    { keys: ['r'], label: 'R', what: 'reset to step 0', run: (a) => a.reset() },
    { keys: [']'], label: ']', what: 'learning rate up one notch', run: (a) => a.lrNotch(1), repeat: true },
    { keys: ['['], label: '[', what: 'learning rate down one notch', run: (a) => a.lrNotch(-1), repeat: true },
    ...lessons.map(({ id, label }, i) => (
      { keys: [String(i + 1)], label: String(i + 1), what: `lesson: ${label}`, run: (a) => a.setLesson(id) })),
    { keys: ['t'], label: 'T', what: 'guided tour on / off', run: (a) => a.toggleTour() },
    { keys: ['n', 'PageDown'], label: 'N or Page Down', what: 'next tour step', run: (a) => a.tourNext() },
    { keys: ['N', 'PageUp'], label: 'Shift+N or Page Up', what: 'previous tour step', run: (a) => a.tourPrev() },
    { keys: ['p'], label: 'P', what: 'presenter mode on / off', run: (a) => a.togglePresenter() },
    { keys: ['o'], label: 'O', what: 'optimizer race on / off', run: (a) => a.toggleRace() },
    { keys: ['c'], label: 'C', what: 'code and downloads panel', run: (a) => a.toggleCode() },
    { keys: ['g'], label: 'G', what: '“How torch got this gradient” panel', run: (a) => a.toggleGradGraph() },
    { keys: ['m'], label: 'M', what: 'convergence map: lr × momentum (or β₁, α)', run: (a) => a.toggleMap() },
    { keys: ['b'], label: 'B', what: 'one backprop step', run: (a) => a.backpropStep() },
    { keys: ['B'], label: 'Shift+B', what: 'backprop: start over', run: (a) => a.backpropRestart() },
    { keys: ['l'], label: 'L', what: 'copy a link to this view', run: (a, ui) => ui.share?.() },
    { keys: ['?'], label: '?', what: 'this list of keys', run: (a, ui) => ui.toggleKeys() },
    { keys: ['Escape'], label: 'Esc', what: 'close the tour, the code panel or this list', run: (a, ui) => ui.escape() },
  ];
}
const TYPING = 'input:not([type="range"]):not([type="checkbox"]):not([type="radio"]), select, textarea, [contenteditable="true"]';
const NATIVE_SPACE = 'button, a[href], summary, input[type="checkbox"], input[type="radio"], [role="tab"]';
const NATIVE_ARROWS = 'input[type="range"], [role="tab"], .table-scroll';

/** The table's entry for a key: Shift+N and Shift+B are keys of their own, other letters in either case. */
function entryOf(byKey, e) {
  return byKey.get(e.key) ?? (e.key.length === 1 ? byKey.get(e.key.toLowerCase()) : undefined);
}

function ignored(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return true;  // the browser's own shortcuts
  const t = e.target instanceof Element ? e.target : null;
  if (!t) return false;
  if (t.closest(TYPING)) return true;
  if ((e.key === ' ' || e.key === 'Enter') && t.closest(NATIVE_SPACE)) return true;
  return e.key.startsWith('Arrow') && Boolean(t.closest(NATIVE_ARROWS));
}

/**
 * The key handler, from the start; `lessons`: [{id, label}] for the number keys. The classroom
 * hands over its link panel and its Esc chain with `attach(ui)` once it has loaded.
 */
export function createKeys(doc, actions, lessons) {
  const table = keyTable(lessons);
  const dialog = buildOverlay(doc, table);
  let returnTo = null;
  let ui = {};
  const byKey = new Map(table.flatMap((k) => k.keys.map((key) => [key, k])));

  const keysUi = {
    share: () => ui.share?.(),
    toggleKeys() {
      if (dialog.open) return dialog.close();
      returnTo = doc.activeElement;
      dialog.showModal();
      return dialog.querySelector('button').focus();
    },
    escape() {
      if (!ui.escape?.()) actions.pause();
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
    const entry = entryOf(byKey, e);
    if (!entry || ignored(e) || (e.repeat && !entry.repeat)) return;
    e.preventDefault();
    entry.run(actions, keysUi);
  });
  return {
    /** The classroom's part: {share, escape}. */
    attach(classroomUi) {
      ui = classroomUi;
    },
  };
}

function buildOverlay(doc, table) {
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
  const rows = doc.createElement('table');
  rows.append(...table.map(row));
  const title = Object.assign(doc.createElement('h2'), { id: 'keys-title', textContent: 'Keyboard shortcuts' });
  const note = Object.assign(doc.createElement('p'), { textContent: 'Keys wait while you type in a box. Tab moves between controls.' });
  const close = Object.assign(doc.createElement('button'), { type: 'button', textContent: 'Close' });
  dialog.append(title, rows, note, close);
  doc.body.append(dialog);
  return dialog;
}

