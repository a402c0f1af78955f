package com.mailmoat.core.account;

/** Ends an account's link to its Microsoft 365 tenant (offboarding), so the tenant can be connected again. */
public interface TenantLinks {
    /**
     * Saves {@code account} (read at its version) without a tenant, releasing the tenant's claim.
     *
     * @throws ConcurrentUpdateException when the account changed since it was read
     */
    Account unlink(Account account);
}
