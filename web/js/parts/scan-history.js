// Scan history on Home: every Threat Scan of the account, newest first, and "Start a new scan"
// (unavailable, with the reason beside it, while a scan runs; its status line lasts until that scan ends).

import { describeError } from '../api.js';
import { call, isConnected } from '../session.js';
import { h, busy, announce, formatNumber, formatTime, pill, timeElement, showInlineError, clearInlineError, fill } from '../ui.js';
import { scanStatusOf, SCAN_KINDS } from '../labels.js';
import * as store from '../store.js';
import * as router from '../router.js';

/**
 * A scan's threats in its history row. When a later scan found again threats of this one still waiting, they
 * are listed (and removed) with that scan now: "47 (46 now under the scan of Dec 7, 11:15 PM)", so the row's
 * figure and its Detections link agree. `laterText` is the later scan's start in words.
 */
export function historyThreats(scan, laterText) {
  const found = Number(scan?.threatsFound) || 0;
  const listed = Number(scan?.threatsListed);
  if (!scan?.threatsFoundAgainBy || !Number.isFinite(listed) || listed >= found) return formatNumber(found);
  return `${formatNumber(found)} (${formatNumber(found - listed)} now under the scan of ${laterText || 'a later date'})`;
}

export function createScanHistory() {
  const tbody = h('tbody', {});
  const empty = h('p', { class: 'muted small', hidden: true }, 'No Threat Scans yet.');
  const error = h('div', { class: 'part-error', hidden: true });
  const startScan = h('button', { type: 'button', class: 'btn btn-small', id: 'start-scan', 'aria-describedby': 'start-scan-status' }, 'Start a new scan');
  const startStatus = h('p', { class: 'small muted', id: 'start-scan-status', role: 'status' });
  const table = h('div', { class: 'table-scroll' },
    h('table', { class: 'data-table', id: 'scan-history-table' },
      h('caption', { class: 'visually-hidden' }, 'Threat Scans, newest first'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Started'),
        h('th', { scope: 'col' }, 'Kind'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col', class: 'num' }, 'Mailboxes'),
        h('th', { scope: 'col', class: 'num' }, 'Messages'),
        h('th', { scope: 'col', class: 'num' }, 'Threats'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Detections')))),
      tbody));
  const element = h('section', { class: 'card', id: 'scan-history', 'aria-labelledby': 'scan-history-heading', hidden: true },
    h('div', { class: 'card-header' }, h('h2', { id: 'scan-history-heading' }, 'Scan history'), startScan),
    startStatus, error, empty, table);

  // When a scan asked for here was accepted, until the list shows it running (it is being set up);
  // given up after a minute, so a scan that never showed cannot keep the button unavailable.
  let startingSince = 0;
  let startedId = null;
  const STARTING_AT_MOST_MS = 60_000;
  const UNDER_WAY = new Set(['REQUESTED', 'RUNNING']);

  startScan.addEventListener('click', async () => {
    const done = busy(startScan, 'Starting…');
    try {
      const { data } = await call('/api/scans', { method: 'POST', body: {} });
      startingSince = Date.now();
      startedId = data?.id ?? null;
      startStatus.textContent = data?.joined
        ? 'A Threat Scan you asked for is already starting. Its progress is shown under Threat Scan on this page.'
        : 'A new Threat Scan is starting. Its progress is shown under Threat Scan on this page.';
      store.emit('scan:started');
      load();
    } catch (error_) {
      if (error_.status !== 401) announce(describeError(error_), 'error');
    } finally {
      done();
      syncStartScan();
    }
  });

  /** Start a new scan is unavailable while one runs, and says why; once none runs, the line about it goes. */
  function syncStartScan() {
    const running = shown.some((s) => UNDER_WAY.has(s.status));
    const startedEnded = shown.some((s) => s.id === startedId && !UNDER_WAY.has(s.status));
    if (running || startedEnded || Date.now() - startingSince > STARTING_AT_MOST_MS) startingSince = 0;
    const starting = startingSince > 0;
    if (startScan.getAttribute('aria-busy') === 'true') return;
    startScan.disabled = running || starting;
    if (running) {
      if (!startStatus.textContent.includes('starting')) {
        startStatus.textContent = 'A Threat Scan is running. You can start a new one once it finishes, or after you end it.';
      }
    } else if (!starting) {
      startStatus.textContent = '';
    }
  }

  store.on('scans:stale', () => load());
  // The scan Home follows (polled while it runs): its row moves with the progress card, not only on reload.
  let shown = [];
  store.on('scan', (scan) => {
    if (!scan?.id || element.hidden) return;
    const at = shown.findIndex((s) => s.id === scan.id);
    if (at < 0) {
      load();
      return;
    }
    shown = shown.map((s, i) => (i === at ? { ...s, ...scan } : s));
    render(shown);
  });
  store.on('account', () => {
    element.hidden = !isConnected();
  });

  async function load() {
    if (!isConnected()) {
      element.hidden = true;
      return;
    }
    try {
      const { data } = await call('/api/scans');
      const scans = Array.isArray(data) ? data : (data?.items ?? []);
      clearInlineError(error);
      render(scans);
    } catch (error_) {
      if (error_.status !== 401) showInlineError(error, `The scan history could not be loaded: ${describeError(error_)}`, { retry: load });
    }
  }

  function render(scans) {
    shown = scans;
    element.hidden = false;
    empty.hidden = scans.length > 0;
    table.hidden = scans.length === 0;
    syncStartScan();
    fill(tbody, ...scans.map((scan) => {
      const status = scanStatusOf(scan.status);
      return h('tr', { 'data-scan-id': scan.id },
        h('td', {}, timeElement(scan.startedAt)),
        h('td', {}, SCAN_KINDS[scan.kind] ?? scan.kind ?? ''),
        h('td', {}, pill(status.text, status.tone)),
        h('td', { class: 'num' }, `${formatNumber(scan.mailboxesDone)} / ${formatNumber(scan.mailboxesTotal)}`),
        h('td', { class: 'num' }, formatNumber(scan.messagesScanned)),
        h('td', { class: 'num' }, scan.threatsFoundAgainBy && scan.threatsListed != null
          ? [historyThreats(scan, formatTime(scan.threatsFoundAgainByStartedAt).text), ' ',
            h('a', { href: router.href('detections', null, { scanId: scan.threatsFoundAgainBy }), class: 'small' }, 'See them', h('span', { class: 'visually-hidden' }, ' with the later scan'))]
          : formatNumber(scan.threatsFound)),
        h('td', {}, h('a', { href: router.href('detections', null, { scanId: scan.id }) }, 'Detections',
          h('span', { class: 'visually-hidden' }, ` of the scan started ${timeElement(scan.startedAt).textContent}`))));
    }));
  }

  return { element, load };
}
