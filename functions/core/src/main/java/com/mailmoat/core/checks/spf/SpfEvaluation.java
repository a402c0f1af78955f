package com.mailmoat.core.checks.spf;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one {@code check_host()} evaluation, with what an administrator needs to
 * understand it.
 *
 * @param result      the SPF result
 * @param explanation for FAIL, the domain's own explanation (its {@code exp=} text); else null
 * @param problem     for PERMERROR and TEMPERROR, what went wrong in words; for other results, null
 * @param dnsLookups  the DNS-querying terms evaluated (include, a, mx, ptr, exists, redirect); at
 *                    most {@value SpfEvaluator#MAX_DNS_TERMS} are allowed
 * @param voidLookups lookups that found nothing; at most {@value SpfEvaluator#MAX_VOID_LOOKUPS}
 * @param record      the SPF record found at the domain evaluated first, or null when there is none
 */
public record SpfEvaluation(SpfResult result, String explanation, String problem, int dnsLookups,
                            int voidLookups, String record) {

    public SpfEvaluation {
        Objects.requireNonNull(result, "result");
    }

    public Optional<String> explanationText() {
        return Optional.ofNullable(explanation);
    }
}
