/**
 * The header's "Classroom" menu: one button that opens the list of classroom features (each also
 * a key). Choosing one closes the list; so do Esc, a click elsewhere, and focus leaving it.
 */

export function createMenu(doc) {
  const button = doc.getElementById('btn-classroom');
  const menu = doc.getElementById('classroom-menu');

  function open(show, focusFirst = false) {
    menu.hidden = !show;
    button.setAttribute('aria-expanded', String(show));
    if (show && focusFirst) menu.querySelector('button').focus();
  }

  button.addEventListener('click', () => open(menu.hidden, true));
  menu.addEventListener('click', (e) => {
    if (!e.target.closest('button')) return;
    open(false);
    // focus stays visible: back on the menu button, unless the choice moved it (a panel's field, a dialog)
    if (menu.contains(doc.activeElement) || doc.activeElement === doc.body) button.focus();
  });
  doc.addEventListener('pointerdown', (e) => { if (!menu.hidden && !e.target.closest('#toolbar')) open(false); });
  menu.addEventListener('focusout', (e) => { if (!menu.contains(e.relatedTarget) && e.relatedTarget !== button) open(false); });
  menu.addEventListener('keydown', (e) => {
    const items = [...menu.querySelectorAll('button')];
    const step = { ArrowDown: 1, ArrowUp: -1 }[e.key];
    if (!step) return;
    e.preventDefault();
    items[(items.indexOf(doc.activeElement) + step + items.length) % items.length].focus();
  });
  return {
    /** Esc: close the list if it is open; true if it was. */
    close() {
      if (menu.hidden) return false;
      open(false);
      button.focus();
      return true;
    },
  };
}
