package com.mailmoat.core.account;

import java.util.Objects;

/**
 * What to erase: a closed account whole ({@code tenantId} null), or only what Mailmoat kept of the
 * Microsoft 365 tenant {@code tenantId} once the account was disconnected from it (offboarding), so
 * the account no longer shows that tenant's mail, people and findings.
 */
public record ErasureRequest(String accountId, String tenantId) {
    public ErasureRequest {
        Objects.requireNonNull(accountId, "accountId");
    }

    public static ErasureRequest wholeAccount(String accountId) {
        return new ErasureRequest(accountId, null);
    }

    public static ErasureRequest tenantData(String accountId, String tenantId) {
        return new ErasureRequest(accountId, Objects.requireNonNull(tenantId, "tenantId"));
    }

    public boolean isWholeAccount() {
        return tenantId == null;
    }
}
