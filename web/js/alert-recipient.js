// The page the links emailed to extra alert recipients open: /alert-recipient?confirm=<token> (the
// confirmation link; nothing is sent to the address before) and /alert-recipient?unsubscribe=<token>
// (in every later email). Nothing happens on opening the page, only on the button: mail scanners
// that open links must not confirm or unsubscribe anyone.

import { api, describeError } from './api.js';
import { icon, announce, busy } from './ui.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const confirmToken = params.get('confirm');
const unsubscribeToken = params.get('unsubscribe');

$('done-icon').append(icon('check'));
$('invalid-icon').append(icon('cross'));

if (confirmToken) {
  $('recipient-confirm').hidden = false;
  $('confirm-submit').addEventListener('click', () => send($('confirm-submit'), '/api/alert-recipients/confirm',
    confirmToken, (data) => `${data?.email ?? 'This address'} now gets the account's security emails. Each one has a link to stop them.`));
} else if (unsubscribeToken) {
  $('recipient-unsubscribe').hidden = false;
  $('unsubscribe-submit').addEventListener('click', () => send($('unsubscribe-submit'), '/api/alert-recipients/unsubscribe',
    unsubscribeToken, () => 'You are unsubscribed: Mailmoat sends this address no more of these emails.'));
} else {
  show('recipient-invalid', 'invalid-heading');
}

async function send(button, path, token, doneMessage) {
  const done = busy(button, 'Working…');
  try {
    const { data } = await api(path, { method: 'POST', body: { token } });
    $('done-message').textContent = doneMessage(data);
    show('recipient-done', 'done-heading');
  } catch (error) {
    if (error.code === 'invalid_token') {
      $('invalid-message').textContent = typeof error.details === 'string' ? error.details : describeError(error);
      show('recipient-invalid', 'invalid-heading');
    } else {
      announce(describeError(error), 'error');
    }
  } finally {
    done();
  }
}

function show(id, headingId) {
  for (const section of ['recipient-confirm', 'recipient-unsubscribe', 'recipient-done', 'recipient-invalid']) {
    $(section).hidden = section !== id;
  }
  $(headingId).focus();
}
