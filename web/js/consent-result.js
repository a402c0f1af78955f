// Landing page after the Microsoft consent round trip:
// /consent-result?status=connected or /consent-result?status=error&reason=<code>.
// Only known reason codes are shown, in our own words: nothing in the address bar is ever
// displayed, so a crafted link cannot put its text on Mailmoat's page.

import { icon } from './ui.js';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const status = query.get('status');

const REASONS = {
  no_session: 'Sign in to the Mailmoat console first, then connect Microsoft 365 from the dashboard.',
  invalid_state: 'This sign-in link is not valid any more: it was already used, has expired, or was started '
    + 'from another session. Start again from the dashboard.',
  denied_by_microsoft: 'Microsoft did not grant consent, so Mailmoat is not connected. You can try again '
    + 'whenever you are ready.',
  sign_in_failed: 'The Microsoft sign-in could not be completed. Start again from the dashboard.',
  not_global_admin: 'Only a Global Administrator of the Microsoft 365 tenant can connect it. Sign in with a '
    + 'Global Administrator account.',
  trial_tenant: 'Microsoft trial tenants are not supported. Connect a tenant with a paid Microsoft 365 subscription.',
  tenant_linked_elsewhere: 'This Microsoft 365 tenant is already connected to another Mailmoat account.',
  other_tenant: 'This account is connected to a different Microsoft 365 tenant. Sign in with an administrator '
    + 'of that tenant.',
};

$('connected-icon').append(icon('check'));
$('error-icon').append(icon('cross'));

if (status === 'connected') {
  $('consent-connected').hidden = false;
  document.title = 'Microsoft 365 connected · Mailmoat';
} else {
  // Anything other than a clear success is treated as a failure.
  const reason = query.get('reason');
  const message = Object.prototype.hasOwnProperty.call(REASONS, reason) ? REASONS[reason] : null;
  $('consent-message').textContent = message ?? 'The connection could not be completed. Start again from the dashboard.';
  $('consent-message').dataset.reason = message ? reason : 'unknown';
  $('consent-error').hidden = false;
  document.title = 'Microsoft 365 not connected · Mailmoat';
}
