// The Account page's Activity card: its DOM-free words (node --test web/test/).

import { test } from 'node:test';
import assert from 'node:assert/strict';

const { activityTopic, activityActor, mergeActivity, EMPTY_ACTIVITY } = await import('../js/activity.js');

test('each kind of entry is filed under a topic in words', () => {
  assert.equal(activityTopic('MODE_CHANGE_REQUESTED'), 'Protection');
  assert.equal(activityTopic('UPGRADE_COMPLETED'), 'Protection');
  assert.equal(activityTopic('POLICY_DELETED'), 'Policy');
  assert.equal(activityTopic('SENDER_LIST_IMPORTED'), 'Sender list');
  assert.equal(activityTopic('RELEASE_STARTED'), 'Removal');
  assert.equal(activityTopic('NOT_A_THREAT'), 'Verdict');
  assert.equal(activityTopic('TWO_STEP_OFF'), 'Sign-in');
  assert.equal(activityTopic('MICROSOFT_365_CONNECTED'), 'Protection');
  assert.equal(activityTopic('SOMETHING_NEW'), 'Change', 'a kind this console does not know yet still shows');
});

test('the signed-in administrator is "You"; others and automatic changes by name', () => {
  assert.equal(activityActor({ actor: 'Admin@Contoso.example' }, 'admin@contoso.example'), 'You');
  assert.equal(activityActor({ actor: 'Mailmoat' }, 'admin@contoso.example'), 'Mailmoat');
  assert.equal(activityActor({ actor: 'it@contoso.example' }, 'admin@contoso.example'), 'it@contoso.example');
  assert.equal(activityActor({}, 'admin@contoso.example'), 'Someone');
});

test('Load more appends the next page, and a page read twice adds nothing', () => {
  const first = mergeActivity([], { items: [{ id: 'b' }, { id: 'a' }] });
  assert.deepEqual(first.map((e) => e.id), ['b', 'a']);
  assert.deepEqual(mergeActivity(first, { items: [{ id: 'a' }, { id: 'z' }] }).map((e) => e.id), ['b', 'a', 'z']);
  assert.deepEqual(mergeActivity(first, null).map((e) => e.id), ['b', 'a']);
  assert.match(EMPTY_ACTIVITY, /No changes yet/);
});

test('the filter becomes one query string for the list and the export, empty choices left out', async () => {
  const { activityFilterQuery } = await import('../js/activity.js');
  assert.equal(activityFilterQuery({}), '');
  assert.equal(activityFilterQuery({ category: 'sign-in', from: '', to: '2026-11-30' }), 'category=sign-in&to=2026-11-30');
  assert.equal(activityFilterQuery({ category: '', from: '2026-11-01', to: '2026-11-30' }), 'from=2026-11-01&to=2026-11-30');
});

test('an end date before the start date is caught before asking; one day or open ends are fine', async () => {
  const { activityDatesProblem } = await import('../js/activity.js');
  assert.equal(activityDatesProblem({ from: '2026-11-24', to: '2026-11-20' }), 'The end date is before the start date.');
  assert.equal(activityDatesProblem({ from: '2026-11-24', to: '2026-11-24' }), null);
  assert.equal(activityDatesProblem({ from: '2026-11-24' }), null);
});

test('an entry shows the server\'s kind of change, or the console\'s own word for an older answer', async () => {
  const { activityCategoryName, ACTIVITY_CATEGORIES } = await import('../js/activity.js');
  assert.equal(activityCategoryName({ kind: 'TWO_STEP_ON', categoryName: 'Sign-in and security' }), 'Sign-in and security');
  assert.equal(activityCategoryName({ kind: 'TWO_STEP_ON' }), 'Sign-in');
  assert.deepEqual(ACTIVITY_CATEGORIES.map(([slug]) => slug), ['protection', 'policies', 'remediation', 'sign-in', 'account']);
});
