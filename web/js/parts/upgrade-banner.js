// Home's upgrade banner: "Install Advanced Protection" with Upgrade Now while the account is in
// Threat Scan only; the upgrade's progress while it waits for permissions or runs; the outcome
// once it has finished (with the rules pushed down to re-check). Follows 'upgrade' and 'account'.

import { h, fill, icon } from '../ui.js';
import { isConnected } from '../session.js';
import { upgradeProgress } from '../upgrade-steps.js';
import { MODES } from '../labels.js';
import * as store from '../store.js';
import * as router from '../router.js';

/** What the banner says for an account and its upgrade: null, or { kind, title, text, action }. */
export function upgradeBannerState(account, upgrade, { reportSeen = false } = {}) {
  if (!account || !isConnected(account)) return null;
  const live = account.mode === 'MONITOR' || account.mode === 'PROTECT';
  if (upgrade?.status === 'RUNNING') {
    const p = upgradeProgress(upgrade);
    return { kind: 'running', title: `Installing ${MODES[upgrade.mode]?.label ?? upgrade.mode}: ${p.current ?? 'working'}…`,
      text: `${p.done} of ${p.total} steps done.`, action: 'See progress' };
  }
  if (upgrade?.status === 'PENDING_CONSENT' && !live) {
    return { kind: 'pending', title: 'One step left to start the upgrade',
      text: 'Re-confirm Mailmoat\'s Microsoft permissions to start installing it.', action: 'Continue' };
  }
  if (upgrade?.status === 'FAILED' && !live) {
    return { kind: 'failed', title: 'The upgrade did not finish',
      text: upgrade.error || 'See what stopped it and how to fix it.', action: 'See why' };
  }
  if (upgrade?.status === 'COMPLETED' && live && (upgrade.rulesPushedDown ?? []).length && !reportSeen) {
    return { kind: 'completed', title: 'Congratulations! The email configuration is complete',
      text: `${(upgrade.rulesPushedDown ?? []).length} of your transport rules moved down: check their order.`, action: 'See the report' };
  }
  if (account.mode === 'THREAT_SCAN_ONLY') {
    return { kind: 'offer', title: 'Install Advanced Protection',
      text: 'Check new mail seconds after it arrives and stop known bad senders before delivery.', action: 'Upgrade Now' };
  }
  return null;
}

export function createUpgradeBanner() {
  const element = h('div', { class: 'banner banner-info', id: 'upgrade-banner', 'data-testid': 'upgrade-banner', role: 'region', 'aria-label': 'Upgrade', hidden: true });

  const seenKey = (upgrade) => `mailmoat.upgrade-report-seen.${upgrade?.id ?? ''}`;
  const reportSeen = (upgrade) => {
    try {
      return localStorage.getItem(seenKey(upgrade)) === '1';
    } catch {
      return false;
    }
  };

  function render() {
    const upgrade = store.get('upgrade');
    const state = upgradeBannerState(store.get('account'), upgrade, { reportSeen: reportSeen(upgrade) });
    element.hidden = !state;
    if (!state) {
      element.textContent = '';
      return;
    }
    element.dataset.kind = state.kind;
    fill(element,
      h('span', { class: 'banner-icon' }, icon('shield')),
      h('div', {}, h('h2', {}, state.title), h('p', {}, state.text)),
      h('a', { class: `btn ${state.kind === 'offer' ? 'btn-primary' : ''}`, id: 'upgrade-banner-action', href: router.href('upgrade') }, state.action));
    if (state.kind === 'completed') {
      // Once the report has been opened, Home stops asking.
      element.querySelector('#upgrade-banner-action').addEventListener('click', () => {
        try {
          localStorage.setItem(seenKey(upgrade), '1');
        } catch {
          // Private mode: the banner simply stays.
        }
      });
    }
  }

  store.on('account', render);
  store.on('upgrade', render);
  return { element, render };
}
