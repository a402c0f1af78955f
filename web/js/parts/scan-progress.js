// The Threat Scan progress bar on Home: the current scan, or the last one (at 100% once it has
// finished, so the bar stays on the page), with mailboxes and messages done, the percentage, the
// time left and End Scan (after a confirmation). It polls GET /api/scans/current — every 2 s
// while a scan runs or is about to start, slowly otherwise — and publishes the scan as 'scan'.

import { describeError } from '../api.js';
import { call, isConnected } from '../session.js';
import { h, busy, announce, progressBar, formatNumber, formatDuration, plural, pill, showInlineError, clearInlineError, fill } from '../ui.js';
import { confirmDialog } from '../dialog.js';
import { poll } from '../poller.js';
import { scanStatusOf } from '../labels.js';
import * as store from '../store.js';

const FAST_MS = 2000;
const SLOW_MS = 20000;

export function createScanProgress() {
  const status = h('p', { class: 'scan-status', id: 'scan-status' });
  const statusPill = h('span', { id: 'scan-status-pill' });
  const bar = progressBar({ labelId: 'scan-progress-heading' });
  const percent = h('span', { class: 'progress-percent', id: 'scan-percent', 'aria-hidden': 'true' }, '0%');
  const figures = h('dl', { class: 'figures', id: 'scan-figures' });
  const endScan = h('button', { type: 'button', class: 'btn btn-danger-outline', id: 'end-scan', 'data-testid': 'end-scan', hidden: true }, 'End Scan');
  const error = h('div', { class: 'part-error', hidden: true });
  const skipped = h('details', { class: 'small', id: 'scan-skipped', hidden: true });
  const element = h('section', { class: 'card scan-card', id: 'scan-progress', 'data-testid': 'scan-progress', 'aria-labelledby': 'scan-progress-heading', hidden: true },
    h('div', { class: 'card-header' },
      h('h2', { id: 'scan-progress-heading' }, 'Threat Scan'),
      statusPill),
    status,
    h('div', { class: 'progress-row' }, bar.element, percent),
    figures,
    skipped,
    error,
    h('div', { class: 'card-actions' }, endScan));

  let scan = null;
  let poller = null;
  let noScanYet = false;

  endScan.addEventListener('click', async () => {
    if (!scan) return;
    const confirmed = await confirmDialog({
      title: 'End the Threat Scan now?',
      body: [
        h('p', {}, `${plural(scan.mailboxesDone ?? 0, 'mailbox', 'mailboxes')} of ${formatNumber(scan.mailboxesTotal ?? 0)} have been scanned so far.`),
        h('p', {}, 'The report will cover only what has been scanned when you end it, and an ended scan cannot be restarted.'),
      ],
      confirmLabel: 'End Scan',
      cancelLabel: 'Keep scanning',
      danger: true,
    });
    if (!confirmed) return;
    const done = busy(endScan, 'Ending…');
    try {
      const { data } = await call(`/api/scans/${encodeURIComponent(scan.id)}/end`, { method: 'POST', body: {} });
      announce('The Threat Scan has ended. Its report covers the mailboxes scanned so far.', 'success');
      publish(data);
    } catch (error_) {
      if (error_.status !== 401) showInlineError(error, describeError(error_));
      poller?.refresh();
    } finally {
      done();
    }
  });

  async function load() {
    if (!isConnected()) {
      element.hidden = true;
      return SLOW_MS;
    }
    try {
      const { data } = await call('/api/scans/current');
      noScanYet = false;
      clearInlineError(error);
      if (data?.status === 'REQUESTED') {
        // Asked for a moment ago: the previous scan is not this one, so it is not shown as current.
        renderStarting();
        return FAST_MS;
      }
      publish(data);
      // Fast while it runs, and while a just-finished scan's report is being written.
      const reportDue = data && !data.report && data.finishedAt
        && Date.now() - Date.parse(String(data.finishedAt).replace(/(\.\d{3})\d+/, '$1')) < 120000;
      return data?.status === 'RUNNING' || reportDue ? FAST_MS : SLOW_MS;
    } catch (error_) {
      if (error_.status === 401) return false;
      if (error_.status === 404) {
        // Connected, and the first scan is being set up (consent queues it a moment earlier).
        noScanYet = true;
        clearInlineError(error);
        renderStarting();
        return FAST_MS;
      }
      showInlineError(error, `The scan's progress could not be loaded: ${describeError(error_)}`);
      element.hidden = false;
      return FAST_MS * 2;
    }
  }

  function publish(data) {
    const wasRunning = scan?.status === 'RUNNING';
    const previousId = scan?.id;
    scan = data;
    render();
    store.set('scan', data);
    if ((wasRunning && data?.status !== 'RUNNING') || (previousId && previousId !== data?.id)) {
      // It finished (or a new one began): the checklist, history and notifications change too.
      store.emit('setup:stale');
      store.emit('scans:stale');
      store.emit('notifications:stale');
    }
  }

  function renderStarting() {
    element.hidden = false;
    scan = null;
    fill(statusPill, pill('Starting', 'info'));
    status.textContent = 'Your Threat Scan is starting: Mailmoat is listing the mailboxes of your tenant.';
    bar.update(0, 'Starting');
    bar.indeterminate(true);
    percent.textContent = '0%';
    figures.replaceChildren();
    endScan.hidden = true;
    skipped.hidden = true;
    element.dataset.status = 'STARTING';
  }

  function render() {
    if (!scan) return;
    element.hidden = false;
    const running = scan.status === 'RUNNING';
    const value = running ? Math.min(99, Math.max(0, Number(scan.percent) || 0)) : 100;
    const st = scanStatusOf(scan.status);
    element.dataset.status = scan.status ?? '';
    element.dataset.scanId = scan.id ?? '';
    fill(statusPill, pill(st.text, st.tone));
    bar.indeterminate(false);
    bar.update(value, `${value}%${running ? '' : ', finished'}`);
    percent.textContent = `${value}%`;
    if (running) {
      const eta = typeof scan.etaSeconds === 'number' ? `, ${formatDuration(scan.etaSeconds)} left` : '';
      status.textContent = `Scanning the last 30 days of mail${eta}.`;
    } else if (scan.status === 'ENDED_EARLY') {
      status.textContent = `Ended early: the report covers ${plural(scan.mailboxesDone ?? 0, 'mailbox', 'mailboxes')} of ${formatNumber(scan.mailboxesTotal ?? 0)}.`;
    } else {
      status.textContent = 'Complete: every mailbox has been scanned.';
    }
    const messages = running && scan.messagesEstimated
      ? `${formatNumber(scan.messagesScanned)} of about ${formatNumber(scan.messagesEstimated)}`
      : formatNumber(scan.messagesScanned);
    fill(figures, 
      figure('Mailboxes', `${formatNumber(scan.mailboxesDone)} of ${formatNumber(scan.mailboxesTotal)}`, 'scan-mailboxes'),
      figure('Messages scanned', messages, 'scan-messages'),
      figure('Threats found', formatNumber(scan.threatsFound), 'scan-threats'),
      running && typeof scan.etaSeconds === 'number' ? figure('Time left', formatDuration(scan.etaSeconds), 'scan-eta') : null);
    endScan.hidden = !running;
    const skippedList = Array.isArray(scan.skippedMailboxes) ? scan.skippedMailboxes : [];
    skipped.hidden = skippedList.length === 0;
    fill(skipped, 
      h('summary', {}, `${plural(skippedList.length, 'mailbox was', 'mailboxes were')} skipped`),
      h('ul', {}, skippedList.map((s) => h('li', {}, h('strong', {}, s.mailbox), s.reason ? ` — ${s.reason}` : ''))));
  }

  return {
    element,
    start() {
      poller?.stop();
      poller = poll(load, { interval: FAST_MS });
    },
    stop() {
      poller?.stop();
      poller = null;
    },
    refresh() {
      poller?.refresh();
    },
    get noScanYet() {
      return noScanYet;
    },
  };
}

function figure(label, value, id) {
  return h('div', { class: 'figure' }, h('dt', {}, label), h('dd', { id }, value));
}

