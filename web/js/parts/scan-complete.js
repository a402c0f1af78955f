// The Threat Scan Complete bar on Home: what the finished scan found, Remove Threats (after a
// confirmation) and View Threats (the scan's detections). It follows the 'scan' the progress
// part publishes and the 'remediation' job.

import { describeError } from '../api.js';
import { h, icon, announce, formatNumber, plural } from '../ui.js';
import { remediate } from '../remediation.js';
import { call } from '../session.js';
import * as store from '../store.js';
import * as router from '../router.js';

export function createScanComplete() {
  const title = h('h2', { id: 'scan-complete-heading' }, 'Threat Scan Complete');
  const text = h('p', { id: 'scan-complete-text' });
  const removeThreats = h('button', { type: 'button', class: 'btn btn-danger', id: 'remove-threats', 'data-testid': 'remove-threats' }, 'Remove Threats');
  const viewThreats = h('a', { class: 'btn', id: 'view-threats', 'data-testid': 'view-threats', href: router.href('detections') }, 'View Threats');
  const error = h('p', { class: 'inline-error', role: 'alert', hidden: true });
  const element = h('section', { class: 'complete-bar', id: 'scan-complete', 'data-testid': 'scan-complete', 'aria-labelledby': 'scan-complete-heading', hidden: true },
    h('span', { class: 'complete-icon' }, icon('shield')),
    h('div', { class: 'complete-text' }, title, text, error),
    h('div', { class: 'complete-actions' }, removeThreats, viewThreats));

  let scan = null;

  removeThreats.addEventListener('click', async () => {
    if (!scan) return;
    error.hidden = true;
    try {
      // The confirmation names what will move: the scan's threats still waiting for a decision (not
      // those removed, released or marked "Not a threat" since).
      const waiting = await waitingThreats(scan.id);
      if (waiting === 0) {
        announce('Every threat this scan found was already removed, released or marked not a threat.', 'info');
        return;
      }
      const job = await remediate('REMOVE', { scanId: scan.id }, waiting, removeThreats);
      if (job) announce(`Removing ${plural(job.total ?? scan.threatsFound, 'threat')}. Progress is shown below.`, 'info');
    } catch (error_) {
      if (error_.status !== 401) {
        error.textContent = error_.status === 404 || error_.status === 405
          ? 'Removing threats is not available on this server yet.'
          : `The threats could not be removed: ${describeError(error_)}`;
        error.hidden = false;
      }
    } finally {
      render();
    }
  });

  store.on('scan', (value) => {
    scan = value;
    render();
  });
  store.on('remediation', () => render());

  function render() {
    if (!scan || scan.status === 'RUNNING') {
      element.hidden = true;
      return;
    }
    element.hidden = false;
    const threats = Number(scan.threatsFound) || 0;
    const levels = scan.byLevel ?? {};
    const parts = [];
    if (levels.MALICIOUS) parts.push(`${formatNumber(levels.MALICIOUS)} malicious`);
    if (levels.SUSPICIOUS) parts.push(`${formatNumber(levels.SUSPICIOUS)} suspicious`);
    const ended = scan.status === 'ENDED_EARLY' ? ' (ended early)' : '';
    title.textContent = `Threat Scan Complete${ended}`;
    text.textContent = threats
      ? `${plural(threats, 'threat')} found${parts.length ? ` (${parts.join(', ')})` : ''} in ${plural(scan.messagesScanned ?? 0, 'message')} across ${plural(scan.mailboxesDone ?? 0, 'mailbox', 'mailboxes')}.`
      : `No threats found in ${plural(scan.messagesScanned ?? 0, 'message')} across ${plural(scan.mailboxesDone ?? 0, 'mailbox', 'mailboxes')}.`;
    viewThreats.setAttribute('href', router.href('detections', null, { scanId: scan.id }));
    const job = store.get('remediation');
    // Only a removal of this scan's threats removed them (not a selection, nor Protect's removal of new mail).
    const removedAfterScan = job && job.action !== 'RELEASE' && job.status !== 'RUNNING' && job.scanId === scan.id;
    const removing = job && job.action !== 'RELEASE' && job.status === 'RUNNING';
    removeThreats.hidden = threats === 0 || Boolean(removedAfterScan);
    removeThreats.disabled = Boolean(removing);
    if (removedAfterScan) text.textContent += ' The threats have been removed.';
    element.dataset.status = scan.status ?? '';
  }

  return { element };
}

/** How many of the scan's detections still wait for a decision (status DETECTED), page by page. */
async function waitingThreats(scanId) {
  let count = 0;
  let cursor = null;
  do {
    const query = new URLSearchParams({ scanId, status: 'DETECTED', limit: '200' });
    if (cursor) query.set('cursor', cursor);
    const { data } = await call(`/api/detections?${query}`);
    count += Array.isArray(data?.items) ? data.items.length : 0;
    cursor = data?.nextCursor ?? null;
  } while (cursor);
  return count;
}
