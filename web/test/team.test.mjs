// The DOM-free words and checks of the Account page's Team card (node --test web/test/).

import { test } from 'node:test';
import assert from 'node:assert/strict';

const { roleIncludes, signedInRole, signedInLabel, memberStatus, inviteProblem, MEMBER_ROLES } = await import('../js/team.js');

test('roles include the ones below them and nothing above', () => {
  assert.ok(roleIncludes('OWNER', 'ADMINISTRATOR'));
  assert.ok(roleIncludes('ANALYST', 'ANALYST'));
  assert.ok(roleIncludes('ADMINISTRATOR', 'READ_ONLY'));
  assert.ok(!roleIncludes('ANALYST', 'ADMINISTRATOR'));
  assert.ok(!roleIncludes('READ_ONLY', 'ANALYST'));
  assert.ok(!roleIncludes('SOMETHING', 'READ_ONLY'), 'an unknown role may do nothing');
  assert.deepEqual(MEMBER_ROLES, ['ADMINISTRATOR', 'ANALYST', 'READ_ONLY'], 'the owner role is never offered');
});

test('the header names who is signed in and their role', () => {
  assert.equal(signedInLabel({ email: 'owner@contoso.example', signedInAs: { email: 'ana@contoso.example', role: 'ANALYST' } }),
    'ana@contoso.example · Analyst');
  assert.equal(signedInLabel({ email: 'owner@contoso.example' }), 'owner@contoso.example · Owner');
  assert.equal(signedInRole({ signedInAs: { role: 'READ_ONLY' } }), 'READ_ONLY');
});

test('an invited person reads as such until they choose a password', () => {
  assert.equal(memberStatus({ status: 'INVITED' }).label, 'Invited');
  assert.match(memberStatus({ status: 'INVITED' }).note, /7 days/);
  assert.equal(memberStatus({ status: 'ACTIVE', lastSignInAt: null }).note, 'Has not signed in yet.');
  assert.equal(memberStatus({ status: 'ACTIVE', lastSignInAt: '2026-12-01T09:00:00Z' }).note, null);
});

test('the invite form refuses what the server would, before calling it', () => {
  const members = [{ email: 'owner@contoso.example', role: 'OWNER' }, { email: 'ana@contoso.example', role: 'ANALYST' }];
  assert.match(inviteProblem('', { members }), /Enter the email address/);
  assert.match(inviteProblem('nope', { members }), /one email address/);
  assert.match(inviteProblem(' ANA@contoso.example ', { members }), /on the team already/);
  assert.match(inviteProblem('Owner@contoso.example', { members }), /on the team already/);
  assert.match(inviteProblem('new@contoso.example', { members, max: 1 }), /at most 1 members/);
  assert.equal(inviteProblem('new@contoso.example', { members }), null);
});

test('a refusal for the role says who may, in the server\'s words', async () => {
  const { describeError, ApiError } = await import('../js/api.js');
  const error = new ApiError(403, 'forbidden_for_role', 'Only the owner or an Administrator can do this; your role is Analyst.');
  assert.equal(describeError(error), 'Only the owner or an Administrator can do this; your role is Analyst.');
});

test('sign-ins and team changes have a topic in the activity log', async () => {
  const { activityTopic } = await import('../js/activity.js');
  assert.equal(activityTopic('SIGNED_IN'), 'Sign-in');
  assert.equal(activityTopic('TEAM_MEMBER_INVITED'), 'Team');
  assert.equal(activityTopic('TEAM_MEMBER_REMOVED'), 'Team');
});
