package com.mailmoat.core.exchange;

import com.mailmoat.core.policy.TargetedTo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transport rules Mailmoat wants in a tenant: mail from blocked senders goes to Exchange's hosted
 * quarantine before delivery, for the Targeted To recipients only.
 *
 * <p>Exchange ANDs different conditions and ORs the values of one condition, so "from these
 * addresses or these domains, to these users or members of these groups" takes one rule per
 * combination: blocked addresses ({@code From}) and blocked domains ({@code SenderDomainIs}), each
 * for everyone in the organisation ({@code SentToScope InOrganization}) or for the targeted users
 * ({@code SentTo}) and the targeted groups ({@code SentToMemberOf}). Every rule applies to mail from
 * outside only ({@code FromScope NotInOrganization}). Long lists are split into rules of at most
 * {@link #MAX_VALUES_PER_RULE} values (a rule's size is limited). An empty list keeps its rule with a
 * value that matches nothing, so Mailmoat's block of rules keeps its place at the top.
 */
public final class MailmoatRules {
    public static final int MAX_VALUES_PER_RULE = 100;
    /** Matches no real sender: the reserved .invalid top-level domain never resolves. */
    static final String NO_ADDRESS = "nobody@mailmoat.invalid";
    static final String NO_DOMAIN = "mailmoat.invalid";
    static final String COMMENTS = "Managed by Mailmoat: sends mail from senders blocked in Mailmoat's policy or found "
            + "malicious by its scans to the quarantine, for the recipients Mailmoat protects. Mailmoat keeps it up to "
            + "date and removes it when you leave; edits made here are overwritten.";

    /** One rule Mailmoat wants: its unique name and the parameters it must have. */
    public record DesiredRule(String name, Map<String, Object> parameters) {
        public DesiredRule {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    private MailmoatRules() {
    }

    /**
     * @param groupAddresses each targeted group's address for {@code SentToMemberOf} (its id when it has none)
     */
    public static List<DesiredRule> desired(TargetedTo targetedTo, List<String> groupAddresses, BlockedSenders senders) {
        List<Scope> scopes = new ArrayList<>();
        if (targetedTo.everyone()) {
            scopes.add(new Scope("", "SentToScope", "InOrganization"));
        } else {
            if (!targetedTo.users().isEmpty()) {
                scopes.add(new Scope(" (targeted users)", "SentTo", List.copyOf(targetedTo.users())));
            }
            if (!groupAddresses.isEmpty()) {
                scopes.add(new Scope(" (targeted groups)", "SentToMemberOf", List.copyOf(groupAddresses)));
            }
        }
        List<DesiredRule> rules = new ArrayList<>();
        for (Scope scope : scopes) {
            add(rules, "Mailmoat - blocked senders", scope, "From", senders.addresses(), NO_ADDRESS);
            add(rules, "Mailmoat - blocked domains", scope, "SenderDomainIs", senders.domains(), NO_DOMAIN);
        }
        return rules;
    }

    private record Scope(String suffix, String parameter, Object value) {
    }

    private static void add(List<DesiredRule> rules, String base, Scope scope, String condition, List<String> values,
                            String placeholder) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < values.size(); i += MAX_VALUES_PER_RULE) {
            chunks.add(values.subList(i, Math.min(values.size(), i + MAX_VALUES_PER_RULE)));
        }
        if (chunks.isEmpty()) {
            chunks.add(List.of(placeholder));
        }
        for (int i = 0; i < chunks.size(); i++) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("Comments", COMMENTS);
            parameters.put("FromScope", "NotInOrganization");
            parameters.put(scope.parameter(), scope.value());
            parameters.put(condition, List.copyOf(chunks.get(i)));
            parameters.put("Quarantine", true);
            rules.add(new DesiredRule(base + scope.suffix() + (i == 0 ? "" : " " + (i + 1)), parameters));
        }
    }
}
