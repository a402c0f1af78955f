// Home's upgrade banner: "Install Advanced Protection" with Upgrade Now while the account is in
// Threat Scan only; an upgrade or mode change waiting for Microsoft re-consent, with the button that
// re-confirms and the one that withdraws it; the upgrade's progress while it runs; the outcome once it
// has finished (with the rules pushed down to re-check). Follows 'upgrade' and 'account'.

import { describeError } from '../api.js';
import { h, fill, icon, announce, busy } from '../ui.js';
import { isConnected } from '../session.js';
import { upgradeProgress } from '../upgrade-steps.js';
import { MODES } from '../labels.js';
import { forWhom } from '../targets.js';
import { groupNamesFor } from './targets-picker.js';
import { RECONSENT_URL, withdrawPendingMode } from '../pages/protection.js';
import * as upgradeStatus from '../upgrade-status.js';
import * as store from '../store.js';
import * as router from '../router.js';

const label = (mode) => MODES[mode]?.label ?? mode;
/**
 * What the banner says for an account and its upgrade: null, or { kind, title, text, action, actions }.
 * `actions` are { label, href } links or { label, command } buttons (`cancel-upgrade`, `withdraw-mode`),
 * the first the primary one; `action` is the first one's label.
 */
export function upgradeBannerState(account, upgrade, { reportSeen = false, names = {} } = {}) {
  if (!account || !isConnected(account)) return null;
  const live = account.mode === 'MONITOR' || account.mode === 'PROTECT';
  const state = (kind, title, text, actions) => ({ kind, title, text, actions, action: actions[0].label });
  if (upgrade?.status === 'RUNNING') {
    const p = upgradeProgress(upgrade);
    return state('running', `Installing ${label(upgrade.mode)}: ${p.current ?? 'working'}…`,
      `${p.done} of ${p.total} steps done.`, [{ label: 'See progress', href: router.href('upgrade') }]);
  }
  if (upgrade?.status === 'PENDING_CONSENT' && !live) {
    return state('pending', `Waiting for you: the upgrade to ${label(upgrade.mode)}`,
      `You asked to upgrade to ${label(upgrade.mode)} for ${forWhom(upgrade.targetedTo, names)}. It starts once you re-confirm Mailmoat's Microsoft permissions (a Global Administrator signs in and accepts). Nothing has changed in Exchange Online yet.`,
      [{ label: 'Re-confirm Microsoft permissions', href: RECONSENT_URL },
        { label: 'Cancel upgrade request', command: 'cancel-upgrade' }]);
  }
  if (account.pendingMode) {
    return state('pending-mode', `Waiting for you: ${label(account.pendingMode)}`,
      `You asked for ${label(account.pendingMode)} for ${forWhom(account.pendingTargetedTo, names)}. It takes effect once you re-confirm Mailmoat's Microsoft permissions (a Global Administrator signs in and accepts). Until then, ${label(account.mode)} stays in force.`,
      [{ label: 'Re-confirm Microsoft permissions', href: RECONSENT_URL },
        { label: `Keep ${label(account.mode)}`, command: 'withdraw-mode' }]);
  }
  if (upgrade?.status === 'FAILED' && !live) {
    return state('failed', 'The upgrade did not finish', upgrade.error || 'See what stopped it and how to fix it.',
      [{ label: 'See why', href: router.href('upgrade') }]);
  }
  if (upgrade?.status === 'COMPLETED' && live && (upgrade.rulesPushedDown ?? []).length && !reportSeen) {
    return state('completed', 'Congratulations! The email configuration is complete',
      `${(upgrade.rulesPushedDown ?? []).length} of your transport rules moved down: check their order.`,
      [{ label: 'See the report', href: router.href('upgrade') }]);
  }
  if (account.mode === 'THREAT_SCAN_ONLY') {
    return state('offer', 'Install Advanced Protection',
      'Check new mail seconds after it arrives and stop known bad senders before delivery.',
      [{ label: 'Upgrade Now', href: router.href('upgrade') }]);
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

  const commands = {
    async 'cancel-upgrade'() {
      await upgradeStatus.cancelRequest();
      announce('The upgrade request is cancelled. Nothing was changed in Exchange Online.', 'success');
    },
    async 'withdraw-mode'() {
      const account = store.get('account');
      await withdrawPendingMode(account);
      announce(`The waiting change is withdrawn: ${label(account.mode)} stays in force.`, 'success');
    },
  };

  // Group names for a waiting change's Targeted To, looked up once per set of ids.
  let names = {};
  let namesAsked = '';
  function lookUpGroupNames(account, upgrade) {
    const ids = [...(account?.pendingTargetedTo?.groups ?? []), ...(upgrade?.targetedTo?.groups ?? [])];
    const key = [...new Set(ids)].sort().join(',');
    if (!key || key === namesAsked) return;
    namesAsked = key;
    groupNamesFor(ids).then((found) => {
      names = { ...names, ...found };
      render();
    }).catch(() => {
      // The banner counts the groups instead.
    });
  }

  function render() {
    const upgrade = store.get('upgrade');
    const account = store.get('account');
    lookUpGroupNames(account, upgrade);
    const state = upgradeBannerState(account, upgrade, { reportSeen: reportSeen(upgrade), names });
    element.hidden = !state;
    if (!state) {
      element.textContent = '';
      return;
    }
    element.dataset.kind = state.kind;
    const error = h('p', { class: 'inline-error', role: 'alert', hidden: true });
    const primary = state.kind === 'offer' || state.kind === 'pending' || state.kind === 'pending-mode';
    const actions = state.actions.map((action, index) => {
      const className = `btn ${index === 0 && primary ? 'btn-primary' : index > 0 ? 'btn-quiet' : ''}`;
      const id = index === 0 ? 'upgrade-banner-action' : `upgrade-banner-${action.command ?? index}`;
      if (action.href) return h('a', { class: className, id, href: action.href }, action.label);
      const button = h('button', { type: 'button', class: className, id }, action.label);
      button.addEventListener('click', async () => {
        const done = busy(button, action.command === 'cancel-upgrade' ? 'Cancelling…' : 'Saving…');
        error.hidden = true;
        try {
          await commands[action.command]();
        } catch (error_) {
          if (error_.status === 401) return;
          error.textContent = describeError(error_);
          error.hidden = false;
        } finally {
          if (button.isConnected) done();
        }
      });
      return button;
    });
    fill(element,
      h('span', { class: 'banner-icon' }, icon('shield')),
      h('div', {}, h('h2', {}, state.title), h('p', {}, state.text), error),
      h('div', { class: 'banner-actions' }, actions));
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
