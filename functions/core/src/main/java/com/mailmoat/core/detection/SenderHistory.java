package com.mailmoat.core.detection;

import java.util.Collection;
import java.util.Set;

/**
 * The domains an account's mail has come from, as far as Mailmoat has seen it (scans and real-time
 * checks remember the senders of mail they found nothing wrong with). With it, the engine can tell
 * a first contact from a correspondent, and a lookalike of a correspondent's domain from a new
 * company. Stored per account, bounded by {@link TenantProfiles}.
 */
public interface SenderHistory {
    /** The sender domains remembered for the account (lower case); empty when none are. */
    Set<String> knownDomains(String accountId);

    /** Adds sender domains (lower case); adding one that is already known changes nothing. */
    void remember(String accountId, Collection<String> domains);

    /** No history kept: first-contact checks stay off. */
    SenderHistory NONE = new SenderHistory() {
        @Override
        public Set<String> knownDomains(String accountId) {
            return Set.of();
        }

        @Override
        public void remember(String accountId, Collection<String> domains) {
            // nothing kept
        }
    };
}
