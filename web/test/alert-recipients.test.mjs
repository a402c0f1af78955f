// The DOM-free words and checks of the Account page's extra alert recipients (node --test web/test/).

import { test } from 'node:test';
import assert from 'node:assert/strict';

const { recipientStatus, addProblem, recipientCount } = await import('../js/alert-recipients.js');

test('each state says in words what the address gets', () => {
  assert.equal(recipientStatus({ state: 'PENDING' }).label, 'Waiting for confirmation');
  assert.match(recipientStatus({ state: 'PENDING' }).note, /nothing until/);
  assert.equal(recipientStatus({ state: 'ACTIVE' }).tone, 'success');
  assert.match(recipientStatus({ state: 'UNSUBSCRIBED' }).note, /Remove it to ask again/);
  assert.equal(recipientStatus({}).label, 'Waiting for confirmation', 'an unknown state promises nothing');
});

test('the add form refuses what the server would, before calling it', () => {
  const context = { ownEmail: 'Owner@Contoso.example', recipients: [{ email: 'soc@contoso.example' }], max: 2 };
  assert.match(addProblem('', context), /Enter the email address/);
  assert.match(addProblem('not an address', context), /one email address/);
  assert.match(addProblem(' owner@contoso.EXAMPLE ', context), /own address/);
  assert.match(addProblem('SOC@contoso.example', context), /listed already/);
  assert.equal(addProblem('msp-tickets@fabrikam.example', context), null);
  assert.match(addProblem('x@fabrikam.example', { ...context, recipients: [{ email: 'a@b.example' }, { email: 'c@d.example' }] }),
    /up to 2 extra recipients/);
});

test('the count reads as a sentence', () => {
  assert.equal(recipientCount([], 5), '0 of 5 extra recipients');
  assert.equal(recipientCount([{}, {}], 5), '2 of 5 extra recipients');
});
