// The Learning panel (on the Detections page): how many of the organisation's verdicts Mailmoat's
// model for this account has learnt from and when it last changed, and "Report a missed threat"
// (a message Mailmoat did not flag, by its Internet Message-ID). Verdicts are learnt in the
// background: while some are pending the panel looks again every few seconds.

import { describeError, errorItems } from '../api.js';
import { call } from '../session.js';
import { h, fill, announce, busy, plural, formatNumber, timeElement, showInlineError, clearInlineError } from '../ui.js';
import * as store from '../store.js';

const PENDING_POLL_MS = 3000;

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

export function createLearningPanel() {
  const summary = h('p', { id: 'learning-summary', 'data-testid': 'learning-summary' }, 'Loading…');
  const updated = h('p', { class: 'small muted', id: 'learning-updated' });
  const pending = h('p', { class: 'small muted', id: 'learning-pending', role: 'status' });
  const error = h('div', { class: 'part-error', hidden: true });

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
      h('p', { class: 'small muted', id: 'report-message-id-help' }, 'The message’s Message-ID header, as Outlook shows it under Message details.')),
    h('div', { class: 'field' }, h('label', { for: 'report-mailbox' }, 'Mailbox'), mailbox),
    submit, formError);

  const element = h('section', { class: 'card learning-panel', id: 'learning-panel', 'data-testid': 'learning-panel', 'aria-labelledby': 'learning-heading' },
    h('h2', { id: 'learning-heading' }, 'Learning'), summary, updated, pending, error, form);

  let timer = null;
  let seq = 0;

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
      const waiting = Number(data?.pending) || 0;
      pending.textContent = waiting ? `${plural(waiting, 'verdict')} being learnt…` : '';
      if (waiting && !element.hidden) timer = setTimeout(load, PENDING_POLL_MS);
    } catch (e) {
      if (mine !== seq || e.status === 401) return;
      showInlineError(error, `The learning figures could not be loaded: ${describeError(e)}`);
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearInlineError(formError);
    const id = messageId.value.trim();
    if (!id) {
      showInlineError(formError, 'Enter the message’s Internet Message-ID.');
      messageId.focus();
      return;
    }
    const done = busy(submit, 'Reporting…');
    try {
      await call('/api/feedback/missed', { method: 'POST', body: { internetMessageId: id, mailbox: mailbox.value.trim() || null } });
      form.reset();
      announce('Reported as a missed threat. Mailmoat learns it in a moment; similar messages are judged accordingly from the next scan.', 'success');
      load();
    } catch (e) {
      if (e.status !== 401) showInlineError(formError, `${describeError(e)} ${errorItems(e).join(' ')}`.trim());
    } finally {
      done();
    }
  });

  store.on('learning:stale', () => load());

  return { element, load };
}
