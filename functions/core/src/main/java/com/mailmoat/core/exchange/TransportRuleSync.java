package com.mailmoat.core.exchange;

import com.mailmoat.core.microsoft.MicrosoftException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes a tenant's Mailmoat transport rules what Mailmoat wants, touching nothing else. Every run
 * reads the rules first, so running it again after a crash creates nothing twice: a rule that exists
 * by name is changed (only when it differs), a missing one created, a Mailmoat rule no longer wanted
 * removed.
 */
public final class TransportRuleSync {
    private final ExchangeAdmin exchange;

    public TransportRuleSync(ExchangeAdmin exchange) {
        this.exchange = exchange;
    }

    /** What a run did. */
    public record Result(List<String> created, List<String> changed, List<String> removed, List<String> rules) {
        public boolean changedAnything() {
            return !created.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
        }
    }

    /**
     * @param atTop true (installing): Mailmoat's rules take priorities 0, 1, ... in order, above every
     *              other rule; false (keeping in sync): rules that exist stay where the administrator
     *              left them and new ones go right after the last Mailmoat rule
     */
    public Result apply(String tenantId, List<MailmoatRules.DesiredRule> desired, boolean atTop) {
        List<String> created = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        desired.forEach(rule -> wanted.add(rule.name().toLowerCase(Locale.ROOT)));
        List<TransportRule> current = exchange.transportRules(tenantId);
        // Rules no longer wanted first, so the positions below count only what stays.
        for (TransportRule rule : current) {
            if (rule.isMailmoat() && !wanted.contains(rule.name().toLowerCase(Locale.ROOT))) {
                remove(tenantId, rule.name());
                removed.add(rule.name());
            }
        }
        if (!removed.isEmpty()) {
            current = exchange.transportRules(tenantId);
        }
        int next = 0;
        for (MailmoatRules.DesiredRule rule : desired) {
            Optional<TransportRule> existing = find(current, rule.name());
            if (existing.isEmpty()) {
                int priority = atTop ? next : afterLastMailmoat(current);
                create(tenantId, rule, priority);
                created.add(rule.name());
                current = exchange.transportRules(tenantId);
            } else {
                Integer move = atTop && existing.get().priority() != next ? next : null;
                if (move != null || !existing.get().has(rule.parameters())) {
                    exchange.setTransportRule(tenantId, existing.get().name(), move,
                            existing.get().has(rule.parameters()) ? Map.of() : rule.parameters());
                    changed.add(rule.name());
                    current = exchange.transportRules(tenantId);
                }
            }
            next++;
        }
        return new Result(created, changed, removed, desired.stream().map(MailmoatRules.DesiredRule::name).toList());
    }

    /** Removes every Mailmoat rule (offboarding, or undoing a failed upgrade); returns their names. */
    public List<String> removeAll(String tenantId) {
        List<String> removed = new ArrayList<>();
        for (TransportRule rule : exchange.transportRules(tenantId)) {
            if (rule.isMailmoat()) {
                remove(tenantId, rule.name());
                removed.add(rule.name());
            }
        }
        return removed;
    }

    private void create(String tenantId, MailmoatRules.DesiredRule rule, int priority) {
        try {
            exchange.newTransportRule(tenantId, rule.name(), priority, rule.parameters());
        } catch (ExchangeCommandException e) {
            if (!e.alreadyExists()) {
                throw e;
            }
            // Created by an earlier attempt whose answer was lost: make it what we want instead.
            exchange.setTransportRule(tenantId, rule.name(), priority, rule.parameters());
        }
    }

    private void remove(String tenantId, String name) {
        try {
            exchange.removeTransportRule(tenantId, name);
        } catch (ExchangeCommandException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
    }

    private static int afterLastMailmoat(List<TransportRule> rules) {
        int last = -1;
        for (TransportRule rule : rules) {
            if (rule.isMailmoat()) {
                last = Math.max(last, rule.priority());
            }
        }
        return last + 1;
    }

    private static Optional<TransportRule> find(List<TransportRule> rules, String name) {
        return rules.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Whether the failure means Exchange itself said no (permission, role), not "try again". */
    static boolean refused(MicrosoftException e) {
        return e instanceof com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
    }
}
