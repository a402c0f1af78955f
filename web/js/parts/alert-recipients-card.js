// Account page, Emails: extra recipients of the security emails (a security team's mailbox, a
// colleague, an MSP's ticketing address). Added addresses get a confirmation email and nothing else
// until they confirm; each email they get has a link to stop. Listed with their state; a pending one
// can be sent its confirmation again; any can be removed.

import { describeError, errorItems } from '../api.js';
import { call } from '../session.js';
import { h, announce, busy, pill, formatTime } from '../ui.js';
import { validate, clearOnInput, markServerErrors } from '../forms.js';
import { confirmDialog } from '../dialog.js';
import { recipientStatus, addProblem, recipientCount } from '../alert-recipients.js';
import * as store from '../store.js';

export function createAlertRecipientsCard() {
  let recipients = [];
  let max = 5;

  const count = h('p', { class: 'hint', id: 'alert-recipients-count' }, '');
  const list = h('ul', { class: 'recipient-list', id: 'alert-recipients-list', 'data-testid': 'alert-recipients-list', 'aria-labelledby': 'alert-recipients-heading' });
  const email = h('input', { type: 'email', id: 'alert-recipient-email', name: 'email', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'alert-recipient-hint' });
  const add = h('button', { type: 'submit', class: 'btn', id: 'alert-recipient-add' }, 'Add recipient');
  const form = h('form', { id: 'alert-recipient-form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'alert-recipient-email' }, 'Email address to add'),
      email,
      h('p', { class: 'hint', id: 'alert-recipient-hint' }, 'We email it a link to confirm; it gets nothing else until it does.')),
    h('div', { class: 'actions-row' }, add));
  const card = h('section', { class: 'card', id: 'alert-recipients', 'aria-labelledby': 'alert-recipients-heading' },
    h('h2', { id: 'alert-recipients-heading', tabindex: '-1' }, 'Also send security emails to'),
    h('p', { class: 'small muted' }, 'Threat Scan reports, removal results, malicious-mail alerts and protection changes '
      + 'also go to these addresses, under the choices above. Sign-in and account emails stay yours only.'),
    count, list, form);
  clearOnInput(email);

  function render() {
    count.textContent = recipientCount(recipients, max);
    list.textContent = '';
    list.hidden = recipients.length === 0;
    for (const recipient of recipients) {
      const status = recipientStatus(recipient);
      const actions = h('div', { class: 'actions-row' });
      if (recipient.state === 'PENDING') {
        const resend = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'resend', 'aria-label': `Send the confirmation to ${recipient.email} again` }, 'Send again');
        resend.addEventListener('click', () => resendTo(recipient, resend));
        actions.append(resend);
      }
      const remove = h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-action': 'remove', 'aria-label': `Remove ${recipient.email}` }, 'Remove');
      remove.addEventListener('click', () => removeOne(recipient, remove));
      actions.append(remove);
      const since = recipient.state === 'ACTIVE' ? recipient.confirmedAt
        : recipient.state === 'UNSUBSCRIBED' ? recipient.unsubscribedAt : recipient.addedAt;
      list.append(h('li', { class: 'recipient', 'data-state': recipient.state },
        h('div', {},
          h('strong', {}, recipient.email), ' ', pill(status.label, status.tone),
          h('p', { class: 'small muted' }, `${status.note} Since ${formatTime(since).text}.`)),
        actions));
    }
    form.hidden = recipients.length >= max;
  }

  async function load() {
    try {
      const { data } = await call('/api/account/email-recipients');
      recipients = Array.isArray(data?.recipients) ? data.recipients : [];
      max = Number(data?.max) || max;
      render();
    } catch (error) {
      count.textContent = `We couldn't load the extra recipients (${describeError(error)})`;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = addProblem(email.value, { ownEmail: store.get('account')?.email, recipients, max });
    if (!validate([[email, problem == null, problem]])) return;
    const done = busy(add, 'Adding…');
    try {
      const { data } = await call('/api/account/email-recipients', { method: 'POST', body: { email: email.value.trim() } });
      email.value = '';
      announce(`We emailed ${data?.email ?? 'the address'} a link to confirm. It gets the security emails once it does.`, 'success');
      await load();
    } catch (error) {
      if (!markServerErrors(error?.details, { email })) announce(describeError(error), 'error', errorItems(error));
    } finally {
      done();
    }
  });

  async function resendTo(recipient, button) {
    const done = busy(button, 'Sending…');
    try {
      await call(`/api/account/email-recipients/${encodeURIComponent(recipient.id)}/resend`, { method: 'POST', body: {} });
      announce(`We emailed ${recipient.email} the confirmation link again.`, 'success');
    } catch (error) {
      announce(describeError(error), 'error', errorItems(error));
    } finally {
      done();
    }
  }

  async function removeOne(recipient, button) {
    const ok = await confirmDialog({
      title: 'Remove this recipient?',
      body: `${recipient.email} will get no more Mailmoat emails. You can add it again later; it would have to confirm again.`,
      confirmLabel: 'Remove',
      danger: true,
    });
    if (!ok) return;
    const done = busy(button, 'Removing…');
    try {
      await call(`/api/account/email-recipients/${encodeURIComponent(recipient.id)}`, { method: 'DELETE' });
      announce(`${recipient.email} was removed.`, 'success');
      await load();
    } catch (error) {
      announce(describeError(error), 'error', errorItems(error));
      done();
    }
  }

  return { card, load };
}
