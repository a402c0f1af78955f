// The Threat Scan Complete bar on Home: what the finished scan found, Remove Threats (after a
// confirmation) while any of its threats still waits (the server counts them), and View Threats
// (the scan's detections). It follows the 'scan' the progress part publishes and the 'remediation' job.

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
  let waiting = null;
  let lookingUp = null;
  let removeTarget = null;

  removeThreats.addEventListener('click', async () => {
    if (!scan || !removeTarget) return;
    error.hidden = true;
    try {
      // The confirmation names what will move: the scan's threats still waiting for a decision (not
      // those removed, released or marked "Not a threat" since).
      const { count, byLevel } = await waitingThreats(removeTarget);
      if (count === 0) {
        announce('Every threat this scan found was already removed, released or marked not a threat.', 'info');
        return;
      }
      const job = await remediate('REMOVE', { scanId: removeTarget }, count, removeThreats, { preview: { byLevel } });
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
    const job = store.get('remediation');
    const state = scanCompleteState(scan, waiting?.scanId === scan.id ? waiting : null, job);
    title.textContent = state.title;
    element.dataset.handled = state.handled ? 'true' : 'false';
    text.textContent = state.text;
    removeTarget = state.removeScanId;
    viewThreats.setAttribute('href', router.href('detections', null, state.viewQuery));
    removeThreats.hidden = !state.showRemove;
    removeThreats.disabled = Boolean(job && job.action !== 'RELEASE' && job.status === 'RUNNING');
    element.dataset.status = scan.status ?? '';
    if (state.needsWaiting && waiting?.scanId !== scan.id) lookUpWaiting(scan);
  }

  /**
   * A finished scan that counted no threat: are threats still waiting (written by pages in flight when it
   * ended, or found by an earlier scan)? Home must not say "No threats found" while they are.
   */
  async function lookUpWaiting(forScan) {
    if (lookingUp === forScan.id) return;
    lookingUp = forScan.id;
    try {
      const ofScan = await firstWaiting({ scanId: forScan.id });
      const any = ofScan ?? await firstWaiting({});
      waiting = { scanId: forScan.id, ofScan: Boolean(ofScan), other: ofScan ? null : any };
    } catch (error_) {
      waiting = null;
    } finally {
      lookingUp = null;
    }
    if (scan?.id === forScan.id) render();
  }

  return { element };
}

/**
 * What the Threat Scan Complete bar says and offers. `waiting` (null until looked up) is what waits when the
 * scan counted no threat: `ofScan`, its own detections still wait; `other`, a waiting detection of another
 * scan (or found as mail arrived). `job` is the administrator's latest remediation.
 */
export function scanCompleteState(scan, waiting, job) {
  const threats = Number(scan.threatsFound) || 0;
  const levels = scan.byLevel ?? {};
  const parts = [];
  if (levels.MALICIOUS) parts.push(`${formatNumber(levels.MALICIOUS)} malicious`);
  if (levels.SUSPICIOUS) parts.push(`${formatNumber(levels.SUSPICIOUS)} suspicious`);
  const endedEarly = scan.status === 'ENDED_EARLY';
  const where = `in ${plural(scan.messagesScanned ?? 0, 'message')} across ${plural(scan.mailboxesDone ?? 0, 'mailbox', 'mailboxes')}`;
  const state = {
    title: `Threat Scan Complete${endedEarly ? ' (ended early)' : ''}`,
    text: '',
    showRemove: false,
    removeScanId: scan.id,
    viewQuery: { scanId: scan.id },
    needsWaiting: false,
  };
  // What still waits comes from the server (the scan's detections by status), so a reload or another browser
  // sees the same. A server without those figures: only a removal of this scan's threats removed them.
  const byStatus = scan.threatsByStatus;
  const counted = Number.isFinite(Number(scan.threatsWaiting)) && scan.threatsWaiting !== null;
  const removedAfterScan = counted
    ? Number(scan.threatsWaiting) === 0
    : Boolean(job && job.action !== 'RELEASE' && job.status !== 'RUNNING' && job.scanId === scan.id);
  if (threats > 0) {
    const before = Number(scan.report?.threatsReportedBefore) || 0;
    state.text = `${plural(threats, 'threat')} found${parts.length ? ` (${parts.join(', ')})` : ''} ${where}.`
      + (before > 0 && !removedAfterScan ? ` ${plural(before, 'threat')} of these ${before === 1 ? 'was' : 'were'} already reported by an earlier scan and still ${before === 1 ? 'waits' : 'wait'}.` : '');
    state.showRemove = !removedAfterScan;
    if (counted) {
      const done = handledText(byStatus);
      if (removedAfterScan) {
        state.title = Number(byStatus?.REMOVED) > 0 ? 'Threats removed' : 'Nothing left to remove';
        state.text += done ? ` ${state.title} (${done}).` : '';
        state.handled = true;
      } else if (done) {
        state.text += ` ${formatNumber(scan.threatsWaiting)} still ${Number(scan.threatsWaiting) === 1 ? 'waits' : 'wait'} for you (${done}).`;
      }
    }
  } else if (waiting?.ofScan) {
    state.text = `This scan ended before it counted its threats ${where}, but threats it found are waiting for you.`;
    state.showRemove = !removedAfterScan;
  } else if (waiting?.other) {
    const other = waiting.other;
    state.text = `No new threats found ${where}. Threats found earlier are still waiting for you.`;
    state.removeScanId = other.scanId ?? null;
    state.viewQuery = other.scanId ? { scanId: other.scanId } : { status: 'DETECTED' };
    state.showRemove = Boolean(other.scanId);
  } else {
    state.text = waiting ? `No threats found ${where}.` : `Checking for threats still waiting… (${plural(scan.messagesScanned ?? 0, 'message')} read)`;
    state.needsWaiting = !waiting;
  }
  if (endedEarly && (scan.mailboxesDone ?? 0) < (scan.mailboxesTotal ?? 0)) {
    state.text += ` You ended it early: ${formatNumber(scan.mailboxesDone ?? 0)} of ${plural(scan.mailboxesTotal ?? 0, 'mailbox', 'mailboxes')} were read in full.`;
  }
  if (!counted && removedAfterScan && state.showRemove === false && (threats > 0 || waiting?.ofScan)) state.text += ' The threats have been removed.';
  return state;
}

/** "102 removed, 1 released, 2 marked not a threat" from the scan's detections by status; '' when none was handled. */
export function handledText(byStatus) {
  const parts = [];
  if (Number(byStatus?.REMOVED) > 0) parts.push(`${formatNumber(byStatus.REMOVED)} removed`);
  if (Number(byStatus?.RELEASED) > 0) parts.push(`${formatNumber(byStatus.RELEASED)} released`);
  if (Number(byStatus?.NOT_A_THREAT) > 0) parts.push(`${formatNumber(byStatus.NOT_A_THREAT)} marked not a threat`);
  return parts.join(', ');
}

/** The first detection still waiting for a decision among those the query selects, or null. */
async function firstWaiting(filters) {
  const query = new URLSearchParams({ ...filters, status: 'DETECTED', limit: '1' });
  const { data } = await call(`/api/detections?${query}`);
  return Array.isArray(data?.items) && data.items.length ? data.items[0] : null;
}

/**
 * How many of the scan's detections still wait for a decision (status DETECTED), page by page, and how
 * many of them at each level (the confirmation names the suspicious ones it takes too).
 */
async function waitingThreats(scanId) {
  let count = 0;
  const byLevel = {};
  let cursor = null;
  do {
    const query = new URLSearchParams({ scanId, status: 'DETECTED', limit: '200' });
    if (cursor) query.set('cursor', cursor);
    const { data } = await call(`/api/detections?${query}`);
    for (const item of Array.isArray(data?.items) ? data.items : []) {
      count += 1;
      if (item?.level) byLevel[item.level] = (byLevel[item.level] ?? 0) + 1;
    }
    cursor = data?.nextCursor ?? null;
  } while (cursor);
  return { count, byLevel };
}
