package com.mailmoat.core.account;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Stores accounts. Email addresses and Microsoft tenants are unique across accounts: the store
 * enforces that atomically, so two concurrent sign-ups for one address cannot both succeed.
 */
public interface AccountRepository {

    /** Creates the account unless its (normalised) email already belongs to one; false if it does. */
    boolean create(Account account);

    Optional<Account> findById(String accountId);

    /** Finds by normalised email with a strongly consistent key lookup (no scan). */
    Optional<Account> findByEmail(String normalisedEmail);

    /**
     * Saves changes made to an account read at {@code account.version()}.
     *
     * @throws ConcurrentUpdateException when someone else saved it first
     */
    Account update(Account account);

    /** How often {@link #update(String, UnaryOperator)} reads and applies its change before it gives up. */
    int UPDATE_ATTEMPTS = 5;

    /**
     * Reads the account, applies {@code change} and saves the result; when someone else saved first (a sign-in, a
     * mode switch), reads it again and applies the change to what they saved. The change may therefore run more than
     * once: it must only compute the new account, with side effects left to the caller once this returns. A change
     * that returns the very account it was given saves nothing.
     *
     * @return the account as last read and as stored now; empty when there is no such account
     * @throws ConcurrentUpdateException when it kept changing for {@value #UPDATE_ATTEMPTS} attempts
     */
    default Optional<AccountChange> update(String accountId, UnaryOperator<Account> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<Account> read = findById(accountId);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            Account changed = change.apply(read.get());
            if (changed == read.get()) {
                return Optional.of(new AccountChange(read.get(), read.get()));
            }
            try {
                return Optional.of(new AccountChange(read.get(), update(changed)));
            } catch (ConcurrentUpdateException e) {
                if (attempt >= UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Links a Microsoft 365 tenant to the account, atomically claiming the tenant.
     *
     * @return false when the tenant is already linked to another account
     */
    boolean linkTenant(Account account);

    /**
     * Deletes what the store keeps of a closed account: its email claim (so the address can sign up
     * again), every other item of the account (credential listings, branding) and its profile, last.
     * Repeatable.
     */
    void erase(Account account);

    /**
     * The account a Microsoft 365 tenant is linked to, if any (a strongly consistent key lookup of
     * the tenant's claim; tenant ids compare case-insensitively).
     */
    Optional<String> tenantOwner(String tenantId);

    /** The ids of every account with a connected tenant (for daily jobs; a full pass over the accounts). */
    java.util.List<String> connectedAccountIds();
}
