// Confirmation dialogs: a native modal <dialog> (the rest of the page is inert while it is
// open), focus kept inside it (Tab and Shift+Tab wrap), Escape or Cancel closes it, and focus
// returns to whatever opened it. The main (last) answer's button carries data-testid="confirm". A risky
// action can ask for an explicit acknowledgement: a checkbox the main answer waits for.

import { h } from './ui.js';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Asks a question; resolves true when confirmed, false when cancelled.
 * options: { title, body (string | Node | array), confirmLabel, cancelLabel, danger,
 *   acknowledge (the label of a checkbox that must be ticked before confirming; none when null) }
 */
export function confirmDialog({ title, body, confirmLabel = 'Confirm', cancelLabel = 'Cancel', danger = false, acknowledge = null }) {
  return chooseDialog({ title, body, cancelLabel, acknowledge, choices: [{ value: true, label: confirmLabel, danger, id: 'confirm' }] })
    .then((value) => value === true);
}

/**
 * Asks a question with several answers; resolves to the chosen answer's value, or null when cancelled.
 * options: { title, body, cancelLabel, choices: [{ value, label, danger, id }], acknowledge } — the last choice
 * is the main one (data-testid="confirm"), and the one an acknowledgement holds back; with a dangerous choice,
 * Cancel has focus first.
 */
export function chooseDialog({ title, body, cancelLabel = 'Cancel', choices, acknowledge = null }) {
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
    const bodyId = `${titleId}-body`;
    const danger = choices.some((choice) => choice.danger);
    const buttons = choices.map((choice, index) => {
      const main = index === choices.length - 1;
      return h('button', {
        type: 'button',
        class: `btn ${choice.danger ? 'btn-danger' : main ? 'btn-primary' : ''}`.trim(),
        'data-testid': main ? 'confirm' : null,
        id: choice.id ?? (main ? 'confirm' : null),
      }, choice.label);
    });
    const main = buttons[buttons.length - 1];
    const cancel = h('button', { type: 'button', class: 'btn', id: 'dialog-cancel' }, cancelLabel);
    const check = acknowledge ? h('input', { type: 'checkbox', id: 'dialog-acknowledge', 'data-testid': 'confirm-acknowledge' }) : null;
    if (check) {
      main.disabled = true;
      check.addEventListener('change', () => { main.disabled = !check.checked; });
    }
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': bodyId },
      h('h2', { id: titleId }, title),
      h('div', { id: bodyId, class: 'dialog-body' }, typeof body === 'string' ? h('p', {}, body) : body),
      check ? h('p', { class: 'dialog-acknowledge' }, check, ' ', h('label', { for: 'dialog-acknowledge' }, acknowledge)) : null,
      h('div', { class: 'dialog-actions' }, cancel, buttons));

    let settled = false;
    const close = (answer) => {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(answer);
    };
    buttons.forEach((button, index) => button.addEventListener('click', () => {
      if (!button.disabled) close(choices[index].value);
    }));
    cancel.addEventListener('click', () => close(null));
    // Escape: the browser fires "cancel" on a modal dialog.
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(null);
    });
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close(null);
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
        if (!inside) close(null);
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    // The safe choice has focus first for destructive actions; otherwise the main action (or the
    // acknowledgement it waits for).
    (danger ? cancel : (check ?? main)).focus();
  });
}
