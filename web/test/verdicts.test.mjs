// Module tests of what the console says before an administrator's verdict acts (Not a threat, Block sender,
// Release of malware) and of the session guard that keeps an ended session's answers off the page.
//   node --test web/test/

import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.document = Object.assign(new EventTarget(), { hidden: false });
globalThis.window = new EventTarget();
globalThis.location = { hash: '', search: '', pathname: '/' };
globalThis.history = { state: null, replaceState: () => {} };

const { carriesMalware, notAThreatWords, releaseRisk, blockWords, MALWARE_ACKNOWLEDGEMENT } = await import('../js/labels.js');
const { verdictRow } = await import('../js/parts/learning-panel.js');
const session = await import('../js/session.js');

// The audit's cases: a BEC wire-transfer request, a voicemail lure carrying an executable, a newsletter.
const bec = {
  id: 'd-bec', level: 'MALICIOUS', score: 14.2, source: 'SCAN', categories: ['BEC', 'IMPERSONATION'],
  mailbox: 'dana.whitfield@northwind-demo.example', sender: 'dana.whitfield.office@quickmail-secure.example', status: 'DETECTED',
  reasons: [{ analyzer: 'language', rule: 'LANG_BEC_PAYMENT', weight: 4, evidence: 'wire transfer' }],
};
const invoice = {
  id: 'd-exe', level: 'MALICIOUS', score: 15.5, source: 'SCAN', categories: ['MALWARE'], mailbox: 'ben.carter@contoso-demo.example',
  sender: 'billing@mail-delivery-notice.example', status: 'REMOVED',
  reasons: [{ analyzer: 'attachment', rule: 'ATT_EXECUTABLE', weight: 9, evidence: 'Invoice_17290.pdf.exe' }],
};
const newsletter = {
  id: 'd-news', level: 'SUSPICIOUS', score: 5, source: 'SCAN', categories: ['SPAM'], mailbox: 'adele@contoso.example',
  sender: 'news@shop.example', status: 'DETECTED', reasons: [],
};

test('malware is MALWARE among the categories, or an executable or script attachment that added points', () => {
  assert.equal(carriesMalware(invoice), true);
  assert.equal(carriesMalware({ categories: ['PHISHING'], reasons: [{ rule: 'ATT_ARCHIVE_EXECUTABLE', weight: 8 }] }), true);
  assert.equal(carriesMalware({ categories: ['PHISHING'], reasons: [{ rule: 'ATT_EXECUTABLE', weight: 0 }] }), false,
    'a check the message passed is not a finding');
  assert.equal(carriesMalware(bec), false);
  assert.equal(carriesMalware({}), false);
});

test('Not a threat on a malicious BEC message names the level and categories and says what marking it teaches', () => {
  const words = notAThreatWords(bec);
  const text = words.paragraphs.join(' ');
  assert.match(text, /scored this message as malicious \(Business email compromise, Impersonation\), 14\.2 points/);
  assert.match(text, /Check the request with that person by phone/);
  assert.match(text, /The message stays in dana\.whitfield@northwind-demo\.example, and Mailmoat learns that mail like it is wanted/);
  assert.match(text, /including real attacks that look like this one/);
  assert.match(text, /Remove the message: Mailmoat then learns it as a threat again/);
  assert.equal(words.danger, true, 'Cancel has focus first');
  assert.equal(words.acknowledge, null);
  assert.equal(words.confirmLabel, 'Mark as not a threat');
});

test('Not a threat on ordinary suspicious mail is plain, and on malware asks for the acknowledgement and says nothing is learnt', () => {
  const plain = notAThreatWords(newsletter);
  assert.equal(plain.danger, false);
  assert.equal(plain.paragraphs.some((p) => p.includes('scored this message')), false);
  assert.match(plain.paragraphs.join(' '), /similar messages score lower from the next scan\./);

  const malware = notAThreatWords({ ...invoice, status: 'DETECTED' });
  const text = malware.paragraphs.join(' ');
  assert.match(text, /Its attachment Invoice_17290\.pdf\.exe is malware/);
  assert.match(text, /never learns malware as wanted mail/);
  assert.doesNotMatch(text, /learns that mail like it is wanted/);
  assert.equal(malware.acknowledge, MALWARE_ACKNOWLEDGEMENT);
});

test('a release of malware names the file and the risk and needs the acknowledgement; other releases add nothing', () => {
  assert.equal(releaseRisk([newsletter]), null);
  assert.equal(releaseRisk([]), null);
  const one = releaseRisk([invoice]);
  assert.match(one.paragraphs[0], /its attachment Invoice_17290\.pdf\.exe can infect the computer that opens it/);
  assert.match(one.paragraphs[1], /does not learn malware as wanted mail/);
  assert.equal(one.acknowledge, 'I understand this message contains malware');
  const mixed = releaseRisk([invoice, newsletter]);
  assert.match(mixed.paragraphs[0], /^1 of the 2 messages carries malware\. Released, it is back in front of its user/);
  assert.deepEqual(mixed.malware, [invoice]);
  assert.equal(mixed.acknowledge, 'I understand one of these messages contains malware');
  assert.equal(releaseRisk([invoice, { ...invoice, id: 'd-exe-2' }]).acknowledge, 'I understand these messages contain malware');
});

test('Block sender says what blocking does and where it is undone', () => {
  const words = blockWords(bec);
  assert.equal(words.title, 'Block dana.whitfield.office@quickmail-secure.example?');
  const text = words.paragraphs.join(' ');
  assert.match(text, /always be treated as malicious, in every mailbox/);
  assert.match(text, /stay where they are until you remove them/);
  assert.match(text, /unblock the sender on Policies/);
});

test('Recent verdicts say a released malware message was not learnt, and why', () => {
  const row = verdictRow({ key: 'd-exe', detectionId: 'd-exe', subject: 'Payment advice 17290', verdict: 'LEGITIMATE',
    status: 'EXCLUDED', reason: null, history: [{ action: 'RELEASED', by: 'admin@contoso.example', at: '2026-12-07T10:00:00Z' }] });
  assert.equal(row.statusText, 'Not learnt: malware');
  assert.match(row.reason, /never learns malware as wanted mail/);
  assert.equal(row.action, 'Released');
});

test('once the session has ended, no answer reaches a part, not even one already on its way', async () => {
  let answer;
  globalThis.fetch = () => new Promise((resolve) => { answer = resolve; });
  let delivered = false;
  session.call('/api/scans').then(() => { delivered = true; }, () => { delivered = true; });
  await new Promise((resolve) => setTimeout(resolve, 5));
  session.endSession();
  answer(new Response(JSON.stringify({ items: [{ subject: 'Payment advice' }] }), { status: 200 }));
  globalThis.fetch = async () => new Response('{}', { status: 200 });
  session.call('/api/account').then(() => { delivered = true; }, () => { delivered = true; });
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(delivered, false);
  assert.equal(session.sessionEnded(), true);
});
