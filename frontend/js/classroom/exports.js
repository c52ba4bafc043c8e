/**
 * The code panel, as a controller: the standalone PyTorch script of the settings shown (POST
 * /api/code, asked again when they change), a copy button, the run as a notebook (POST
 * /api/notebook) and the records as CSV or JSON, all from the same run request.
 */

import * as api from '../core/api.js';
import { CHANGE } from '../core/store.js';
import { current, runRequest } from '../core/state.js';
import { copyText } from './clipboard.js';
import { recordsCsv, recordsJson, saveBlob } from './downloads.js';
import { createCodePanelView } from '../views/codePanel.js';

const CODE_DELAY_MS = 250;  // settings often change in bursts (a typed lr, a drag): ask once they rest
const TEMPLATE = `
  <div class="side-head">
    <h2 id="code-title">This run in plain PyTorch</h2>
    <button type="button" data-part="close" aria-label="Close the code panel">✕</button>
  </div>
  <div class="code-actions" role="group" aria-label="Copy and download">
    <button type="button" id="code-copy">Copy code</button>
    <button type="button" id="download-notebook">Notebook .ipynb</button>
    <button type="button" id="download-csv">Data .csv</button>
    <button type="button" id="download-json">Data .json</button>
  </div>
  <p class="code-status" data-part="status" role="status"></p>
  <label class="visually-hidden" for="code-text">The standalone PyTorch script</label>
  <textarea id="code-text" class="code mono" data-part="code" readonly spellcheck="false" wrap="off"></textarea>`;
const SETTING_KINDS = new Set([CHANGE.code, CHANGE.lesson, CHANGE.settings, CHANGE.lr]);

export function createExports(panel, store, actions, doc = document) {
  panel.innerHTML = TEMPLATE;
  const view = createCodePanelView(panel);
  const $ = (id) => doc.getElementById(id);
  let shownKey = null;
  let timer = 0;
  let controller = null;

  const request = () => runRequest(store.state.lesson, current(store.state));
  const baseName = (req) => `gradplay-${req.problem}-${req.optimizer}-lr${req.lr}`;

  async function loadCode() {
    const req = request();
    const key = JSON.stringify(req);
    if (key === shownKey) return;
    controller?.abort();
    controller = new AbortController();
    view.render(null, 'torch is writing the script…');
    try {
      const text = await api.code(req, controller.signal);
      shownKey = key;
      view.render(text, `${req.problem}, ${req.optimizer}, lr ${req.lr}, ${req.steps} steps: run it with python.`);
    } catch (err) {
      if (err.name !== 'AbortError') view.render(null, `No script: ${err.message}`);
    }
  }

  async function downloadNotebook() {
    try {
      const { blob, name } = await api.notebook(request());
      saveBlob(blob, name, doc);
      view.say(`Saved ${name}: open it in Jupyter and run all cells.`);
    } catch (err) {
      view.say(`No notebook: ${err.message}`);
    }
  }

  function downloadData(kind) {
    const d = store.state.data[store.state.lesson];
    if (!d.records.length) return view.say('No records yet: torch is still running.');
    const req = request();
    const [text, type] = kind === 'csv' ? [recordsCsv(d.records), 'text/csv'] : [recordsJson(req, d.records, d.summary), 'application/json'];
    saveBlob(new Blob([text], { type }), `${baseName(req)}.${kind}`, doc);
    return view.say(`Saved ${d.records.length} records as ${kind.toUpperCase()}.`);
  }

  panel.querySelector('[data-part="close"]').addEventListener('click', () => actions.setCode(false));
  $('code-copy').addEventListener('click', async () => {
    const copied = await copyText($('code-text').value, $('code-text'));
    view.say(copied ? 'Copied: paste it into a file or a notebook cell.' : 'Selected: press Ctrl+C (⌘C) to copy.');
  });
  $('download-notebook').addEventListener('click', downloadNotebook);
  $('download-csv').addEventListener('click', () => downloadData('csv'));
  $('download-json').addEventListener('click', () => downloadData('json'));
  doc.getElementById('btn-code')?.addEventListener('click', () => actions.toggleCode());

  function sync(kind) {
    const open = store.state.code;
    panel.hidden = !open;
    doc.getElementById('btn-code')?.setAttribute('aria-pressed', String(open));
    if (!open || !SETTING_KINDS.has(kind)) return;
    clearTimeout(timer);
    timer = setTimeout(loadCode, kind === CHANGE.code ? 0 : CODE_DELAY_MS);
  }
  store.subscribe(sync);
  sync(CHANGE.code);
}
