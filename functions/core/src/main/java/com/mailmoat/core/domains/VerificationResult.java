package com.mailmoat.core.domains;

import java.util.List;

/**
 * The outcome of looking for the verification record.
 *
 * @param domain   the domain
 * @param outcome  what was found
 * @param state    the domain's state afterwards
 * @param message  a sentence for the administrator
 * @param evidence the {@code mailmoat-verification=} records seen
 */
public record VerificationResult(String domain, Outcome outcome, DomainState state, String message,
                                 List<String> evidence) {

    public enum Outcome {
        /** The expected token is published: ownership proven. */
        VERIFIED,
        /** No verification record is published (yet). */
        ABSENT,
        /** A verification record is published, but with another token. */
        WRONG_TOKEN,
        /** DNS did not answer; try again later. */
        DNS_UNAVAILABLE,
        /** The domain was never added for this account. */
        UNKNOWN_DOMAIN
    }

    public VerificationResult {
        evidence = List.copyOf(evidence);
    }
}
