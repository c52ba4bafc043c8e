/**
 * Copying text for a teacher: the Clipboard API where the page is a secure context (localhost,
 * https), else the old way on a selected field, which also works over a classroom's plain http.
 * Either way the text ends up selected in front of them, so Ctrl+C is the last resort.
 */

/** Copy `text`; `field` (an input or textarea showing it) is selected as the fallback. True if copied. */
export async function copyText(text, field) {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // not allowed here (no focus, no permission): fall back to the selected field
    }
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
