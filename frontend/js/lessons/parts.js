/**
 * Small helpers the lesson modules share to build their option controls from the catalog: a
 * select's <option>s from an option's declared choices, a number box's bounds, text escaped for
 * markup, and a typed box that is not overwritten while someone types in it.
 */

export function escapeHtml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** <option>s for each of an option's choices; `labels` words some of them for people, the rest show as they are. */
export function choiceTags(spec, labels = {}) {
  return (spec?.choices ?? []).map((c) => `<option value="${escapeHtml(c)}">${escapeHtml(labels[c] ?? c)}</option>`).join('');
}

/** min and max attributes from an option's declared bounds. */
export function boundsAttrs(spec) {
  return spec?.bounds ? `min="${spec.bounds[0]}" max="${spec.bounds[1]}"` : '';
}

/** Show a value in a typed box, unless someone is typing in it: a run arriving meanwhile must not
 *  overwrite their text (the box shows the value in use again once it is committed). */
export function showTyped(box, value) {
  if (box.ownerDocument.activeElement !== box) box.value = value;
}

/** A view factory's result with the panel it draws in. */
export const inPanel = (section, id, create, ...args) => create(section.querySelector(`#${id}`), ...args);

/** The update panel's markup (views/formula.js): heading, the parameter buttons, the rule's lines, the update. */
export const formulaPanel = (id, label = 'The current update') => `
    <div id="${id}" class="panel formula" aria-label="${escapeHtml(label)}">
      <p class="formula-heading" data-part="heading"></p>
      <p class="formula-choose" data-part="choose" role="group" aria-label="Which number to write out"></p>
      <p class="formula-rule" data-part="rule"></p>
      <p class="formula-update" data-part="update">…</p>
      <p class="formula-detail" data-part="detail"></p>
    </div>`;

/** A typed function's box with its Draw button, and the select of the lesson's presets; ids start with `prefix`. */
export const functionControls = (prefix, label, presets, limits) => `
      <form id="${prefix}function-form" class="control function" novalidate>
        <label for="${prefix}function">${label} =</label>
        <input type="text" id="${prefix}function" class="mono" spellcheck="false" autocomplete="off" maxlength="${limits.max_function_chars}" aria-describedby="${prefix}function-help ${prefix}function-error">
        <button type="submit">Draw</button>
      </form>
      <div class="control">
        <label for="${prefix}preset">Presets</label>
        <select id="${prefix}preset">
          <option value="">(your own)</option>
          ${presets.map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(p.label)}</option>`).join('')}
        </select>
      </div>`;

/** Draw tries the typed function on the server first (its message shown inline if refused); a preset applies at once. */
export function bindFunctionControls(el, prefix, actions) {
  const $ = (id) => el.querySelector(`#${prefix}${id}`);
  async function applyFunction() {
    const error = await actions.tryFunction($('function').value);
    $('function-error').textContent = error ?? '';
    $('function-error').hidden = !error;
    $('function').setAttribute('aria-invalid', String(Boolean(error)));
  }
  $('function-form').addEventListener('submit', (e) => { e.preventDefault(); applyFunction(); });
  $('preset').addEventListener('change', (e) => { if (e.target.value) actions.usePreset(e.target.value); });
}
