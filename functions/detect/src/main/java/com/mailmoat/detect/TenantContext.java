package com.mailmoat.detect;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the engine knows about the tenant that received the message, from the directory and
 * from policy. All matching is case-insensitive; values are normalised to lower case here.
 *
 * @param domains            the tenant's own (accepted) domains, e.g. {@code contoso.com}
 * @param users              internal users whose display names an outsider may imitate
 * @param vipNames           display names of executives and other people worth imitating
 * @param permittedSenders   addresses ({@code a@b.com}) or domains ({@code b.com}) always allowed
 * @param blockedSenders     addresses or domains always judged malicious
 * @param spoofingExceptions addresses or domains allowed to send as the tenant's own domains or
 *                           without passing authentication (e.g. a partner's mailing service)
 */
public record TenantContext(Set<String> domains, List<User> users, Set<String> vipNames,
                            Set<String> permittedSenders, Set<String> blockedSenders,
                            Set<String> spoofingExceptions) {

    /**
     * An internal user.
     *
     * @param displayName the name mail clients show, e.g. "Megan Bowen"
     * @param address     the user's primary address
     */
    public record User(String displayName, String address) {
        public User {
            displayName = displayName == null ? "" : displayName.strip();
            address = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        }
    }

    public TenantContext {
        domains = lower(domains);
        users = users == null ? List.of() : List.copyOf(users);
        vipNames = vipNames == null ? Set.of() : Set.copyOf(vipNames);
        permittedSenders = lower(permittedSenders);
        blockedSenders = lower(blockedSenders);
        spoofingExceptions = lower(spoofingExceptions);
    }

    /** A context with no tenant knowledge: only tenant-independent rules apply. */
    public static TenantContext empty() {
        return new TenantContext(Set.of(), List.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }

    private static Set<String> lower(Set<String> values) {
        if (values == null) {
            return Set.of();
        }
        return values.stream().filter(v -> v != null && !v.isBlank())
                .map(v -> v.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
