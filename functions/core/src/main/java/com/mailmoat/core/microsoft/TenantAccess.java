package com.mailmoat.core.microsoft;

import java.util.Set;

/**
 * What Mailmoat's app may do in a tenant, as Microsoft's app-only tokens say, and the tokens held
 * for it.
 */
public interface TenantAccess {

    /**
     * The application permissions granted in the tenant: the {@code roles} of Mailmoat's app-only
     * tokens for Graph and for Exchange Online (e.g. {@code Mail.Read}, {@code Exchange.ManageAsApp}).
     *
     * @throws MicrosoftAccessDeniedException when no token can be had at all (no consent)
     */
    Set<String> grantedPermissions(String tenantId);

    /** Forgets every access token this process holds for the tenant; returns how many token caches it dropped. */
    int forgetTokens(String tenantId);
}
