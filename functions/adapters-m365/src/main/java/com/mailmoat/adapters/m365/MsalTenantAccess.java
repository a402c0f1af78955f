package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.TenantAccess;
import java.util.Set;

/** {@link TenantAccess} from the roles of MSAL's app-only tokens, and MSAL's per-tenant caches. */
final class MsalTenantAccess implements TenantAccess {
    private final AppTokens tokens;

    MsalTenantAccess(AppTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Set<String> grantedPermissions(String tenantId) {
        return tokens.grantedRoles(tenantId);
    }

    @Override
    public int forgetTokens(String tenantId) {
        return tokens.forget(tenantId);
    }
}
