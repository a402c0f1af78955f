// The Learning panel (on the Detections page): how many of the organisation's verdicts Mailmoat's
// model for this account has learnt from and when it last changed, and "Report a missed threat"
// (a message Mailmoat did not flag, by its Internet Message-ID). Between the two, the recent
// verdicts with their status, so a verdict that could not be learnt (a mistyped Message-ID, a
// deleted message) says so and why. Verdicts are learnt in the background: while some are
// pending the panel looks again every few seconds.

import { describeError, errorItems } from '../api.js';
import { call } from '../session.js';
import { h, fill, announce, busy, pill, plural, formatNumber, timeElement, showInlineError, clearInlineError } from '../ui.js';
import { VERDICTS, FEEDBACK_ACTIONS, feedbackStatusOf } from '../labels.js';
import * as store from '../store.js';
import * as router from '../router.js';
import { confirmDialog } from '../dialog.js';

const PENDING_POLL_MS = 3000;
// A verdict the list does not show yet is looked for again soon, and not for ever.
const MISSING_POLL_MS = 1000;
const MISSING_LOOKS = 5;

/** The status line's count of verdicts being learnt ("at least" when older ones may wait too). */
export function beingLearnt(waiting, more) {
  return more ? `At least ${formatNumber(waiting)} verdicts being learnt…` : `${plural(waiting, 'verdict')} being learnt…`;
}

/** What the panel says about the model, from GET /api/learning. */
export function learningSummary(data) {
  const learned = Number(data?.learnedFrom) || 0;
  if (learned === 0) {
    return 'Nothing learnt yet. Release a detection, mark it “Not a threat”, or report a missed threat, '
      + 'and Mailmoat learns what your organisation wants.';
  }
  const wanted = Number(data?.legitimate) || 0;
  const threats = Number(data?.malicious) || 0;
  return `Learnt from ${plural(learned, 'verdict')} of your organisation (${formatNumber(wanted)} wanted, `
    + `${formatNumber(threats)} ${threats === 1 ? 'threat' : 'threats'}).`;
}

/**
 * The Internet Message-ID in what the administrator pasted: the id itself, or Outlook's whole header
 * block (Message details), whose line breaks a one-line field drops. Only a `Message-ID:` header counts
 * (not `X-Message-ID:` or `Resent-Message-ID:`), and only an id in angle brackets; otherwise the text
 * is sent as it is, for the server to check.
 */
export function messageIdFrom(text) {
  const value = String(text ?? '').trim();
  const header = /(?<!-)Message-ID:\s*(<[^<>\s]+>)/i.exec(value);
  return header ? header[1] : value;
}

/** "NOT_A_THREAT" → "Not a threat": a code this console has no words for yet still reads. */
function codeInWords(code) {
  const text = String(code ?? '').replaceAll('_', ' ').trim().toLowerCase();
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

function wordsFor(table, code) {
  return Object.hasOwn(table, code ?? '') ? table[code] : codeInWords(code);
}

const nonBlank = (value) => (typeof value === 'string' && value.trim() ? value.trim() : null);

/**
 * One row of Recent verdicts in words, from a Feedback of GET /api/learning (DOM-free).
 * `subject` and `reason` are optional (older servers send neither); a reason is only shown when
 * nothing was learnt, with our own sentence when the server gives none.
 */
export function verdictRow(feedback) {
  const history = Array.isArray(feedback?.history) ? feedback.history.filter((entry) => entry && typeof entry === 'object') : [];
  const latest = history.at(-1) ?? null;
  const subject = nonBlank(feedback?.subject);
  const messageId = nonBlank(feedback?.internetMessageId);
  const code = typeof feedback?.status === 'string' ? feedback.status : '';
  const status = feedbackStatusOf(code || null);
  const learntOrPending = code === 'PENDING' || code === 'LEARNED';
  return {
    key: String(feedback?.key ?? ''),
    status: code,
    message: subject ?? messageId ?? '(no Message-ID)',
    messageIsId: !subject && Boolean(messageId),
    detectionId: nonBlank(feedback?.detectionId),
    verdict: wordsFor(VERDICTS, feedback?.verdict) || '—',
    action: latest ? wordsFor(FEEDBACK_ACTIONS, latest.action) || null : null,
    by: nonBlank(latest?.by),
    at: nonBlank(latest?.at),
    statusText: status.text,
    tone: status.tone,
    reason: learntOrPending ? null : (nonBlank(feedback?.reason) ?? status.reason ?? null),
  };
}

function verdictRowElement(feedback) {
  const row = verdictRow(feedback);
  const message = row.messageIsId ? h('code', { class: 'message-id' }, row.message) : row.message;
  const done = row.action || row.by || row.at
    ? [h('span', { class: 'block' }, row.action ?? ''),
      h('span', { class: 'block small muted' }, row.by ? `by ${row.by}, ` : '', timeElement(row.at))]
    : '—';
  return h('tr', { 'data-testid': 'learning-verdict', 'data-status': row.status, 'data-key': row.key || null },
    h('td', {}, row.detectionId ? h('a', { href: router.href('detections', row.detectionId) }, message) : message),
    h('td', {}, row.verdict),
    h('td', {}, done),
    h('td', {}, pill(row.statusText, row.tone), row.reason ? h('span', { class: 'block small verdict-reason' }, row.reason) : null));
}

export function createLearningPanel() {
  const summary = h('p', { id: 'learning-summary', 'data-testid': 'learning-summary' }, 'Loading…');
  const updated = h('p', { class: 'small muted', id: 'learning-updated' });
  const pending = h('p', { class: 'small muted', id: 'learning-pending', role: 'status' });
  const error = h('div', { class: 'part-error', hidden: true });

  const recentBody = h('tbody', {});
  const recent = h('div', { class: 'learning-recent', id: 'learning-recent', 'data-testid': 'learning-recent', hidden: true },
    h('h3', { id: 'learning-recent-heading' }, 'Recent verdicts'),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'data-table learning-recent-table' },
        h('caption', { class: 'visually-hidden' }, 'Recent verdicts, newest first'),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Message'),
          h('th', { scope: 'col' }, 'Verdict'),
          h('th', { scope: 'col' }, 'What was done'),
          h('th', { scope: 'col' }, 'Status'))),
        recentBody)));

  const messageId = h('input', { type: 'text', id: 'report-message-id', name: 'internetMessageId', 'data-testid': 'report-missed-id',
    autocomplete: 'off', spellcheck: 'false', placeholder: '<id@mail.example>', required: true, 'aria-describedby': 'report-message-id-help' });
  const mailbox = h('input', { type: 'email', id: 'report-mailbox', name: 'mailbox', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'name@company.com (optional)' });
  const submit = h('button', { type: 'submit', class: 'btn btn-small', 'data-testid': 'report-missed-submit', id: 'report-missed-submit' },
    'Report missed threat');
  const formError = h('div', { class: 'part-error', hidden: true });
  const form = h('form', { id: 'report-missed', class: 'report-missed', novalidate: true, 'aria-labelledby': 'report-missed-heading' },
    h('h3', { id: 'report-missed-heading' }, 'Report a missed threat'),
    h('div', { class: 'field' }, h('label', { for: 'report-message-id' }, 'Internet Message-ID'), messageId,
      h('p', { class: 'small muted', id: 'report-message-id-help' }, 'The message’s Message-ID header, as Outlook shows it under Message details. You may paste the whole header block: the Message-ID is taken from it.')),
    h('div', { class: 'field' }, h('label', { for: 'report-mailbox' }, 'Mailbox'), mailbox),
    submit, formError);

  const element = h('section', { class: 'card learning-panel', id: 'learning-panel', 'data-testid': 'learning-panel', 'aria-labelledby': 'learning-heading' },
    h('h2', { id: 'learning-heading' }, 'Learning'), summary,
    h('p', { class: 'small muted', id: 'learning-malware-note' }, 'Malware is never learnt as wanted mail: releasing it, or marking it “Not a threat”, is recorded below but does not change how similar messages are judged.'),
    updated, pending, error, recent, form);

  let timer = null;
  let seq = 0;
  // Keys of the verdicts being learnt at the last look: one that ends up not learnt is said in the
  // status line (read out by screen readers), not only shown in the list.
  let pendingKeys = new Set();
  // Verdicts just given here that the list does not show yet: the list is read from an index that
  // can trail a write by a moment, so the panel looks again a few times until they appear.
  const expected = new Map();

  async function load() {
    const mine = ++seq;
    clearTimeout(timer);
    try {
      const { data } = await call('/api/learning');
      if (mine !== seq) return;
      clearInlineError(error);
      summary.textContent = learningSummary(data);
      element.dataset.learnedFrom = String(Number(data?.learnedFrom) || 0);
      fill(updated, data?.updatedAt ? ['Last update: ', timeElement(data.updatedAt)] : []);
      const verdicts = Array.isArray(data?.recent) ? data.recent.filter((f) => f && typeof f === 'object') : [];
      fill(recentBody, verdicts.map(verdictRowElement));
      recent.hidden = verdicts.length === 0;
      const waiting = Number(data?.pending) || 0;
      const notLearnt = verdicts.filter((f) => pendingKeys.has(f.key) && f.status !== 'PENDING' && f.status !== 'LEARNED').length;
      pendingKeys = new Set(verdicts.filter((f) => f.status === 'PENDING').map((f) => f.key));
      pending.textContent = [
        waiting ? beingLearnt(waiting, data?.pendingMore === true) : '',
        notLearnt ? `${plural(notLearnt, 'verdict')} could not be learnt; Recent verdicts below says why.` : '',
      ].filter(Boolean).join(' ');
      for (const [key, looksLeft] of expected) {
        if (verdicts.some((f) => f.key === key) || looksLeft <= 1) expected.delete(key);
        else expected.set(key, looksLeft - 1);
      }
      if ((waiting || expected.size) && !element.hidden) timer = setTimeout(load, waiting ? PENDING_POLL_MS : MISSING_POLL_MS);
    } catch (e) {
      if (mine !== seq || e.status === 401) return;
      showInlineError(error, `The learning figures could not be loaded: ${describeError(e)}`, { retry: load });
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearInlineError(formError);
    const id = messageIdFrom(messageId.value);
    if (!id) {
      showInlineError(formError, 'Enter the message’s Internet Message-ID.');
      messageId.focus();
      return;
    }
    const where = mailbox.value.trim();
    const confirmed = await confirmDialog({
      title: 'Report a missed threat?',
      body: [
        h('p', {}, `Mailmoat looks for the message ${id} ${where ? `in ${where}` : 'in your mailboxes'}, moves it and every copy of it in other mailboxes to quarantine, and learns that such mail is a threat.`),
        h('p', { class: 'small muted' }, 'You can release any of them later from Detections.'),
      ],
      confirmLabel: 'Report and quarantine',
      danger: true,
    });
    if (!confirmed) return;
    const done = busy(submit, 'Reporting…');
    try {
      const { data } = await call('/api/feedback/missed', { method: 'POST', body: { internetMessageId: id, mailbox: mailbox.value.trim() || null } });
      // Learnt (or not) before the next look, it is still said in the status line.
      if (data?.key) expectVerdict(data.key);
      form.reset();
      announce('Reported as a missed threat. In a moment Mailmoat moves it, and its copies in other mailboxes, to quarantine and learns from it; similar messages are judged accordingly from the next scan.', 'success');
      load();
    } catch (e) {
      if (e.status !== 401) showInlineError(formError, `${describeError(e)} ${errorItems(e).join(' ')}`.trim());
    } finally {
      done();
    }
  });

  function expectVerdict(key) {
    pendingKeys.add(key);
    expected.set(key, MISSING_LOOKS);
  }

  // A verdict given elsewhere (Detections' "Not a threat"): its key, or nothing when unknown.
  store.on('learning:stale', (key) => {
    if (typeof key === 'string' && key) expectVerdict(key);
    load();
  });

  return { element, load };
}
