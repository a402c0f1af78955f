// Unit tests of what the console says about the quarantine as a whole (node --test web/test/).

import { test } from 'node:test';
import assert from 'node:assert/strict';

const { releaseAllConfirmation, releaseAllProgress } = await import('../js/quarantine.js');

test('"Release all" says how many it releases, that nothing is learnt, and when more wait that it takes the newest', () => {
  const some = releaseAllConfirmation({ total: 12, more: false, max: 10000 });
  assert.equal(some.title, 'Release all 12 messages in quarantine?');
  assert.equal(some.confirmLabel, 'Release 12 messages');
  assert.match(some.body.join(' '), /back to the folder each was removed from/);
  assert.match(some.body.join(' '), /does not learn from this release/);
  assert.doesNotMatch(some.body.join(' '), /newest/);

  assert.equal(releaseAllConfirmation({ total: 1, more: false }).title, 'Release the message in quarantine?');
  assert.equal(releaseAllConfirmation({ total: 1, more: false }).confirmLabel, 'Release 1 message');

  const many = releaseAllConfirmation({ total: 10000, more: true, max: 10000 });
  assert.equal(many.title, 'Release the newest 10,000 messages in quarantine?');
  assert.match(many.body.join(' '), /More than 10,000 messages are in quarantine: one release takes the newest 10,000/);
});

test('the release before offboarding says how far it got, and lets the administrator offboard only when nothing is left', () => {
  const running = releaseAllProgress({ status: 'RUNNING', total: 5, done: 2, alreadyGone: 1, failed: 0 });
  assert.equal(running.done, false);
  assert.equal(running.canOffboard, false);
  assert.match(running.text, /^Releasing 5 messages from quarantine: 3 done so far\./);

  const clean = releaseAllProgress({ status: 'COMPLETED', total: 5, done: 4, alreadyGone: 1, failed: 0 });
  assert.equal(clean.canOffboard, true);
  assert.match(clean.text, /^4 of 5 messages are back in their mailboxes\. 1 message was already gone/);
  assert.match(clean.text, /you can remove Mailmoat now\.$/);

  const failed = releaseAllProgress({ status: 'COMPLETED', total: 3, done: 2, alreadyGone: 0, failed: 1 });
  assert.equal(failed.canOffboard, false);
  assert.match(failed.text, /1 message could not be released and is still in quarantine/);
  assert.match(failed.text, /Remove Mailmoat asks again about what is left\.$/);

  const more = releaseAllProgress({ status: 'COMPLETED', total: 10000, done: 10000, failed: 0, moreInQuarantine: true });
  assert.equal(more.canOffboard, false);
  assert.match(more.text, /More messages are still in quarantine: release them all again\./);

  assert.match(releaseAllProgress({ status: 'COMPLETED', total: 1, done: 1 }).text, /^1 of 1 message is back in its mailbox\./);
});

test('mailboxes with a quarantine folder their users can see are named, with why Mailmoat cannot hide it and what to do', async () => {
  const { visibleFoldersNotice } = await import('../js/quarantine.js');
  assert.equal(visibleFoldersNotice({ visible: 0, atLeast: false, mailboxes: [] }), null);
  assert.equal(visibleFoldersNotice(null), null);

  const one = visibleFoldersNotice({ visible: 1, atLeast: false, mailboxes: [{ mailbox: 'adele@contoso.example' }] });
  assert.match(one.summary, /^1 mailbox has a Mailmoat Quarantine folder its user can see/);
  assert.deepEqual(one.mailboxes, ['adele@contoso.example']);
  assert.equal(one.more, 0);
  assert.match(one.why, /isHidden can be set only when the folder is created/);
  assert.match(one.fix, /delete the folder for good/);

  const many = visibleFoldersNotice({ visible: 1000, atLeast: true, mailboxes: [{ mailbox: 'a@x.example' }, { mailbox: 'b@x.example' }] });
  assert.match(many.summary, /^At least 1,000 mailboxes have a Mailmoat Quarantine folder their users can see/);
  assert.equal(many.more, 998);
});
