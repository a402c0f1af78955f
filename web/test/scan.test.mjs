// Module tests of what Home (the Threat Scan Complete bar, Remove Threats, the setup checklist) and the Detections view say about a scan (no DOM needed):
//   node --test web/test/

import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.document ??= Object.assign(new EventTarget(), { hidden: false });
globalThis.window ??= new EventTarget();
globalThis.location ??= { hash: '', search: '', pathname: '/' };
globalThis.history ??= { state: null, replaceState() {} };

const { scanCompleteState } = await import('../js/parts/scan-complete.js');
const { foundAgainNote } = await import('../js/pages/detections.js');

const endedAtOnce = { id: 's2', status: 'ENDED_EARLY', threatsFound: 0, messagesScanned: 0, mailboxesDone: 0, mailboxesTotal: 25, byLevel: {} };

test('a scan that counted no threat never says "No threats found" while threats wait, and offers to remove them', () => {
  const checking = scanCompleteState(endedAtOnce, null, null);
  assert.equal(checking.needsWaiting, true, 'it looks before it says anything');
  assert.doesNotMatch(checking.text, /No threats found/);

  const ownWaiting = scanCompleteState(endedAtOnce, { ofScan: true, other: null }, null);
  assert.doesNotMatch(ownWaiting.text, /No threats found/);
  assert.equal(ownWaiting.showRemove, true);
  assert.equal(ownWaiting.removeScanId, 's2');
  assert.match(ownWaiting.text, /0 of 25 mailboxes were read in full/);

  const earlier = scanCompleteState(endedAtOnce, { ofScan: false, other: { id: 'd1', scanId: 's1' } }, null);
  assert.doesNotMatch(earlier.text, /No threats found/);
  assert.match(earlier.text, /found earlier are still waiting/);
  assert.equal(earlier.showRemove, true);
  assert.equal(earlier.removeScanId, 's1', 'Remove Threats removes them where they are listed');
  assert.deepEqual(earlier.viewQuery, { scanId: 's1' });

  const realTime = scanCompleteState(endedAtOnce, { ofScan: false, other: { id: 'd2', scanId: null } }, null);
  assert.deepEqual(realTime.viewQuery, { status: 'DETECTED' });

  const nothing = scanCompleteState({ ...endedAtOnce, status: 'COMPLETED', mailboxesDone: 25 }, { ofScan: false, other: null }, null);
  assert.match(nothing.text, /^No threats found/);
  assert.equal(nothing.showRemove, false);
});

test('a re-scan says how many of its threats were reported before, and a removal of them hides Remove Threats', () => {
  const rescan = { id: 's3', status: 'COMPLETED', threatsFound: 112, messagesScanned: 5000, mailboxesDone: 25, mailboxesTotal: 25,
    byLevel: { MALICIOUS: 110, SUSPICIOUS: 2 }, report: { threatsReportedBefore: 112 } };
  const state = scanCompleteState(rescan, null, null);
  assert.match(state.text, /^112 threats found \(110 malicious, 2 suspicious\)/);
  assert.match(state.text, /112 threats of these were already reported by an earlier scan/);
  assert.equal(state.showRemove, true);
  assert.equal(state.needsWaiting, false);
  const removed = scanCompleteState(rescan, null, { action: 'REMOVE', status: 'COMPLETED', scanId: 's3' });
  assert.equal(removed.showRemove, false);
  assert.match(removed.text, /The threats have been removed\.$/);
});

test('an older scan whose waiting threats a later scan found again points there; others say nothing', () => {
  const note = foundAgainNote({ id: 's1', threatsFoundAgainBy: 's3' });
  assert.equal(note.scanId, 's3');
  assert.match(note.text, /found again by a later Threat Scan/);
  assert.equal(foundAgainNote({ id: 's1', threatsFoundAgainBy: null }), null);
  assert.equal(foundAgainNote(null), null);
});

test('Home\'s Remove Threats follows what the server counts as still waiting, after a reload as well', async () => {
  const { handledText } = await import('../js/parts/scan-complete.js');
  const scan = { id: 's9', status: 'COMPLETED', threatsFound: 103, messagesScanned: 2677, mailboxesDone: 25, mailboxesTotal: 25,
    byLevel: { MALICIOUS: 101, SUSPICIOUS: 2 } };
  const waiting = scanCompleteState({ ...scan, threatsWaiting: 103, threatsByStatus: { DETECTED: 103 } }, null, null);
  assert.equal(waiting.showRemove, true);
  assert.equal(waiting.title, 'Threat Scan Complete');

  // No job in this browser (a reload, another browser): the figures alone say nothing waits.
  const handled = scanCompleteState({ ...scan, threatsWaiting: 0, threatsByStatus: { DETECTED: 0, REMOVED: 102, RELEASED: 1, NOT_A_THREAT: 0 } }, null, null);
  assert.equal(handled.showRemove, false);
  assert.equal(handled.title, 'Threats removed');
  assert.match(handled.text, /Threats removed \(102 removed, 1 released\)\.$/);
  assert.equal(handled.handled, true);

  // A removal this browser saw finish does not hide Remove Threats while the server still counts threats waiting.
  const some = scanCompleteState({ ...scan, threatsWaiting: 3, threatsByStatus: { DETECTED: 3, REMOVED: 100 } }, null,
    { action: 'REMOVE', status: 'COMPLETED', scanId: 's9' });
  assert.equal(some.showRemove, true);
  assert.match(some.text, /3 still wait for you \(100 removed\)\.$/);

  const allWanted = scanCompleteState({ ...scan, threatsWaiting: 0, threatsByStatus: { NOT_A_THREAT: 103 } }, null, null);
  assert.equal(allWanted.title, 'Nothing left to remove');
  assert.equal(handledText({}), '');
});

test('a scan\'s history row says where the threats a later scan took over are listed now', async () => {
  const { historyThreats } = await import('../js/parts/scan-history.js');
  assert.equal(historyThreats({ threatsFound: 47 }), '47');
  const row = { threatsFound: 47, threatsListed: 1, threatsFoundAgainBy: 's2' };
  assert.equal(historyThreats(row, 'Dec 7, 2026, 11:15 PM'), '47 (46 now under the scan of Dec 7, 2026, 11:15 PM)');
  assert.equal(historyThreats({ ...row, threatsListed: 47 }, 'x'), '47', 'none moved');
});

test('Remove Threats\' confirmation says how many of the messages are malicious and how many suspicious', async () => {
  const { scanThreatsIncluded } = await import('../js/remediation.js');
  assert.match(scanThreatsIncluded({ MALICIOUS: 101, SUSPICIOUS: 2 }), /: 101 malicious and 2 suspicious\.$/);
  assert.match(scanThreatsIncluded({ MALICIOUS: 1500, SUSPICIOUS: 2 }), /1,500 malicious/);
  assert.match(scanThreatsIncluded({ MALICIOUS: 3 }), /all 3 are malicious\.$/);
  assert.match(scanThreatsIncluded({ SUSPICIOUS: 2 }), /all 2 are suspicious, none malicious\.$/);
  assert.match(scanThreatsIncluded({ SUSPICIOUS: 1 }), /it is suspicious, not malicious\.$/);
  // Not counted: it still says suspicious messages go too.
  for (const unknown of [undefined, null, {}]) {
    assert.match(scanThreatsIncluded(unknown), /suspicious messages as well as malicious ones\.$/);
  }
});

test('the setup checklist\'s next step is a button; steps that need an earlier one are not links and say which', async () => {
  const { stepAction } = await import('../js/parts/setup-checklist.js');
  const beforeConnecting = [
    { id: 'account-created', state: 'DONE' }, { id: 'password-set', state: 'DONE' },
    { id: 'microsoft-consent', state: 'TODO' }, { id: 'threat-scan', state: 'TODO' }, { id: 'threats-reviewed', state: 'TODO' },
    { id: 'domains-validated', state: 'TODO' }, { id: 'upgrade', state: 'TODO' },
  ];
  const action = (steps, id, next) => stepAction(steps.find((s) => s.id === id), steps, next);
  assert.deepEqual(action(beforeConnecting, 'microsoft-consent', 'microsoft-consent'),
    { kind: 'home', selectors: ['[data-testid="connect-microsoft"]'], next: true });
  for (const id of ['threat-scan', 'threats-reviewed', 'domains-validated', 'upgrade']) {
    assert.deepEqual(action(beforeConnecting, id, 'microsoft-consent'), { kind: 'waits', after: 3 }, id);
  }
  assert.deepEqual(action(beforeConnecting, 'password-set', 'microsoft-consent'), { kind: 'none' }, 'done steps are not links');

  // Connected, the scan still running: its review waits for it (step 4); the DNS steps and Upgrade can be done now.
  const scanning = beforeConnecting.map((s) => (s.id === 'microsoft-consent' ? { ...s, state: 'DONE' } : s));
  assert.equal(action(scanning, 'threat-scan', 'threat-scan').kind, 'home');
  assert.deepEqual(action(scanning, 'threats-reviewed', 'threat-scan'), { kind: 'waits', after: 4 });
  assert.deepEqual(action(scanning, 'domains-validated', 'threat-scan'), { kind: 'link', href: '#/domains', next: false });

  const scanned = scanning.map((s) => (s.id === 'threat-scan' ? { ...s, state: 'DONE' } : s));
  assert.deepEqual(action(scanned, 'threats-reviewed', 'threats-reviewed'), { kind: 'link', href: '#/detections', next: true });
  assert.deepEqual(action(scanned, 'upgrade', 'threats-reviewed'), { kind: 'link', href: '#/upgrade', next: false });
});
