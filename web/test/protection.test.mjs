// Module tests of the Protection, Policies, Upgrade and real-time parts' logic (no DOM needed):
//   node --test web/test/

import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.document ??= Object.assign(new EventTarget(), { hidden: false });
globalThis.window ??= new EventTarget();
globalThis.location ??= { hash: '', search: '', pathname: '/' };
globalThis.history ??= { state: null, replaceState() {} };

const { describeTargets, targetsPayload, targetsChosen, csvLineErrors, lines, describePolicyTarget } = await import('../js/targets.js');
const { upgradeProgress, upgradeActive, pushedDownText } = await import('../js/upgrade-steps.js');
const { upgradeBannerState } = await import('../js/parts/upgrade-banner.js');
const { subscriptionHealth } = await import('../js/parts/realtime-summary.js');
const { reconsentText } = await import('../js/parts/consent-banner.js');
const { switchExplanation } = await import('../js/pages/protection.js');
const { sortPolicies, actionInForce } = await import('../js/pages/policies.js');

const STEPS = ['ValidatePrerequisites', 'RecordTransportRuleOrder', 'InstallTransportRules', 'ImportUsersAndGroups',
  'CreateMailSubscriptions', 'SwitchMode', 'NotifyComplete'];
const upgrade = (status, statuses, extra = {}) => ({
  id: 'u1', status, mode: 'MONITOR', targetedTo: { everyone: true, users: [], groups: [] },
  steps: STEPS.map((name, i) => ({ name, label: `Step ${i + 1}`, status: statuses[i] ?? 'PENDING', error: null })),
  rulesPushedDown: [], ...extra,
});
const connected = (mode, extra = {}) => ({ tenantId: 't-1', mode, ...extra });

test('Targeted To reads as people would say it, and the request names each one once', () => {
  assert.equal(describeTargets({ everyone: true, users: [], groups: [] }), 'Everyone in your organisation');
  assert.equal(describeTargets(null), 'Everyone in your organisation');
  assert.equal(describeTargets({ everyone: false, users: ['ann@contoso.example'], groups: ['g1', 'g2'] }, { g1: 'Finance', g2: 'Sales' }),
    '1 user and 2 groups: ann@contoso.example, Finance, Sales');
  const many = { everyone: false, users: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], groups: [] };
  assert.match(describeTargets(many), /^7 users: a, b, c, d, e, and 2 more$/);
  assert.deepEqual(targetsPayload({ everyone: false, users: ['a', 'a'], groups: ['g'] }), { everyone: false, users: ['a'], groups: ['g'] });
  assert.deepEqual(targetsPayload({ everyone: true, users: ['a'] }), { everyone: true, users: [], groups: [] });
  assert.equal(targetsChosen({ everyone: false, users: [], groups: [] }), false, 'choosing no one is not a choice');
  assert.equal(targetsChosen({ everyone: false, users: [], groups: ['g'] }), true);
});

test('a CSV import\'s errors are listed by line number, general problems first', () => {
  const errors = csvLineErrors([
    { field: 'line 7', message: "'x y' is neither an address nor a domain" },
    { field: 'line 2', message: "'bad@@' is neither an address nor a domain" },
    { field: 'csv', message: 'holds 5001 entries; a list holds at most 5000' },
  ]);
  assert.deepEqual(errors.map((e) => e.line), [null, 2, 7]);
  assert.equal(errors[1].message, "'bad@@' is neither an address nor a domain");
  assert.equal(errors[0].message, 'csv holds 5001 entries; a list holds at most 5000');
  assert.deepEqual(csvLineErrors('The CSV could not be read.'), [{ line: null, message: 'The CSV could not be read.' }]);
  assert.deepEqual(csvLineErrors(null), []);
});

test('policy targets are typed one a line and read back in a few words', () => {
  assert.deepEqual(lines(' a@x.example \n\nb.example\na@x.example;c.example'), ['a@x.example', 'b.example', 'c.example']);
  assert.equal(describePolicyTarget({ default: true }), 'Everyone not covered by another policy');
  assert.equal(describePolicyTarget({ target: { recipients: [{ kind: 'GROUP', value: 'g1' }], senders: [{ kind: 'DOMAIN', value: 'partner.example' }],
    exceptSenders: [{ kind: 'ADDRESS', value: 'ceo@partner.example' }], exceptRecipients: [] } }, { g1: 'Finance' }),
  'To group: Finance, from partner.example, with 1 exception');
  assert.equal(describePolicyTarget({ target: {} }), 'To everyone');
});

test('policies are listed by priority, the highest (which wins) first, the Default Policy last', () => {
  const sorted = sortPolicies([{ id: 'default', default: true, priority: 0, name: 'Default Policy' },
    { id: 'a', priority: 10, name: 'Sales' }, { id: 'b', priority: 50, name: 'Finance' }]);
  assert.deepEqual(sorted.map((p) => p.id), ['b', 'a', 'default']);
});

test('the upgrade\'s progress counts finished steps and names the running one', () => {
  const running = upgrade('RUNNING', ['COMPLETED', 'COMPLETED', 'RUNNING']);
  assert.deepEqual({ ...upgradeProgress(running), failed: null }, { total: 7, done: 2, percent: 29, current: 'Step 3', failed: null });
  assert.equal(upgradeActive(running), true);
  const failed = upgrade('FAILED', ['COMPLETED', 'FAILED']);
  assert.equal(upgradeProgress(failed).failed.name, 'RecordTransportRuleOrder');
  assert.equal(upgradeActive(failed), false);
  assert.equal(upgradeProgress(upgrade('COMPLETED', STEPS.map(() => 'COMPLETED'))).percent, 100);
  assert.equal(upgradeProgress(upgrade('PENDING_CONSENT', [])).percent, 0);
  assert.equal(pushedDownText({ name: 'Disclaimer', from: 0, to: 2 }), 'Disclaimer: priority 0 → 2');
});

test('Home\'s upgrade banner offers the upgrade, follows it, and goes once the report is seen', () => {
  assert.equal(upgradeBannerState({ mode: 'THREAT_SCAN_ONLY' }, null), null, 'not before Microsoft 365 is connected');
  assert.equal(upgradeBannerState(connected('THREAT_SCAN_ONLY'), null).action, 'Upgrade Now');
  assert.equal(upgradeBannerState(connected('THREAT_SCAN_ONLY'), upgrade('PENDING_CONSENT', [])).kind, 'pending');
  const running = upgradeBannerState(connected('THREAT_SCAN_ONLY'), upgrade('RUNNING', ['COMPLETED', 'RUNNING']));
  assert.equal(running.kind, 'running');
  assert.match(running.title, /Step 2/);
  assert.equal(running.text, '1 of 7 steps done.');
  const done = upgrade('COMPLETED', STEPS.map(() => 'COMPLETED'), { rulesPushedDown: [{ name: 'Disclaimer', from: 0, to: 2 }] });
  assert.match(upgradeBannerState(connected('MONITOR'), done).title, /^Congratulations!/);
  assert.equal(upgradeBannerState(connected('MONITOR'), done, { reportSeen: true }), null);
  assert.equal(upgradeBannerState(connected('PROTECT'), null), null, 'nothing to offer once live');
  assert.equal(upgradeBannerState(connected('THREAT_SCAN_ONLY'), upgrade('FAILED', ['FAILED'], { error: 'No Exchange role.' })).text, 'No Exchange role.');
});

test('real-time subscriptions are healthy, missing or need attention', () => {
  assert.equal(subscriptionHealth({ active: false }).text, 'Not watching new mail');
  assert.equal(subscriptionHealth({ active: true, subscriptions: { healthy: 0, needingAttention: 0 } }).tone, 'warning');
  assert.deepEqual(subscriptionHealth({ active: true, subscriptions: { healthy: 10, needingAttention: 0 } }),
    { healthy: 10, attention: 0, text: 'Watching every mailbox', tone: 'success' });
  assert.equal(subscriptionHealth({ active: true, subscriptions: { healthy: 8, needingAttention: 2 } }).text, '2 subscriptions need attention');
  assert.equal(subscriptionHealth({ active: true, subscriptions: { healthy: 8, needingAttention: 1 } }).text, '1 subscription needs attention');
  const refused = subscriptionHealth({ active: true, subscriptions: { healthy: 10, needingAttention: 0 },
    subscriptionProblem: { message: 'renew s-1 refused: InvalidRequest', since: '2026-12-06T23:00:00Z' } });
  assert.equal(refused.tone, 'warning');
  assert.match(refused.text, /Microsoft refused a subscription/);
});

test('switching mode says what changes and that Microsoft asks first', () => {
  const protect = switchExplanation('MONITOR', 'PROTECT');
  assert.match(protect[0], /quarantine/);
  assert.match(protect.at(-1), /re-confirm.*Protect takes effect once you have; until then Monitor stays in force/);
  assert.match(switchExplanation('THREAT_SCAN_ONLY', 'DISABLED')[0], /stops checking new mail/);
  assert.match(switchExplanation('PROTECT', 'DISABLED')[0], /transport rules stay .* hold nothing back/);
  const down = switchExplanation('PROTECT', 'THREAT_SCAN_ONLY')[0];
  assert.match(down, /transport rules are removed from Exchange Online/);
  assert.match(down, /run the upgrade again/);
});

test('after a re-consent the consent banner says what it started, not that a first scan began', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  assert.match(reconsentText(connected('THREAT_SCAN_ONLY'), upgrade('RUNNING', ['RUNNING']), now), /installing the upgrade/);
  assert.match(reconsentText(connected('MONITOR'), upgrade('COMPLETED', [], { finishedAt: '2026-12-06T11:58:00Z' }), now), /the upgrade is installed/);
  assert.match(reconsentText(connected('PROTECT'), upgrade('COMPLETED', [], { finishedAt: '2026-11-01T00:00:00Z' }), now), /mode change is in force/);
  assert.equal(reconsentText(connected('THREAT_SCAN_ONLY'), null, now), null, 'a first consent keeps its words');
  assert.equal(reconsentText(connected('THREAT_SCAN_ONLY'), undefined, now), null);
});

test('the first consent banner stops saying the Threat Scan has started once it has finished', async () => {
  const { updateConsentText } = await import('../js/parts/consent-banner.js');
  const text = { textContent: '' };
  const banner = { querySelector: (selector) => (selector === '#consent-connected-text' ? text : null) };
  updateConsentText(banner, connected('THREAT_SCAN_ONLY'), null, { status: 'RUNNING' });
  assert.match(text.textContent, /has started: follow it below/);
  updateConsentText(banner, connected('THREAT_SCAN_ONLY'), null, { status: 'COMPLETED' });
  assert.match(text.textContent, /has finished: see what it found below/);
  updateConsentText(null, connected('THREAT_SCAN_ONLY'), null, null); // no banner: nothing to do
});

test('what offboarding removed is listed by name or by count, without repeating itself', async () => {
  const { offboardLine } = await import('../js/pages/upgrade.js');
  assert.equal(offboardLine({ kind: 'transportRule', name: 'Mailmoat - blocked senders', count: 1 }), 'Transport rule: Mailmoat - blocked senders');
  assert.equal(offboardLine({ kind: 'mailSubscriptions', name: 'Graph mail subscriptions', count: 2 }), 'Mail subscriptions (2)');
  assert.equal(offboardLine({ kind: 'tenantLink', name: 't-1', count: 1 }), 'Link to your Microsoft 365 tenant: t-1');
  assert.equal(offboardLine({ kind: 'somethingNew', name: 'Other things', count: 3 }), 'Other things (3)');
});

test('a refused sender-list entry is explained by what was typed, not by its place in the list', async () => {
  const { entryError } = await import('../js/parts/sender-list.js');
  const { ApiError } = await import('../js/api.js');
  const refused = new ApiError(400, 'invalid_input',
    [{ field: 'entries[1]', message: "'not valid!!' is neither an address nor a domain" }]);
  assert.equal(entryError(refused), "'not valid!!' is neither an address nor a domain.");
  assert.doesNotMatch(entryError(refused), /entries/i);
});

test('the policies table never promises protection the account has switched off (audit H4)', () => {
  const finance = { default: false, mode: 'PROTECT', actions: { MALICIOUS: 'QUARANTINE', SUSPICIOUS: 'RECORD' } };
  assert.equal(actionInForce(finance, 'MALICIOUS', 'PROTECT'), 'Move to quarantine');
  assert.equal(actionInForce(finance, 'MALICIOUS', 'MONITOR'), 'Move to quarantine', 'a user policy keeps its own mode in Monitor');
  assert.equal(actionInForce(finance, 'MALICIOUS', 'DISABLED'), 'Not checked (the account is Disabled)');
  assert.equal(actionInForce(finance, 'MALICIOUS', 'THREAT_SCAN_ONLY'), 'Record as a detection (quarantine in Protect)',
    'in Threat Scan only scans record, whatever the policy\'s mode');
  assert.equal(actionInForce({ default: false, mode: 'DISABLED', actions: {} }, 'MALICIOUS', 'PROTECT'), 'Not checked (Disabled)');
  assert.equal(actionInForce({ default: true, actions: { MALICIOUS: 'NONE' } }, 'MALICIOUS', 'PROTECT'), 'Record as a detection',
    'malicious mail is always at least recorded');
});

test('Home says what waits for Microsoft re-consent, with the re-confirm button and the way to withdraw it', () => {
  const pendingUpgrade = upgradeBannerState(connected('THREAT_SCAN_ONLY'), upgrade('PENDING_CONSENT', []));
  assert.equal(pendingUpgrade.title, 'Waiting for you: the upgrade to Monitor');
  assert.match(pendingUpgrade.text, /for everyone in your organisation\. It starts once you re-confirm/);
  assert.deepEqual(pendingUpgrade.actions.map((a) => a.label), ['Re-confirm Microsoft permissions', 'Cancel upgrade request']);
  assert.equal(pendingUpgrade.actions[0].href, '/api/sso/consent?purpose=reconsent');
  assert.equal(pendingUpgrade.actions[1].command, 'cancel-upgrade');

  const account = { ...connected('MONITOR'), pendingMode: 'PROTECT', pendingTargetedTo: { everyone: true, users: [], groups: [] } };
  const pendingMode = upgradeBannerState(account, upgrade('COMPLETED', STEPS.map(() => 'COMPLETED')));
  assert.equal(pendingMode.kind, 'pending-mode');
  assert.equal(pendingMode.title, 'Waiting for you: Protect');
  assert.match(pendingMode.text, /Until then, Monitor stays in force\.$/);
  assert.deepEqual(pendingMode.actions.map((a) => a.label), ['Re-confirm Microsoft permissions', 'Keep Monitor']);
  assert.equal(pendingMode.actions[1].command, 'withdraw-mode');
});

test('the upgrade advises putting disclaimer-type rules first again, and says why Blocked addresses are left out', async () => {
  const { disclaimerAdvice, leftOutReason } = await import('../js/pages/upgrade.js');
  assert.equal(disclaimerAdvice([{ name: 'Tag external mail', disclaimer: false }]), null);
  assert.match(disclaimerAdvice([{ name: 'Disclaimer', disclaimer: true }, { name: 'Tag external mail' }]),
    /^Disclaimer adds a disclaimer or hands mail to a connector.*move it back above Mailmoat's rules/);
  assert.match(leftOutReason({ value: 'ceo@contoso.example', why: 'OWN_DOMAIN' }), /Exchange cannot hold back mail from inside your organisation/);
  assert.match(leftOutReason({ value: 'x@partner.example', why: 'ALSO_ALLOWED' }), /Allowed senders/);
});

test('Home\'s banner counts groups it cannot name instead of showing their ids', () => {
  const account = { ...connected('MONITOR'), pendingMode: 'PROTECT', pendingTargetedTo: { everyone: false, users: [], groups: ['5c66-id'] } };
  const state = upgradeBannerState(account, null);
  assert.match(state.text, /You asked for Protect for 1 group\. It takes effect/);
  assert.doesNotMatch(state.text, /5c66-id/);
});

test('Home\'s banner names the groups of a waiting change by their display names once the directory has them', () => {
  const account = { ...connected('MONITOR'), pendingMode: 'PROTECT',
    pendingTargetedTo: { everyone: false, users: ['ann@contoso.example'], groups: ['5c66-id', '77ab-id'] } };
  const named = upgradeBannerState(account, null, { names: { '5c66-id': 'Finance', '77ab-id': 'Executives' } });
  assert.match(named.text, /You asked for Protect for 1 user and 2 groups: ann@contoso\.example, Finance, Executives\. It takes effect/);
  const halfKnown = upgradeBannerState(account, null, { names: { '5c66-id': 'Finance' } });
  assert.match(halfKnown.text, /for 1 user and 2 groups\. It takes effect/, 'an id is never shown, so until all are named they are counted');
  assert.doesNotMatch(halfKnown.text, /77ab-id/);
});

test('one user\'s senders: both lists sent whole with one change, refusals in words, the search says what to do', async () => {
  const { managedSaveBody, managedEntryCheck, managedSaveError, userSearchStatus, MANAGED_EXPLANATION } = await import('../js/managed-senders.js');
  const lists = { permitted: [{ value: 'partner.example', note: 'Supplier', addedAt: 'x' }], blocked: [{ value: 'ex@rival.example' }] };
  assert.deepEqual(managedSaveBody('ann@contoso.example', lists, { list: 'blocked', add: { value: 'spam.example', note: 'Newsletter' } }), {
    user: 'ann@contoso.example',
    permitted: [{ value: 'partner.example', note: 'Supplier' }],
    blocked: [{ value: 'ex@rival.example', note: '' }, { value: 'spam.example', note: 'Newsletter' }],
  });
  assert.deepEqual(managedSaveBody('ann@contoso.example', lists, { list: 'permitted', remove: 'partner.example' }).permitted, []);
  assert.equal(lists.blocked.length, 1, 'the shown lists are not changed before the server agrees');

  assert.match(managedEntryCheck('  ', 'blocked', lists), /^Enter an address/);
  assert.equal(managedEntryCheck('Partner.example', 'permitted', lists), 'Partner.example is already on this list.');
  assert.match(managedEntryCheck('partner.example', 'blocked', lists), /on this user's Allowed senders: a sender is one or the other/);
  assert.equal(managedEntryCheck('new.example', 'blocked', lists), '');

  // The API names entries by place; only its words are shown.
  assert.equal(managedSaveError([{ field: 'permitted[1]', message: "'gmail.com' is shared by too many senders to be allowed whole: allow single addresses at it instead" }], 'x'),
    "'gmail.com' is shared by too many senders to be allowed whole: allow single addresses at it instead.");
  assert.equal(managedSaveError([{ field: 'user', message: 'must be an address of your organisation (contoso.example)' }], 'x'),
    'The user must be an address of your organisation (contoso.example).');
  assert.equal(managedSaveError(null, 'Something went wrong.'), 'Something went wrong.');

  assert.deepEqual(userSearchStatus({ connected: false }), { text: 'Connect Microsoft 365 first: the users to choose from come from your Microsoft 365 directory.', connect: true });
  const notImported = userSearchStatus({ connected: true, importedAt: '', found: 0, q: '' });
  assert.equal(notImported.importable, true);
  assert.match(notImported.text, /not been imported from Microsoft 365 yet/);
  assert.equal(userSearchStatus({ connected: true, importedAt: '2024-01-01T00:00:00Z', found: 0, q: 'zed' }).text, 'No user matches "zed".');
  assert.match(userSearchStatus({ connected: true, importedAt: '2024-01-01T00:00:00Z', found: 50, q: '' }).text, /first 50/);

  // What the lists do, as the engine applies them: only mail to that user; Allowed never lets malware,
  // high-confidence phishing or unauthenticated mail through; Exchange holds back only the organisation's list.
  const said = MANAGED_EXPLANATION.join(' ');
  assert.match(said, /only to mail sent to this user/);
  assert.match(said, /Malware and high-confidence phishing are still caught/);
  assert.match(said, /fails sender authentication/);
  assert.match(said, /Exchange does not hold it back/);
});

test('one user\'s CSV import says what it added, and the export link names the user', async () => {
  const { managedImportResult, managedExportHref, MANAGED_CSV_HINT } = await import('../js/managed-senders.js');
  assert.equal(managedImportResult('adele@contoso.example', { added: 2, alreadyListed: 1, notices: [] }),
    'Imported: 2 senders added to adele@contoso.example\'s lists. 1 line was already listed.');
  assert.equal(managedImportResult('adele@contoso.example', { added: 0, alreadyListed: 3 }),
    'Nothing was added: every sender in the file is already on adele@contoso.example\'s lists.');
  assert.match(managedImportResult('a@b.example', { added: 1, notices: ['line 2: \'*@x.example\' was entered as the domain x.example'] }),
    /1 sender added.*line 2: '\*@x\.example' was entered as the domain x\.example\.$/);
  assert.equal(managedExportHref('adele+news@contoso.example'), '/api/managed-senders/export?user=adele%2Bnews%40contoso.example');
  assert.match(MANAGED_CSV_HINT, /blocked or allowed/);
});
