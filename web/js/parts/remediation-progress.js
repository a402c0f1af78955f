// Remediation progress on Home: the current removal or release job, or the last one (at 100% once
// done, so it stays on the page), with moved / already gone / failed counts and every failure in
// words. Reads GET /api/remediations/current, polls GET /api/remediations/{id} while the job runs,
// and publishes it as 'remediation'.

import { describeError } from '../api.js';
import { call } from '../session.js';
import { h, progressBar, formatNumber, plural, pill, timeElement, showInlineError, clearInlineError, fill, announce } from '../ui.js';
import { poll } from '../poller.js';
import * as store from '../store.js';
import * as router from '../router.js';

const FAST_MS = 1500;
const SLOW_MS = 30000;

export function createRemediationProgress() {
  const statusPill = h('span', {});
  const summary = h('p', { class: 'scan-status', id: 'remediation-status' });
  const bar = progressBar({ labelId: 'remediation-heading', tone: 'success' });
  const percent = h('span', { class: 'progress-percent', 'aria-hidden': 'true' }, '0%');
  const figures = h('dl', { class: 'figures' });
  const failures = h('details', { class: 'failures', hidden: true });
  const error = h('div', { class: 'part-error', hidden: true });
  const heading = h('h2', { id: 'remediation-heading' }, 'Threat removal');
  const element = h('section', { class: 'card', id: 'remediation-progress', 'data-testid': 'remediation-progress', 'aria-labelledby': 'remediation-heading', hidden: true },
    h('div', { class: 'card-header' }, heading, statusPill),
    summary,
    h('div', { class: 'progress-row' }, bar.element, percent),
    figures,
    failures,
    error);

  let job = null;
  let poller = null;
  // A job named by the link in its completion email (#/?remediation=<id>): shown instead of the latest.
  let linked = null;

  store.on('remediation', (value) => {
    if (value && value !== job) {
      if (value.id !== linked) linked = null;
      job = value;
      render();
      if (job.status === 'RUNNING') poller?.refresh();
    }
  });

  async function load() {
    try {
      if (linked || (job?.id && job.status === 'RUNNING')) {
        const { data } = await call(`/api/remediations/${encodeURIComponent(linked ?? job.id)}`);
        const first = linked && !job;
        update(data);
        if (first) element.scrollIntoView({ block: 'start' });
      } else {
        // The running job, else the last one.
        const { data } = await call('/api/remediations/current');
        if (data && (!job || data.id !== job.id || data.status !== job.status || data.percent !== job.percent || data.done !== job.done)) update(data);
      }
      clearInlineError(error);
    } catch (error_) {
      if (error_.status === 401) return false;
      if (error_.status === 404 && linked) {
        // Not (or no longer) one of this account's jobs: the latest one instead.
        linked = null;
        return load();
      }
      if (error_.status === 404 && !job) {
        // No removal or release yet: nothing to show until one starts (it is published here).
        element.hidden = true;
        return SLOW_MS;
      }
      showInlineError(error, `Progress could not be loaded: ${describeError(error_)}`);
    }
    return job?.status === 'RUNNING' ? FAST_MS : SLOW_MS;
  }

  function followRoute() {
    const named = router.current().params.get('remediation');
    if (named && named !== job?.id) {
      linked = named;
      job = null;
      poller?.refresh();
    }
  }

  function update(data) {
    const finished = job?.status === 'RUNNING' && data?.status !== 'RUNNING' && data?.id === job?.id;
    job = { ...job, ...data };
    render();
    store.set('remediation', job);
    if (finished) {
      // Replaces "Removing …" in the live region with the outcome.
      announce(summary.textContent, Number(job.failed) > 0 ? 'info' : 'success');
      store.emit('notifications:stale');
      store.emit('detections:stale');
      store.emit('setup:stale');
    }
  }

  function render() {
    if (!job) return;
    element.hidden = false;
    const total = Number(job.total) || 0;
    // `done` counts the messages moved; the others ended as already gone, already done by another request, or failed.
    const moved = Number(job.done) || 0;
    const finished = moved + (Number(job.alreadyGone) || 0) + (Number(job.alreadyDone) || 0) + (Number(job.failed) || 0);
    const running = job.status === 'RUNNING';
    const value = running ? (total ? Math.min(99, Math.floor((finished / total) * 100)) : 0) : 100;
    const removing = job.action !== 'RELEASE';
    heading.textContent = removing ? 'Threat removal' : job.inQuarantine ? 'Release of everything in quarantine' : 'Message release';
    element.dataset.status = job.status ?? '';
    element.dataset.jobId = job.id ?? '';
    fill(statusPill, running ? pill('In progress', 'info')
      : Number(job.failed) > 0 ? pill('Finished with failures', 'warning') : pill('Complete', 'success'));
    bar.update(value, `${value}%`);
    percent.textContent = `${value}%`;
    if (running) {
      summary.textContent = `${removing ? 'Removing' : 'Releasing'} ${plural(total, 'message')}: ${formatNumber(finished)} done so far.`;
    } else {
      let which;
      if (moved === total) {
        which = total === 1 ? 'The message was' : total === 2 ? 'Both messages were' : `All ${formatNumber(total)} messages were`;
      } else {
        which = `${formatNumber(moved)} of ${plural(total, 'message')} ${moved === 1 ? 'was' : 'were'}`;
      }
      summary.textContent = removing
        ? `${which} moved to quarantine.`
        : `${which} released back to ${total === 1 ? 'its mailbox' : 'their mailboxes'}.${job.moreInQuarantine
          ? ' More messages are still in quarantine: release all again (Detections, status Removed).' : ''}`;
    }
    fill(figures, 
      figure(removing ? 'Removed' : 'Released', formatNumber(moved)),
      Number(job.alreadyDone) > 0
        ? figure(removing ? 'Already in quarantine (another request)' : 'Already released (another request)', formatNumber(job.alreadyDone))
        : null,
      figure('Already gone', formatNumber(job.alreadyGone ?? 0)),
      figure('Failed', formatNumber(job.failed ?? 0)),
      job.finishedAt ? h('div', { class: 'figure' }, h('dt', {}, 'Finished'), h('dd', {}, timeElement(job.finishedAt))) : null);
    const list = Array.isArray(job.failures) ? job.failures : [];
    failures.hidden = list.length === 0;
    fill(failures, 
      h('summary', {}, `Why ${plural(list.length, 'message', 'messages')} could not be moved`),
      h('ul', {}, list.map((f) => h('li', {},
        h('strong', {}, f.subject || '(no subject)'), ` in ${f.mailbox ?? 'a mailbox'}: `, f.reason ?? 'no reason given'))));
  }

  return {
    element,
    start() {
      poller?.stop();
      poller = poll(load, { interval: FAST_MS });
      followRoute();
    },
    /** Home was opened on a completion email's link: that job is shown (Home's parts keep running between visits). */
    followRoute,
    stop() {
      poller?.stop();
      poller = null;
    },
  };
}

function figure(label, value) {
  return h('div', { class: 'figure' }, h('dt', {}, label), h('dd', {}, value));
}
