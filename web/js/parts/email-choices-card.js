// Account page: the "Emails" card. Which routine emails the administrator gets: removal results and
// alerts about malicious mail arriving can be switched off (their in-app notices stay); account,
// sign-in, scan report, upgrade and offboarding emails always go.

import { describeError, errorItems } from '../api.js';
import { call } from '../session.js';
import { h, announce, busy } from '../ui.js';
import * as store from '../store.js';

export function createEmailChoicesCard() {
  const removals = h('input', { type: 'checkbox', id: 'email-removals', name: 'removals', checked: true });
  const realTimeAlerts = h('input', { type: 'checkbox', id: 'email-realtime', name: 'realTimeAlerts', checked: true });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'email-choices-save' }, 'Save email choices');
  const form = h('form', { id: 'email-choices-form', novalidate: true },
    h('fieldset', { class: 'fieldset' }, h('legend', {}, 'Email me when'),
      h('label', { class: 'checkbox' }, removals, 'a removal or release I asked for is complete'),
      h('label', { class: 'checkbox' }, realTimeAlerts, 'malicious mail arrives (Monitor or Protect; at most one an hour)')),
    h('p', { class: 'hint' }, 'Switched off, these still appear in the console\'s notifications. Sign-in and account '
      + 'emails, Threat Scan reports and upgrade results are always emailed.'),
    h('div', { class: 'actions-row' }, save));
  const card = h('section', { class: 'card', id: 'email-choices', 'aria-labelledby': 'email-choices-heading' },
    h('h2', { id: 'email-choices-heading' }, 'Emails'), form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const done = busy(save, 'Saving…');
    try {
      const { data } = await call('/api/account/email-choices', {
        method: 'PUT', body: { removals: removals.checked, realTimeAlerts: realTimeAlerts.checked },
      });
      const account = store.get('account');
      if (account && data?.emailChoices) store.set('account', { ...account, emailChoices: data.emailChoices });
      announce('Email choices saved.', 'success');
    } catch (error) {
      announce(describeError(error), 'error', errorItems(error));
    } finally {
      done();
    }
  });

  /** Shows the account's choices, unless the administrator is changing them. */
  function render(account) {
    if (document.activeElement?.closest('#email-choices-form') != null) return;
    const choices = account?.emailChoices ?? {};
    removals.checked = choices.removals !== false;
    realTimeAlerts.checked = choices.realTimeAlerts !== false;
  }

  return { card, render };
}
