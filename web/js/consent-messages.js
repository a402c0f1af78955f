// What the console says after the Microsoft consent round trip, by the reason code the callback
// sends back (/consent-result?status=error&reason=<code>). Only known codes are shown, in our own
// words: nothing else from the address bar is displayed. Each sentence carries its own advice, said once:
// the banner adds nothing generic under it.

export const CONSENT_REASONS = {
  no_session: 'Sign in to the Mailmoat console first, then connect Microsoft 365 from the Home page.',
  invalid_state: 'This Microsoft sign-in link is not valid any more: it was already used, has expired, or was started from another session. Start again with Connect to Microsoft 365.',
  denied_by_microsoft: 'Microsoft did not grant consent, so Mailmoat is not connected. To try again, choose Connect to Microsoft 365 and accept every permission Microsoft lists.',
  sign_in_failed: 'The Microsoft sign-in could not be completed. Start again with Connect to Microsoft 365.',
  not_global_admin: 'Only a Global Administrator of the Microsoft 365 tenant can connect it. Choose Connect to Microsoft 365 again and sign in to Microsoft with a Global Administrator account.',
  trial_tenant: 'Microsoft trial tenants are not supported. Connect a tenant with a paid Microsoft 365 subscription.',
  tenant_linked_elsewhere: 'This Microsoft 365 tenant is already connected to another Mailmoat account, so no consent was asked. That account\'s owner has been told of this attempt; ask your organisation who manages Mailmoat.',
  other_tenant: 'This account is connected to a different Microsoft 365 tenant. Sign in with an administrator of that tenant.',
};

const MODE_LABELS = { THREAT_SCAN_ONLY: 'Threat Scan only', MONITOR: 'Monitor', PROTECT: 'Protect', DISABLED: 'Disabled' };
const modeLabel = (mode) => MODE_LABELS[mode] ?? 'The current mode';

/**
 * A re-consent (the tenant is already connected: a mode change or an upgrade was waiting for it) that
 * Microsoft did not grant: nothing was disconnected, the mode in force stays, and what waited still waits.
 */
function reconsentDenied({ mode, pendingMode, upgradeMode }) {
  const waiting = upgradeMode
    ? `the upgrade to ${modeLabel(upgradeMode)} has not started`
    : pendingMode ? `the change to ${modeLabel(pendingMode)} was not applied` : 'nothing changed';
  const retry = upgradeMode
    ? 'To try again, choose Upgrade Now on the Upgrade page and accept every permission Microsoft lists.'
    : pendingMode ? 'To try again, use "Re-confirm Microsoft permissions" on the Protection page and accept every permission Microsoft lists.'
      : 'You can re-confirm permissions from the Protection page whenever you are ready.';
  return `Microsoft did not re-confirm Mailmoat's permissions, so ${waiting}. Mailmoat is still connected and ${modeLabel(mode)} stays in force. ${retry}`;
}

/**
 * The sentence for a failed consent with this reason code (ours, never text from the link).
 *
 * @param context what the console knows of the account: {connected, mode, pendingMode, upgradeMode}
 *   (upgradeMode: an upgrade waiting for consent). A connected tenant means the round trip was a
 *   re-consent, where "not connected" would be untrue.
 */
export function consentFailure(reason, context = {}) {
  if (context.connected && reason === 'denied_by_microsoft') return reconsentDenied(context);
  return Object.prototype.hasOwnProperty.call(CONSENT_REASONS, reason)
    ? CONSENT_REASONS[reason]
    : 'The connection could not be completed. Start again with Connect to Microsoft 365, sign in with a Global Administrator account and accept every permission Microsoft lists.';
}

/** The failure banner's heading: a refused re-consent did not disconnect anything. */
export function consentFailureHeading(context = {}) {
  return context.connected ? 'Microsoft permissions were not re-confirmed' : "We couldn't connect Microsoft 365";
}
