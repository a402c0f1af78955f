package com.mailmoat.core.account;

import com.mailmoat.core.policy.TargetedTo;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A customer account: one administrator's console login and, once consent is granted, one
 * Microsoft 365 tenant ({@code tenantName} is its organization's display name, when Microsoft
 * gave one). {@code version} guards concurrent updates (optimistic locking).
 *
 * <p>{@code mode} applies to the recipients in {@code targetedTo}; a requested change waits in
 * {@code pendingMode}/{@code pendingTargetedTo} until the administrator re-confirms Microsoft
 * permissions.
 *
 * <p>{@code closedAt} marks an account its administrator closed: nobody signs in to it any more and
 * its data is being erased (the profile goes last).
 */
public record Account(
        String accountId,
        String email,
        String company,
        Region region,
        Mode mode,
        Instant createdAt,
        Instant trialEndsAt,
        String passwordHash,
        Instant passwordSetAt,
        String tenantId,
        List<String> tenantDomains,
        long version,
        TargetedTo targetedTo,
        Mode pendingMode,
        TargetedTo pendingTargetedTo,
        String tenantName,
        Instant closedAt) {

    public Account {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(mode, "mode");
        tenantDomains = tenantDomains == null ? List.of() : List.copyOf(tenantDomains);
        targetedTo = targetedTo == null ? TargetedTo.EVERYONE : targetedTo;
    }

    public Account(String accountId, String email, String company, Region region, Mode mode, Instant createdAt,
                   Instant trialEndsAt, String passwordHash, Instant passwordSetAt, String tenantId,
                   List<String> tenantDomains, long version) {
        this(accountId, email, company, region, mode, createdAt, trialEndsAt, passwordHash, passwordSetAt, tenantId,
                tenantDomains, version, TargetedTo.EVERYONE, null, null, null);
    }

    /** An open account. */
    public Account(String accountId, String email, String company, Region region, Mode mode, Instant createdAt,
                   Instant trialEndsAt, String passwordHash, Instant passwordSetAt, String tenantId,
                   List<String> tenantDomains, long version, TargetedTo targetedTo, Mode pendingMode,
                   TargetedTo pendingTargetedTo, String tenantName) {
        this(accountId, email, company, region, mode, createdAt, trialEndsAt, passwordHash, passwordSetAt, tenantId,
                tenantDomains, version, targetedTo, pendingMode, pendingTargetedTo, tenantName, null);
    }

    /** An account without a tenant name (as stored before names were kept). */
    public Account(String accountId, String email, String company, Region region, Mode mode, Instant createdAt,
                   Instant trialEndsAt, String passwordHash, Instant passwordSetAt, String tenantId,
                   List<String> tenantDomains, long version, TargetedTo targetedTo, Mode pendingMode,
                   TargetedTo pendingTargetedTo) {
        this(accountId, email, company, region, mode, createdAt, trialEndsAt, passwordHash, passwordSetAt, tenantId,
                tenantDomains, version, targetedTo, pendingMode, pendingTargetedTo, null);
    }

    /** A freshly signed-up account: no password yet, a 30-day trial, Threat Scan only. */
    public static Account signedUp(String accountId, String email, String company, Region region, Instant now) {
        return new Account(accountId, email, company, region, Mode.THREAT_SCAN_ONLY, now,
                now.plus(java.time.Duration.ofDays(30)), null, null, null, List.of(), 0);
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public boolean isTenantLinked() {
        return tenantId != null;
    }

    /** How the connected tenant is named to people: its organisation's name, else its first domain, else its id. */
    public String tenantLabel() {
        return tenantName != null ? tenantName : tenantDomains.isEmpty() ? tenantId : tenantDomains.get(0);
    }

    /** Renamed by its administrator (already normalised by {@link CompanyNames}). */
    public Account withCompany(String name) {
        return new Account(accountId, email, name, region, mode, createdAt, trialEndsAt, passwordHash, passwordSetAt,
                tenantId, tenantDomains, version, targetedTo, pendingMode, pendingTargetedTo, tenantName, closedAt);
    }

    public Account withPassword(String hash, Instant setAt) {
        return new Account(accountId, email, company, region, mode, createdAt, trialEndsAt, hash, setAt,
                tenantId, tenantDomains, version, targetedTo, pendingMode, pendingTargetedTo, tenantName, closedAt);
    }

    public Account withTenant(String linkedTenantId, List<String> domains) {
        return withTenant(linkedTenantId, domains, null);
    }

    /** Linked to a tenant, with its organization's display name (null when unknown). */
    public Account withTenant(String linkedTenantId, List<String> domains, String name) {
        return new Account(accountId, email, company, region, mode, createdAt, trialEndsAt, passwordHash,
                passwordSetAt, linkedTenantId, domains, version, targetedTo, pendingMode, pendingTargetedTo, name,
                closedAt);
    }

    public Account withVersion(long newVersion) {
        return new Account(accountId, email, company, region, mode, createdAt, trialEndsAt, passwordHash,
                passwordSetAt, tenantId, tenantDomains, newVersion, targetedTo, pendingMode, pendingTargetedTo,
                tenantName, closedAt);
    }

    /** A mode change waiting for the administrator to re-confirm Microsoft permissions. */
    public Account withPendingMode(Mode mode, TargetedTo targeted) {
        return new Account(accountId, email, company, region, this.mode, createdAt, trialEndsAt, passwordHash,
                passwordSetAt, tenantId, tenantDomains, version, targetedTo, mode, targeted, tenantName, closedAt);
    }

    /** The mode in force (and nothing pending). */
    public Account withMode(Mode applied, TargetedTo targeted) {
        return new Account(accountId, email, company, region, applied, createdAt, trialEndsAt, passwordHash,
                passwordSetAt, tenantId, tenantDomains, version, targeted, null, null, tenantName, closedAt);
    }

    /** Closed by its administrator at {@code at}: its data is to be erased. */
    public Account closed(Instant at) {
        return new Account(accountId, email, company, region, mode, createdAt, trialEndsAt, passwordHash,
                passwordSetAt, tenantId, tenantDomains, version, targetedTo, pendingMode, pendingTargetedTo, tenantName,
                Objects.requireNonNull(at, "at"));
    }

    public boolean isClosed() {
        return closedAt != null;
    }

    public boolean hasPendingMode() {
        return pendingMode != null;
    }
}
