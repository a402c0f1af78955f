package com.mailmoat.core.checks;

import com.mailmoat.core.checks.spf.SpfRecord;
import com.mailmoat.core.checks.spf.SpfSyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the corrected SPF record from what a domain already publishes: its terms are kept (in
 * order, duplicates and invalid terms dropped, several records folded into one), the includes
 * asked for (Mailmoat's with outbound delivery, Microsoft's for an Exchange Online domain that
 * lacks it, or none) are added before the final {@code all}, and a permissive {@code +all} or
 * {@code ?all} becomes {@code ~all}. Merging rather than replacing keeps the domain's other
 * senders working.
 */
final class SpfRecordMerge {
    private SpfRecordMerge() {
    }

    /** One record holding the terms of {@code records} plus {@code includeMechanism}. */
    static String merge(List<String> records, String includeMechanism) {
        return merge(records, List.of(includeMechanism));
    }

    /** One record holding the terms of {@code records} plus {@code includeMechanisms} (maybe none). */
    static String merge(List<String> records, List<String> includeMechanisms) {
        Map<String, String> mechanisms = new LinkedHashMap<>();
        List<String> modifiers = new ArrayList<>();
        String all = null;
        String redirect = null;
        String explanation = null;
        for (String record : records) {
            for (String term : record.substring(Math.min(6, record.length())).split(" ")) {
                if (term.isEmpty() || !isValidTerm(term)) {
                    continue;
                }
                String lower = term.toLowerCase(Locale.ROOT);
                String unqualified = lower.replaceFirst("^[+]", "");
                if (unqualified.matches("[-~?]?all")) {
                    all = all == null ? term : all;
                } else if (lower.startsWith("redirect=")) {
                    redirect = redirect == null ? term : redirect;
                } else if (lower.startsWith("exp=")) {
                    explanation = explanation == null ? term : explanation;
                } else if (lower.matches("^[a-z][a-z0-9._-]*=.*")) {
                    if (!modifiers.contains(term)) {
                        modifiers.add(term);
                    }
                } else {
                    mechanisms.putIfAbsent(unqualified, term);
                }
            }
        }
        includeMechanisms.forEach(include -> mechanisms.putIfAbsent(include.toLowerCase(Locale.ROOT), include));
        List<String> terms = new ArrayList<>(List.of("v=spf1"));
        terms.addAll(mechanisms.values());
        if (all != null) {
            char qualifier = "-~".indexOf(all.charAt(0)) >= 0 ? all.charAt(0) : '~';
            terms.add(qualifier + "all");
        } else if (redirect != null) {
            terms.add(redirect);
        } else {
            terms.add("~all");
        }
        if (explanation != null) {
            terms.add(explanation);
        }
        terms.addAll(modifiers);
        return String.join(" ", terms);
    }

    /** {@code record} with the include, ending in {@code qualifier}all whatever it ended in. */
    static String withAll(String record, String includeMechanism, char qualifier) {
        return withAll(record, List.of(includeMechanism), qualifier);
    }

    /** {@code record} with {@code includeMechanisms} (maybe none), ending in {@code qualifier}all. */
    static String withAll(String record, List<String> includeMechanisms, char qualifier) {
        String merged = merge(List.of(record), includeMechanisms);
        return merged.replaceFirst("(?<= )[-~?+]?all(?= |$)", qualifier + "all");
    }

    private static boolean isValidTerm(String term) {
        try {
            SpfRecord.parse("v=spf1 " + term);
            return true;
        } catch (SpfSyntaxException e) {
            return false;
        }
    }
}
