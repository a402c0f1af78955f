// The result of the Microsoft consent round trip, shown at the top of Home: the callback sends
// the browser to /consent-result, which forwards here as /?consent=connected or
// /?consent=error&reason=<code>; only known reason codes are put in words (consent-messages.js),
// nothing else from the address is shown.

import { h, icon } from '../ui.js';
import { consentFailure, consentFailureHeading } from '../consent-messages.js';

/** Reads (and removes from the address bar) the consent result, if the page was opened with one. */
export function takeConsentResult() {
  const query = new URLSearchParams(location.search);
  const status = query.get('consent');
  if (!status) return null;
  const result = { connected: status === 'connected', reason: query.get('reason') };
  for (const key of ['consent', 'reason', 'message']) query.delete(key);
  const rest = query.toString();
  history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  return result;
}

const FIRST_CONSENT_TEXT = 'Mailmoat has the access it needs. Your Threat Scan of the last 30 days of mail has started: follow it below. We will also email you the report when it finishes.';
const FIRST_SCAN_DONE_TEXT = 'Mailmoat has the access it needs. Your Threat Scan of the last 30 days of mail has finished: see what it found below.';

/**
 * After a re-consent (an upgrade or a mode change waiting for it) the first-consent sentence about
 * the Threat Scan would be wrong: what re-consent started, in words, or null for a first consent.
 */
export function reconsentText(account, upgrade, now = Date.now()) {
  const recent = (iso) => iso && now - Date.parse(iso) < 15 * 60 * 1000;
  if (upgrade?.status === 'RUNNING') {
    return 'Mailmoat has the access it needs and is installing the upgrade: follow it on the Upgrade page.';
  }
  if (upgrade?.status === 'COMPLETED' && recent(upgrade.finishedAt)) {
    return 'Mailmoat has the access it needs, and the upgrade is installed.';
  }
  if (account && account.mode && account.mode !== 'THREAT_SCAN_ONLY' && !account.pendingMode) {
    return 'Mailmoat has the access it needs, and your protection mode change is in force.';
  }
  return null;
}

/**
 * Keeps a connected banner's sentence true as things move on: what a re-consent started, or for a
 * first consent whether its Threat Scan is still running (no-op without a banner).
 */
export function updateConsentText(banner, account, upgrade, scan) {
  const p = banner?.querySelector?.('#consent-connected-text');
  if (!p) return;
  const finished = scan?.status && scan.status !== 'RUNNING';
  p.textContent = reconsentText(account, upgrade) ?? (finished ? FIRST_SCAN_DONE_TEXT : FIRST_CONSENT_TEXT);
}

/** What a failure message needs to know of the account (connected: the round trip was a re-consent). */
export function consentContext(account, upgrade) {
  if (!account?.tenantId && !account?.connected) return {};
  return {
    connected: true,
    mode: account.mode,
    pendingMode: account.pendingMode ?? null,
    upgradeMode: upgrade?.status === 'PENDING_CONSENT' ? upgrade.mode : null,
  };
}

/** Words a failure banner for the account as it is now (a refused re-consent is not "not connected"). */
export function updateConsentFailure(banner, account, upgrade) {
  const p = banner?.querySelector?.('#consent-message');
  if (!p) return;
  const context = consentContext(account, upgrade);
  p.textContent = consentFailure(p.dataset.reason, context);
  const heading = banner.querySelector('h2');
  if (heading) heading.textContent = consentFailureHeading(context);
}

/** The banner for a consent result (null for none). */
export function consentBanner(result) {
  if (!result) return null;
  const dismiss = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Dismiss this message' }, icon('cross'));
  const banner = result.connected
    ? h('div', { class: 'banner banner-success', id: 'consent-connected', role: 'status', 'data-testid': 'consent-result' },
      h('span', { class: 'banner-icon' }, icon('check')),
      h('div', {},
        h('h2', {}, 'Microsoft 365 is connected'),
        h('p', { id: 'consent-connected-text' }, FIRST_CONSENT_TEXT)),
      dismiss)
    : h('div', { class: 'banner banner-error', id: 'consent-error', role: 'alert', 'data-testid': 'consent-result', 'data-reason': result.reason ?? null },
      h('span', { class: 'banner-icon' }, icon('alert')),
      h('div', {},
        h('h2', {}, "We couldn't connect Microsoft 365"),
        h('p', { id: 'consent-message', 'data-reason': result.reason ?? 'unknown' }, consentFailure(result.reason))),
      dismiss);
  dismiss.addEventListener('click', () => banner.remove());
  return banner;
}
