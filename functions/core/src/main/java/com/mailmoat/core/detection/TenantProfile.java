package com.mailmoat.core.detection;

import java.util.List;
import java.util.Set;

/**
 * What Mailmoat knows about a tenant that helps judge its mail: its domains, its people (whose
 * names an outsider may imitate), from policy VIPs and sender lists, and the account it belongs to
 * (whose learned model, if any, the inspector applies: see {@code core.learning}).
 *
 * @param accountId    the Mailmoat account (null when unknown: rules only, no tenant model)
 * @param knownSenders the domains the account's mail has come from ({@link SenderHistory}); empty when
 *                     unknown, which turns the engine's first-contact checks off
 */
public record TenantProfile(Set<String> domains, List<Person> people, Set<String> vipNames,
                            Set<String> permittedSenders, Set<String> blockedSenders,
                            Set<String> spoofingExceptions, String accountId, Set<String> knownSenders) {

    /** One internal user: the name mail clients show and the primary address. */
    public record Person(String displayName, String address) {
    }

    public TenantProfile {
        domains = Set.copyOf(domains);
        people = List.copyOf(people);
        vipNames = Set.copyOf(vipNames);
        permittedSenders = Set.copyOf(permittedSenders);
        blockedSenders = Set.copyOf(blockedSenders);
        spoofingExceptions = Set.copyOf(spoofingExceptions);
        knownSenders = knownSenders == null ? Set.of() : Set.copyOf(knownSenders);
    }

    /** A profile without sender history. */
    public TenantProfile(Set<String> domains, List<Person> people, Set<String> vipNames, Set<String> permittedSenders,
                         Set<String> blockedSenders, Set<String> spoofingExceptions, String accountId) {
        this(domains, people, vipNames, permittedSenders, blockedSenders, spoofingExceptions, accountId, Set.of());
    }

    /** A profile not tied to an account (rules only). */
    public TenantProfile(Set<String> domains, List<Person> people, Set<String> vipNames, Set<String> permittedSenders,
                         Set<String> blockedSenders, Set<String> spoofingExceptions) {
        this(domains, people, vipNames, permittedSenders, blockedSenders, spoofingExceptions, null);
    }

    /** The same tenant with a recipient's sender lists (the organisation's plus the recipient's own). */
    public TenantProfile withSenderLists(Set<String> permitted, Set<String> blocked, Set<String> spoofing) {
        return new TenantProfile(domains, people, vipNames, permitted, blocked, spoofing, accountId, knownSenders);
    }

    /** The same tenant, known as account {@code id} (its learned model applies). */
    public TenantProfile withAccount(String id) {
        return new TenantProfile(domains, people, vipNames, permittedSenders, blockedSenders, spoofingExceptions, id,
                knownSenders);
    }

    /** The same tenant with the domains its mail has come from (see {@link SenderHistory}). */
    public TenantProfile withKnownSenders(Set<String> domains) {
        return new TenantProfile(this.domains, people, vipNames, permittedSenders, blockedSenders, spoofingExceptions,
                accountId, domains);
    }

    public static TenantProfile of(Set<String> domains, List<Person> people) {
        return new TenantProfile(domains, people, Set.of(), Set.of(), Set.of(), Set.of());
    }
}
