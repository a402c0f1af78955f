// Confirmation dialogs: a native modal <dialog> (the rest of the page is inert while it is
// open), focus kept inside it (Tab and Shift+Tab wrap), Escape or Cancel closes it, and focus
// returns to whatever opened it. The confirming button carries data-testid="confirm". A risky
// action can ask for an explicit acknowledgement: a checkbox the confirming button waits for.

import { h } from './ui.js';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Asks a question; resolves true when confirmed, false when cancelled.
 * options: { title, body (string | Node | array), confirmLabel, cancelLabel, danger,
 *   acknowledge (the label of a checkbox that must be ticked before confirming; none when null) }
 */
export function confirmDialog({ title, body, confirmLabel = 'Confirm', cancelLabel = 'Cancel', danger = false, acknowledge = null }) {
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
    const bodyId = `${titleId}-body`;
    const confirm = h('button', {
      type: 'button',
      class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`,
      'data-testid': 'confirm',
      id: 'confirm',
    }, confirmLabel);
    const cancel = h('button', { type: 'button', class: 'btn', id: 'dialog-cancel' }, cancelLabel);
    const check = acknowledge ? h('input', { type: 'checkbox', id: 'dialog-acknowledge', 'data-testid': 'confirm-acknowledge' }) : null;
    if (check) {
      confirm.disabled = true;
      check.addEventListener('change', () => { confirm.disabled = !check.checked; });
    }
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': bodyId },
      h('h2', { id: titleId }, title),
      h('div', { id: bodyId, class: 'dialog-body' }, typeof body === 'string' ? h('p', {}, body) : body),
      check ? h('p', { class: 'dialog-acknowledge' }, check, ' ', h('label', { for: 'dialog-acknowledge' }, acknowledge)) : null,
      h('div', { class: 'dialog-actions' }, cancel, confirm));

    let settled = false;
    const close = (answer) => {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(answer);
    };
    confirm.addEventListener('click', () => {
      if (!confirm.disabled) close(true);
    });
    cancel.addEventListener('click', () => close(false));
    // Escape: the browser fires "cancel" on a modal dialog.
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close(false);
        return;
      }
      if (event.key !== 'Tab') return;
      const items = [...dialog.querySelectorAll(FOCUSABLE)].filter((el) => el.offsetParent !== null);
      if (items.length === 0) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });
    // A click on the backdrop (outside the box) cancels, as people expect.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) {
        const box = dialog.getBoundingClientRect();
        const inside = event.clientX >= box.left && event.clientX <= box.right
          && event.clientY >= box.top && event.clientY <= box.bottom;
        if (!inside) close(false);
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    // The safe choice has focus first for destructive actions; otherwise the main action (or the
    // acknowledgement it waits for).
    (danger ? cancel : (check ?? confirm)).focus();
  });
}
