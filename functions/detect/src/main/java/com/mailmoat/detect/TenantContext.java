package com.mailmoat.detect;

import com.mailmoat.detect.model.DetectionModel;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the engine knows about the tenant that received the message, from the directory, from
 * policy and from the tenant's mail history. All matching is case-insensitive; values are
 * normalised to lower case here. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * TenantContext ctx = TenantContext.builder()
 *         .domains(Set.of("contoso.com"))                      // accepted domains
 *         .users(List.of(new TenantContext.User("Megan Bowen", "megan@contoso.com")))
 *         .vipNames(Set.of("Megan Bowen"))                     // executives worth imitating
 *         .permittedSenders(policy.allowed()).blockedSenders(policy.blocked())
 *         .spoofingExceptions(policy.spoofingExceptions())
 *         .knownSenders(history.correspondents())              // enables first-contact checks
 *         .model(tenantModel)                                  // optional learning layer
 *         .build();
 * }</pre>
 *
 * @param domains            the tenant's own (accepted) domains, e.g. {@code contoso.com}
 * @param users              internal users whose display names an outsider may imitate
 * @param vipNames           display names of executives and other people worth imitating
 * @param permittedSenders   addresses ({@code a@b.com}) or domains ({@code b.com}) always allowed
 * @param blockedSenders     addresses or domains always judged malicious
 * @param spoofingExceptions addresses or domains allowed to send as the tenant's own domains or
 *                           without passing authentication (e.g. a partner's mailing service)
 * @param knownSenders       addresses or domains that have mailed the tenant before (or that the
 *                           tenant has written to). Empty means the history is unknown, and
 *                           first-contact checks are off; non-empty, a sender not on it is a
 *                           first contact.
 * @param model              the learning layer to apply (a base model or a tenant's layer over
 *                           one), or null for rules alone. Not part of the context's JSON form
 *                           (a model travels as its own bytes: {@link DetectionModel#toBytes()})
 */
public record TenantContext(Set<String> domains, List<User> users, Set<String> vipNames,
                            Set<String> permittedSenders, Set<String> blockedSenders,
                            Set<String> spoofingExceptions, Set<String> knownSenders,
                            @com.fasterxml.jackson.annotation.JsonIgnore DetectionModel model) {

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
        knownSenders = lower(knownSenders);
    }

    /** The context of the first version (no sender history, no model): kept for existing callers. */
    public TenantContext(Set<String> domains, List<User> users, Set<String> vipNames, Set<String> permittedSenders,
                         Set<String> blockedSenders, Set<String> spoofingExceptions) {
        this(domains, users, vipNames, permittedSenders, blockedSenders, spoofingExceptions, Set.of(), null);
    }

    /** A context with no tenant knowledge: only tenant-independent rules apply. */
    public static TenantContext empty() {
        return EMPTY;
    }

    private static final TenantContext EMPTY = new TenantContext(Set.of(), List.of(), Set.of(), Set.of(), Set.of(),
            Set.of(), Set.of(), null);

    /** A builder starting from no knowledge. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this context (to change one field, e.g. the model). */
    public Builder toBuilder() {
        return new Builder().domains(domains).users(users).vipNames(vipNames).permittedSenders(permittedSenders)
                .blockedSenders(blockedSenders).spoofingExceptions(spoofingExceptions).knownSenders(knownSenders)
                .model(model);
    }

    /** This context with another model (null: rules alone). */
    public TenantContext withModel(DetectionModel m) {
        return new TenantContext(domains, users, vipNames, permittedSenders, blockedSenders, spoofingExceptions,
                knownSenders, m);
    }

    /** True when the sender history is known (first-contact checks apply). */
    public boolean knowsSenderHistory() {
        return !knownSenders.isEmpty();
    }

    private static Set<String> lower(Collection<String> values) {
        if (values == null) {
            return Set.of();
        }
        return values.stream().filter(v -> v != null && !v.isBlank())
                .map(v -> v.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Builds a {@link TenantContext}; every field is optional. Not thread-safe. */
    public static final class Builder {
        private Set<String> domains = Set.of();
        private List<User> users = List.of();
        private Set<String> vipNames = Set.of();
        private Set<String> permittedSenders = Set.of();
        private Set<String> blockedSenders = Set.of();
        private Set<String> spoofingExceptions = Set.of();
        private Set<String> knownSenders = Set.of();
        private DetectionModel model;

        private Builder() {
        }

        public Builder domains(Collection<String> v) {
            domains = copy(v);
            return this;
        }

        public Builder users(Collection<User> v) {
            users = v == null ? List.of() : List.copyOf(v);
            return this;
        }

        public Builder vipNames(Collection<String> v) {
            vipNames = copy(v);
            return this;
        }

        public Builder permittedSenders(Collection<String> v) {
            permittedSenders = copy(v);
            return this;
        }

        public Builder blockedSenders(Collection<String> v) {
            blockedSenders = copy(v);
            return this;
        }

        public Builder spoofingExceptions(Collection<String> v) {
            spoofingExceptions = copy(v);
            return this;
        }

        /** Addresses or domains the tenant has exchanged mail with; see {@link TenantContext#knownSenders()}. */
        public Builder knownSenders(Collection<String> v) {
            knownSenders = copy(v);
            return this;
        }

        /** The learning layer to apply, or null for rules alone. */
        public Builder model(DetectionModel v) {
            model = v;
            return this;
        }

        public TenantContext build() {
            return new TenantContext(domains, users, vipNames, permittedSenders, blockedSenders, spoofingExceptions,
                    knownSenders, model);
        }

        private static Set<String> copy(Collection<String> v) {
            if (v == null) {
                return Set.of();
            }
            Set<String> out = new LinkedHashSet<>();
            for (String s : v) {
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
    }
}
