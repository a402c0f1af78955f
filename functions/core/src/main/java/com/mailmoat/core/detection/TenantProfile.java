package com.mailmoat.core.detection;

import java.util.List;
import java.util.Set;

/**
 * What Mailmoat knows about a tenant that helps judge its mail: its domains, its people (whose
 * names an outsider may imitate) and, from policy, VIPs and sender lists.
 */
public record TenantProfile(Set<String> domains, List<Person> people, Set<String> vipNames,
                            Set<String> permittedSenders, Set<String> blockedSenders,
                            Set<String> spoofingExceptions) {

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
    }

    /** The same tenant with a recipient's sender lists (the organisation's plus the recipient's own). */
    public TenantProfile withSenderLists(Set<String> permitted, Set<String> blocked, Set<String> spoofing) {
        return new TenantProfile(domains, people, vipNames, permitted, blocked, spoofing);
    }

    public static TenantProfile of(Set<String> domains, List<Person> people) {
        return new TenantProfile(domains, people, Set.of(), Set.of(), Set.of(), Set.of());
    }
}
