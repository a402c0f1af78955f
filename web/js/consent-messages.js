// What the console says after the Microsoft consent round trip, by the reason code the callback
// sends back (/consent-result?status=error&reason=<code>&message=<text>). Shared by the Home
// page banner and the consent-result page.

export const CONSENT_REASONS = {
  no_session: 'Sign in to the Mailmoat console first, then connect Microsoft 365 from the Home page.',
  invalid_state: 'This Microsoft sign-in link is not valid any more: it was already used, has expired, or was started from another session. Start again with Connect to Microsoft 365.',
  denied_by_microsoft: 'Microsoft did not grant consent, so Mailmoat is not connected. You can try again whenever you are ready.',
  sign_in_failed: 'The Microsoft sign-in could not be completed. Start again with Connect to Microsoft 365.',
  not_global_admin: 'Only a Global Administrator of the Microsoft 365 tenant can connect it. Sign in with a Global Administrator account.',
  trial_tenant: 'Microsoft trial tenants are not supported. Connect a tenant with a paid Microsoft 365 subscription.',
  tenant_linked_elsewhere: 'This Microsoft 365 tenant is already connected to another Mailmoat account.',
  other_tenant: 'This account is connected to a different Microsoft 365 tenant. Sign in with an administrator of that tenant.',
};

/** The sentence for a failed consent: the server's message when given, else ours for the reason. */
export function consentFailure(reason, message) {
  const text = (message ?? '').trim().slice(0, 500);
  return text || CONSENT_REASONS[reason] || 'Microsoft 365 was not connected. No reason was given.';
}
