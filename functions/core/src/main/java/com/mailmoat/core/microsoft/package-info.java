/**
 * Ports to Microsoft 365: mailboxes ({@link com.mailmoat.core.microsoft.MailboxGateway}), the
 * directory ({@link com.mailmoat.core.microsoft.DirectoryGateway}) and the sign-in / admin-consent
 * round trip ({@link com.mailmoat.core.microsoft.ConsentGateway}), their value types, and the
 * typed failures callers act on (throttled: retry after N; unavailable; not found; access denied;
 * consent rejected). Implemented with the Graph SDK and MSAL4J in {@code adapters-m365}.
 */
package com.mailmoat.core.microsoft;
