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
