// Unit tests of the console's DOM-free logic, run by Node's own test runner (no npm packages):
//   node --test web/test/
// The e2e module runs them in `mvn verify` (WebModulesTest); the browser tests cover the pages.

import { test } from 'node:test';
import assert from 'node:assert/strict';

// The few browser globals these modules touch at import time.
globalThis.document = Object.assign(new EventTarget(), { hidden: false });
globalThis.window = new EventTarget();
globalThis.location = { hash: '', search: '', pathname: '/' };
globalThis.history = { state: null, replaceState: (state, title, url) => { globalThis.location.hash = url.slice(url.indexOf('#')); } };

const { poll } = await import('../js/poller.js');
const router = await import('../js/router.js');
const { contrast, textOn, isColour, logoSource } = await import('../js/branding.js');
const { consentFailure } = await import('../js/consent-messages.js');
const { ApiError, describeError, errorItems } = await import('../js/api.js');
const { historyLabel } = await import('../js/labels.js');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds (timers run late on a loaded machine), failing after `ms`. */
async function until(condition, message, ms = 5000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) assert.fail(message());
    await sleep(5);
  }
}

test('polling stops while the tab is hidden and resumes, at once, when it shows again', async () => {
  let calls = 0;
  const poller = poll(async () => { calls += 1; return 10; }, { interval: 10 });
  try {
    await until(() => calls >= 3, () => `polled while visible (${calls})`);
    document.hidden = true;
    document.dispatchEvent(new Event('visibilitychange'));
    const whileHidden = calls;
    await sleep(80);
    assert.equal(calls, whileHidden, 'no request while hidden');
    document.hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    assert.ok(calls > whileHidden, 'an immediate refresh when visible again');
    poller.stop();
    const stopped = calls;
    await sleep(40);
    assert.equal(calls, stopped, 'nothing after stop()');
  } finally {
    // A failed check must not leave a timer running: the test process would never end.
    poller.stop();
    document.hidden = false;
  }
});

test('a poll task that returns false stops, and one request runs at a time', async () => {
  let running = 0;
  let overlap = false;
  let calls = 0;
  const poller = poll(async () => {
    running += 1;
    overlap = overlap || running > 1;
    calls += 1;
    await sleep(15);
    running -= 1;
    return calls >= 3 ? false : 1;
  }, { interval: 1 });
  try {
    poller.refresh();
    poller.refresh();
    await until(() => calls >= 3 && running === 0, () => `three calls (${calls})`);
    await sleep(40);
    assert.equal(overlap, false);
    assert.equal(calls, 3, 'stopped after the task said false');
  } finally {
    poller.stop();
  }
});

test('routes read and write the page, the id and the filters', () => {
  assert.equal(router.href('home'), '#/');
  assert.equal(router.href('detections', null, { scanId: 's-1', level: '', q: 'invoice due' }), '#/detections?scanId=s-1&q=invoice+due');
  assert.equal(router.href('detections', 'a/b', {}), '#/detections/a%2Fb');
  location.hash = '#/detections/abc?level=MALICIOUS';
  const route = router.current();
  assert.equal(route.page, 'detections');
  assert.equal(route.id, 'abc');
  assert.equal(route.params.get('level'), 'MALICIOUS');
  location.hash = '#main';
  assert.equal(router.current().page, 'home', 'an ordinary anchor is not a route');
});

test('text on a brand colour is whichever of black and white reads at AA', () => {
  for (const colour of ['#165a72', '#ffcc00', '#777777', '#000000', '#ffffff', '#e11d48', '#00ff00']) {
    assert.ok(contrast(colour, textOn(colour)) >= 4.5, `${colour} with ${textOn(colour)}`);
  }
  assert.equal(isColour('#165a72'), true);
  assert.equal(isColour('red'), false);
  assert.equal(isColour('#165a7'), false);
});

test('the console shows Mailmoat\'s copy of the logo, never the logo address, and its pages allow no other image host', async () => {
  assert.equal(logoSource({ logoUrl: 'https://contoso.example/logo.png', logoPath: '/api/account/logo?v=0a1b2c3d4e5f6a7b' }),
    '/api/account/logo?v=0a1b2c3d4e5f6a7b');
  assert.equal(logoSource({ logoUrl: 'https://contoso.example/logo.png' }), null, 'no copy yet: no logo, rather than the host');
  assert.equal(logoSource({ logoPath: 'https://tracker.example/pixel.png' }), null);
  assert.equal(logoSource({ logoPath: '//tracker.example/pixel.png' }), null);
  assert.equal(logoSource(null), null);
  const { readFile } = await import('node:fs/promises');
  for (const page of ['index.html', 'set-password.html', 'alert-recipient.html', 'consent-result.html']) {
    const html = await readFile(new URL(`../${page}`, import.meta.url), 'utf8');
    const imgSrc = /img-src ([^;"]+)/.exec(html)?.[1];
    assert.equal(imgSrc, "'self' data:", `${page}: images only from the console itself`);
  }
});

test('consent results are told in our words, never with text from the link', () => {
  assert.match(consentFailure('trial_tenant'), /trial tenants are not supported/);
  assert.match(consentFailure('Call +1-555-0100 now'), /could not be completed/);
  assert.match(consentFailure('__proto__'), /could not be completed/);
  assert.match(consentFailure(undefined), /could not be completed/);
});

test('each consent error gives its own advice, once, and none that belongs to another error', () => {
  const times = (text, phrase) => text.split(phrase).length - 1;
  const elsewhere = consentFailure('tenant_linked_elsewhere');
  assert.match(elsewhere, /already connected to another Mailmoat account/);
  assert.doesNotMatch(elsewhere, /Global Administrator|trial|accept every permission/);
  const notAdmin = consentFailure('not_global_admin');
  assert.equal(times(notAdmin, 'Global Administrator account'), 1, notAdmin);
  assert.doesNotMatch(notAdmin, /trial/);
  assert.doesNotMatch(consentFailure('trial_tenant'), /Global Administrator/);
  assert.match(consentFailure('denied_by_microsoft'), /accept every permission/);
  for (const reason of ['no_session', 'invalid_state', 'denied_by_microsoft', 'sign_in_failed', 'not_global_admin',
    'trial_tenant', 'tenant_linked_elsewhere', 'other_tenant', 'unknown_code']) {
    const text = consentFailure(reason);
    const sentences = text.split(/(?<=\.) /);
    assert.equal(new Set(sentences).size, sentences.length, `${reason} repeats itself: ${text}`);
  }
});

test('a refused re-consent says the tenant stays connected, what stays in force and how to retry', () => {
  assert.match(consentFailure('denied_by_microsoft'), /not connected/);
  const change = consentFailure('denied_by_microsoft', { connected: true, mode: 'PROTECT', pendingMode: 'MONITOR' });
  assert.doesNotMatch(change, /not connected/);
  assert.match(change, /the change to Monitor was not applied/);
  assert.match(change, /still connected and Protect stays in force/);
  assert.match(change, /Re-confirm Microsoft permissions" on the Protection page/);
  const upgrade = consentFailure('denied_by_microsoft', { connected: true, mode: 'THREAT_SCAN_ONLY', upgradeMode: 'PROTECT' });
  assert.match(upgrade, /upgrade to Protect has not started/);
  assert.match(upgrade, /Threat Scan only stays in force/);
  assert.match(consentFailure('denied_by_microsoft', { connected: true, mode: '<img>' }), /The current mode stays in force/);
});

test('API errors are sentences, with the field problems listed once', () => {
  const invalid = new ApiError(400, 'invalid_request', [{ field: 'domain', message: 'Enter a domain name such as contoso.com.' }]);
  assert.equal(describeError(invalid), 'Please check what you entered:');
  assert.deepEqual(errorItems(invalid), ['Enter a domain name such as contoso.com.']);
  assert.equal(describeError(new ApiError(409, 'scan_running', { message: 'x' })),
    'A Threat Scan is already running. End it or wait for it to finish.');
  assert.equal(describeError(new ApiError(409, 'something_new', 'The server says why.')), 'The server says why.');
  assert.match(describeError(new ApiError(500, 'internal_error', 'trace')), /on our side/);
  assert.deepEqual(errorItems(new ApiError(500, 'internal_error', 'trace')), []);
  assert.match(describeError(new ApiError(0, 'network_error', null)), /could not reach/);
  const throttled = new ApiError(429, 'too_many_attempts', 'Too many', 90);
  assert.equal(describeError(throttled), 'Too many sign-in attempts. Try again in 2 minutes.');
});

test('the Learning panel says what the model learnt from, in words', async () => {
  const { learningSummary } = await import('../js/parts/learning-panel.js');
  assert.match(learningSummary({ learnedFrom: 0 }), /^Nothing learnt yet\./);
  assert.match(learningSummary(null), /^Nothing learnt yet\./);
  assert.equal(learningSummary({ learnedFrom: 3, legitimate: 2, malicious: 1 }),
    'Learnt from 3 verdicts of your organisation (2 wanted, 1 threat).');
  assert.equal(learningSummary({ learnedFrom: 1, legitimate: 1, malicious: 0 }),
    'Learnt from 1 verdict of your organisation (1 wanted, 0 threats).');
});

test('each recent verdict is told in words: the message, the verdict, what was done and whether it was learnt', async () => {
  const { verdictRow } = await import('../js/parts/learning-panel.js');
  const released = verdictRow({
    key: 'k1', detectionId: 'd-1', internetMessageId: '<a1@mail.example>', subject: 'Invoice 42', verdict: 'LEGITIMATE',
    status: 'LEARNED', reason: 'ignored once learnt',
    history: [
      { action: 'REMOVED', by: 'ann@contoso.example', at: '2026-05-01T09:00:00Z', jobId: 'j-1' },
      { action: 'NOT_A_THREAT', by: 'ben@contoso.example', at: '2026-05-02T10:30:00Z', jobId: null },
    ],
  });
  assert.equal(released.message, 'Invoice 42');
  assert.equal(released.messageIsId, false);
  assert.equal(released.detectionId, 'd-1');
  assert.equal(released.verdict, 'Wanted mail');
  assert.equal(released.action, 'Not a threat', 'the latest entry (history is oldest first)');
  assert.equal(released.by, 'ben@contoso.example');
  assert.equal(released.at, '2026-05-02T10:30:00Z');
  assert.equal(released.status, 'LEARNED');
  assert.equal(released.statusText, 'Learnt');
  assert.equal(released.reason, null, 'no reason once learnt');

  const reported = { key: 'k2', detectionId: null, internetMessageId: '<never-sent@nowhere.example>', verdict: 'MALICIOUS',
    history: [{ action: 'REPORTED', by: 'ann@contoso.example', at: '2026-05-03T08:00:00Z', jobId: null }] };
  const pending = verdictRow({ ...reported, status: 'PENDING' });
  assert.equal(pending.message, '<never-sent@nowhere.example>', 'no subject: the Message-ID');
  assert.equal(pending.messageIsId, true);
  assert.equal(pending.detectionId, null);
  assert.equal(pending.verdict, 'Threat');
  assert.equal(pending.action, 'Reported missed threat');
  assert.equal(pending.statusText, 'Being learnt');
  assert.equal(verdictRow({ ...reported, subject: '  ', status: 'PENDING' }).message, '<never-sent@nowhere.example>', 'a blank subject');

  // Not learnt: the server's reason, or ours when it gives none (older servers send no reason).
  const unavailable = verdictRow({ ...reported, status: 'UNAVAILABLE', reason: null });
  assert.equal(unavailable.statusText, 'Not learnt');
  assert.equal(unavailable.reason, 'The message could not be read (deleted, or not found in any mailbox).');
  assert.equal(verdictRow({ ...reported, status: 'UNAVAILABLE' }).reason, unavailable.reason, 'no reason field at all');
  const failed = verdictRow({ ...reported, status: 'FAILED', reason: null });
  assert.equal(failed.statusText, 'Not learnt');
  assert.equal(failed.reason, 'Mailmoat could not learn from this message; give the verdict again to retry.');
  assert.equal(verdictRow({ ...reported, status: 'FAILED', reason: 'No mailbox has this message.' }).reason,
    'No mailbox has this message.');

  // What this console does not know yet still reads, and nothing throws.
  const unknown = verdictRow({ ...reported, status: 'ARCHIVED', verdict: 'SPAM', history: [{ action: 'MARKED_AS_SPAM', by: '', at: null }] });
  assert.equal(unknown.statusText, 'ARCHIVED');
  assert.equal(unknown.tone, 'neutral');
  assert.equal(unknown.verdict, 'Spam');
  assert.equal(unknown.action, 'Marked as spam');
  assert.equal(unknown.by, null);
  assert.equal(verdictRow({ ...reported, status: 'constructor' }).statusText, 'constructor', 'not an Object property');
  const empty = verdictRow({});
  assert.equal(empty.statusText, 'Unknown');
  assert.equal(empty.status, '');
  assert.equal(empty.message, '(no Message-ID)');
  assert.equal(empty.action, null);
  assert.equal(verdictRow(null).verdict, '—');
  assert.equal(verdictRow({ ...reported, status: 42, history: 'nope' }).statusText, 'Unknown');
});

test('a pasted header block gives its Message-ID; anything else is sent as typed', async () => {
  const { messageIdFrom } = await import('../js/parts/learning-panel.js');
  assert.equal(messageIdFrom('  <abc.123@mail.example>  '), '<abc.123@mail.example>');
  assert.equal(messageIdFrom('abc@mail.example'), 'abc@mail.example', 'no brackets: left to the server');
  // Outlook's Message details, its line breaks dropped by a one-line field.
  const headers = 'Received: from mx.example by x.outlook.com; Mon, 7 Dec 2026 09:00:00 +0000'
    + 'Subject: Invoice overdueMessage-ID: <CAF=x+1@mail.example>Date: Mon, 7 Dec 2026';
  assert.equal(messageIdFrom(headers), '<CAF=x+1@mail.example>');
  assert.equal(messageIdFrom('message-id:\t<lower@mail.example>'), '<lower@mail.example>', 'any case, any space');
  assert.equal(messageIdFrom('X-Message-ID: <tracking@esp.example> Message-ID: <real@mail.example>'), '<real@mail.example>',
    'not a header that only ends in Message-ID');
  assert.equal(messageIdFrom('Resent-Message-ID: <resent@mail.example>'), 'Resent-Message-ID: <resent@mail.example>');
  assert.equal(messageIdFrom(undefined), '');
});

test('times name their time zone, so no one reads them as another zone', async () => {
  const { formatTime } = await import('../js/ui.js');
  const { text, iso } = formatTime('2026-12-07T11:52:00Z');
  assert.equal(iso, '2026-12-07T11:52:00.000Z');
  const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(new Date(iso))
    .find((part) => part.type === 'timeZoneName').value;
  assert.ok(text.endsWith(zone), `${text} ends with ${zone}`);
  assert.equal(formatTime('').text, '');
});

test('the Learning panel says "at least" when every recent verdict is still being learnt', async () => {
  const { beingLearnt } = await import('../js/parts/learning-panel.js');
  assert.equal(beingLearnt(1, false), '1 verdict being learnt…');
  assert.equal(beingLearnt(20, true), 'At least 20 verdicts being learnt…');
});

test('a detection history entry that did not do what was asked never reads as done', () => {
  assert.equal(historyLabel({ action: 'REMOVE', outcome: 'DONE' }), 'Removed');
  assert.equal(historyLabel({ action: 'REMOVE', outcome: 'ALREADY_GONE' }),
    'Removal: the message was already gone (deleted or moved in the mailbox)');
  assert.equal(historyLabel({ action: 'RELEASE', outcome: 'FAILED' }), 'Release: failed');
  assert.equal(historyLabel({ action: 'NOT_A_THREAT', outcome: 'DONE' }), 'Marked not a threat');
});

const { splitReasons, pageSummary, senderNote, exportQuery } = await import('../js/labels.js');

test('"Why it was flagged" lists only reasons that added points; the rest are "In its favour"', () => {
  const { flagged, inFavour } = splitReasons([
    { rule: 'DMARC_PASS', message: 'The From domain passed DMARC', weight: 0 },
    { rule: 'URL_IP', message: 'Links to a bare IP address', weight: 4.5 },
    { rule: 'KNOWN_SENDER', message: 'Mail from this sender was wanted before', weight: -2 },
    { rule: 'LOOKALIKE', message: 'Looks like contoso.com', weight: 7 },
    { rule: 'NO_WEIGHT', message: 'Recorded without a weight' },
  ]);
  assert.deepEqual(flagged.map((r) => r.rule), ['LOOKALIKE', 'URL_IP']);
  assert.deepEqual(inFavour.map((r) => r.rule), ['KNOWN_SENDER', 'DMARC_PASS', 'NO_WEIGHT']);
  assert.deepEqual(splitReasons(undefined), { flagged: [], inFavour: [] });
});

test('the pager gives the total once it is known and says "more than" before', () => {
  assert.equal(pageSummary(1, 50, true), 'Showing 1–50 of more than 50');
  assert.equal(pageSummary(51, 37, false), 'Showing 51–87 of 87');
  assert.equal(pageSummary(1, 50, false), 'Showing 1–50 of 50');
  assert.equal(pageSummary(1, 0, false), 'No results');
});

test('the pager gives the whole list\'s total when the API knows it (one scan\'s threats), on every page', () => {
  assert.equal(pageSummary(1, 50, true, 103), 'Showing 1–50 of 103');
  assert.equal(pageSummary(51, 50, true, 103), 'Showing 51–100 of 103');
  assert.equal(pageSummary(1, 50, true, 1234), 'Showing 1–50 of 1,234');
  assert.equal(pageSummary(1, 50, true, null), 'Showing 1–50 of more than 50', 'unknown stays "more than"');
  assert.equal(pageSummary(1, 50, true, 20), 'Showing 1–50 of more than 50', 'a stale total never undercounts the page');
});

test('a sender blocked or allowed from a detection carries a note saying so, within the API\'s 200 characters', () => {
  const note = senderNote({ subject: 'Wire today', mailbox: 'adele@contoso.example', receivedAt: '2026-11-23T16:50:00Z' });
  assert.equal(note, 'Blocked from a detection: “Wire today” (received by adele@contoso.example on 2026-11-23)');
  assert.equal(senderNote({ subject: 'Invoice', mailbox: 'adele@contoso.example', receivedAt: '2026-11-23T16:50:00Z' }, { allowed: true }),
    'Allowed from a detection: “Invoice” (received by adele@contoso.example on 2026-11-23)');
  const long = senderNote({ subject: `Line one\r\nline two ${'x'.repeat(400)}`, mailbox: 'adele@contoso.example', receivedAt: '2026-11-23T16:50:00Z' });
  assert.ok(long.length <= 200, `${long.length} characters`);
  assert.ok(!/[\r\n]/.test(long), 'no line breaks: the API refuses control characters in notes');
  assert.ok(long.endsWith('…” (received by adele@contoso.example on 2026-11-23)'));
});

test('the CSV export asks for the filters in force, and only those', () => {
  const names = ['q', 'level', 'sender', 'scanId'];
  assert.equal(exportQuery({ level: 'MALICIOUS', sender: 'ceo@evil.example', q: '' }, names), 'level=MALICIOUS&sender=ceo%40evil.example');
  assert.equal(exportQuery({}, names), '');
});

const twoStep = await import('../js/two-step.js');

test('the two-step key is shown in groups of four and codes are checked before they are sent', () => {
  assert.equal(twoStep.groupKey('jbswy3dpehpk3pxpjbswy3dpehpk3pxp'), 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  assert.equal(twoStep.cleanCode(' 123 456 '), '123456');
  assert.equal(twoStep.codeProblem('123 456'), null);
  assert.match(twoStep.codeProblem('12345'), /6 digits/);
  assert.match(twoStep.codeProblem(''), /authenticator app/);
  assert.equal(twoStep.codeProblem('ABCD-efgh-2345-6723', { recovery: true }), null);
  assert.match(twoStep.codeProblem('123456', { recovery: true }), /sixteen/);
});

test('the two-step summary says whether it is on and how many recovery codes are left', () => {
  assert.match(twoStep.twoStepSummary({ enabled: false }), /^Off\./);
  assert.match(twoStep.twoStepSummary({ enabled: true, enabledAt: 'then', recoveryCodesLeft: 1 }), /^On since then\..*1 recovery code left/);
  assert.match(twoStep.twoStepSummary({ enabled: true, recoveryCodesLeft: 10 }), /10 recovery codes left/);
  const text = twoStep.recoveryCodesText(['aaaa-bbbb-cccc-dddd', 'eeee-ffff-gggg-hhhh'], 'admin@contoso.example');
  assert.match(text, /admin@contoso\.example/);
  assert.match(text, /^aaaa-bbbb-cccc-dddd$/m);
});
