package com.mailmoat.core.checks;

import java.util.List;
import java.util.Objects;

/**
 * One setup check for one domain, as the console and the upgrade prerequisites show it.
 *
 * @param id       stable identifier: the check and the domain, e.g. {@code spf:contoso.example}
 * @param status   PASS, WARN, FAIL, or ERROR when DNS could not be asked
 * @param message  what we found and what it means, in a sentence or two for a non-expert
 * @param evidence the DNS records seen, as {@code name TYPE value}
 * @param fix      the record value to publish to put things right, or null when none is needed
 *                 or none can be computed
 * @param fixName  the DNS name where {@code fix} goes (a TXT record), or null when there is no fix
 * @param fixWhen  null when {@code fix} can be published now; otherwise what must be true first, as the
 *                 end of "Publish this record once …" (moving DMARC from p=none to p=quarantine waits
 *                 for the reports: publishing it at once can send the domain's own mail to spam)
 */
public record Check(String id, CheckStatus status, String message, List<String> evidence, String fix,
                    String fixName, String fixWhen) {

    public Check {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        if ((fix == null) != (fixName == null)) {
            throw new IllegalArgumentException("fix and fixName go together");
        }
        if (fixWhen != null && fix == null) {
            throw new IllegalArgumentException("fixWhen needs a fix");
        }
    }

    /** A check whose fix, if any, can be published now. */
    public Check(String id, CheckStatus status, String message, List<String> evidence, String fix, String fixName) {
        this(id, status, message, evidence, fix, fixName, null);
    }

    static Check withoutFix(String id, CheckStatus status, String message, List<String> evidence) {
        return new Check(id, status, message, evidence, null, null);
    }
}
