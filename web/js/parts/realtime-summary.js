// Real time on Home, once Monitor or Protect is on: today's messages checked as they arrived,
// threats caught and moved to quarantine, the mailboxes watched and whether their subscriptions
// are healthy, and the last events. Polls GET /api/realtime/summary every 10 s while Home shows.

import { describeError } from '../api.js';
import { call } from '../session.js';
import { h, fill, pill, formatNumber, plural, showInlineError, clearInlineError, timeElement } from '../ui.js';
import { poll } from '../poller.js';
import { levelOf } from '../labels.js';
import * as store from '../store.js';
import * as router from '../router.js';

const INTERVAL_MS = 10000;

/** Whether the subscriptions need the administrator (lapsing, or refused by Microsoft): { healthy, attention, text, tone }. */
export function subscriptionHealth(summary) {
  const s = summary?.subscriptions ?? {};
  const healthy = Number(s.healthy ?? summary?.protectedMailboxes ?? 0);
  const attention = Number(s.needingAttention ?? 0);
  if (!summary?.active) return { healthy, attention, text: 'Not watching new mail', tone: 'neutral' };
  // Microsoft refused to create or renew a subscription (emailed once): shown until a sync succeeds.
  if (summary?.subscriptionProblem) return { healthy, attention, text: 'Microsoft refused a subscription: new mail may be missed', tone: 'warning' };
  if (healthy === 0 && attention === 0) return { healthy, attention, text: 'No mailbox watched yet', tone: 'warning' };
  if (attention > 0) return { healthy, attention, text: `${plural(attention, 'subscription needs', 'subscriptions need')} attention`, tone: 'warning' };
  return { healthy, attention, text: 'Watching every mailbox', tone: 'success' };
}

export function createRealTimeSummary() {
  const health = h('span', { id: 'realtime-health' });
  const figures = h('dl', { class: 'figures', id: 'realtime-figures' });
  const events = h('ul', { class: 'item-list', id: 'realtime-events', 'aria-labelledby': 'realtime-events-heading' });
  const note = h('p', { class: 'small muted', id: 'realtime-note' });
  const error = h('div', { class: 'part-error', hidden: true });
  const element = h('section', { class: 'card', id: 'realtime-summary', 'data-testid': 'realtime-summary', 'aria-labelledby': 'realtime-heading', hidden: true },
    h('div', { class: 'card-header' }, h('h2', { id: 'realtime-heading' }, 'Real-time protection today'), health),
    error, figures, note,
    h('h3', { id: 'realtime-events-heading' }, 'Latest threats caught'),
    events);

  let poller = null;
  let visible = false;

  store.on('account', (account) => {
    const live = account?.mode === 'MONITOR' || account?.mode === 'PROTECT';
    if (live && visible) startPolling();
    if (!live) {
      element.hidden = true;
      stopPolling();
    }
  });

  async function load() {
    const account = store.get('account');
    if (!(account?.mode === 'MONITOR' || account?.mode === 'PROTECT')) {
      element.hidden = true;
      return false;
    }
    try {
      const { data } = await call('/api/realtime/summary?events=20');
      clearInlineError(error);
      render(data ?? {});
    } catch (error_) {
      if (error_.status !== 401) {
        showInlineError(error, `Real-time figures could not be loaded: ${describeError(error_)}`);
        element.hidden = false;
      }
    }
    return INTERVAL_MS;
  }

  function render(summary) {
    element.hidden = false;
    const today = summary.today ?? {};
    const state = subscriptionHealth(summary);
    element.dataset.health = state.tone;
    fill(health, pill(state.text, state.tone, { id: 'realtime-health-pill' }));
    fill(figures,
      figure('realtime-checked', 'Messages checked', today.checked),
      figure('realtime-threats', 'Threats caught', today.threats),
      figure('realtime-blocked', summary.mode === 'PROTECT' ? 'Moved to quarantine' : 'Quarantined (Protect only)', today.blocked),
      figure('realtime-mailboxes', 'Mailboxes watched', state.healthy));
    const parts = [];
    if (state.attention > 0) parts.push(`${plural(state.attention, 'mailbox subscription has', 'mailbox subscriptions have')} expired or is about to; Mailmoat renews them on its own and catches up on missed mail.`);
    if (Number(today.rejectedNotifications ?? 0) > 0) parts.push(`${plural(today.rejectedNotifications, 'notification')} that did not come from Microsoft ${Number(today.rejectedNotifications) === 1 ? 'was' : 'were'} refused.`);
    if (summary.nextSubscriptionExpiry) parts.push('Subscriptions are renewed well before they expire.');
    note.textContent = parts.join(' ');
    const last = (Array.isArray(summary.lastEvents) ? summary.lastEvents : []).filter((e) => e.level && e.level !== 'CLEAN').slice(0, 5);
    fill(events, last.length
      ? last.map((event) => {
        const level = levelOf(event.level);
        return h('li', { class: 'item', 'data-level': event.level },
          h('div', { class: 'item-head' },
            event.detectionId
              ? h('a', { href: router.href('detections', event.detectionId) }, event.subject || '(no subject)')
              : h('span', {}, event.subject || '(no subject)'),
            pill(level.text, level.tone)),
          h('p', { class: 'small muted' }, `To ${event.mailbox} from ${event.sender ?? 'an unknown sender'} · `,
            event.action === 'QUARANTINED' || event.action === 'REMOVED' ? 'moved to quarantine · ' : '', timeElement(event.at)));
      })
      : h('li', { class: 'empty' }, 'No threat in new mail so far today.'));
  }

  function figure(id, label, value) {
    return h('div', { class: 'figure' }, h('dt', {}, label), h('dd', { id }, formatNumber(value ?? 0)));
  }

  function startPolling() {
    if (!poller) poller = poll(load, { interval: INTERVAL_MS });
  }

  function stopPolling() {
    poller?.stop();
    poller = null;
  }

  return {
    element,
    show() {
      visible = true;
      const account = store.get('account');
      if (account?.mode === 'MONITOR' || account?.mode === 'PROTECT') startPolling();
      else element.hidden = true;
    },
    hide() {
      visible = false;
      stopPolling();
    },
  };
}
