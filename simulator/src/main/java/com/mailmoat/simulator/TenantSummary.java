package com.mailmoat.simulator;

import java.util.List;
import java.util.Map;

/**
 * A tenant's state at a glance, as {@code GET /_sim/tenants/{tenantId}/summary} returns it.
 *
 * @param mailboxes          users with a mailbox
 * @param messages           messages in all mailboxes and folders
 * @param messagesLast30Days messages with {@code receivedDateTime} ≥ now − 30 days, in any folder except the
 *                           quarantine folders counted by {@code quarantined} (what a Threat Scan covers
 *                           before anything was removed)
 * @param plantedThreats     messages the seed marked {@code "threat": true} (wherever they are now)
 * @param quarantined        messages now inside a folder an app created through Graph whose display
 *                           name starts with "Mailmoat" or "Quarantine" (case-insensitive), or inside
 *                           any folder below one: where Mailmoat's removal puts mail
 * @param graphRequests      Graph requests made with the tenant's tokens (each {@code $batch} item counts, the
 *                           envelope does not; throttled and refused ones count too)
 * @param mimeFetches        of those, successful {@code …/messages/{id}/$value} fetches
 * @param byMailbox          the same two counts per mailbox that saw a request, by lower-case user principal name
 * @param churn              what the {@code churn} fault did
 * @param subscriptions      the tenant's active (unexpired) Graph change-notification subscriptions
 * @param transportRules     Exchange transport rules
 * @param mailmoatRules      of those, rules whose name starts with "Mailmoat"
 * @param load               mail requests in flight at once (peak over the tenant and over any one of its
 *                           mailboxes) and refusals by Outlook's per-mailbox caps (concurrency, request budget;
 *                           the random {@code throttle} fault is not counted here), since the counters were zeroed
 */
public record TenantSummary(String tenantId, int mailboxes, int messages, int messagesLast30Days, int plantedThreats,
                            int quarantined, long graphRequests, long mimeFetches, Map<String, MailboxRequests> byMailbox,
                            Churn churn, int subscriptions, int transportRules, int mailmoatRules, Load load) {

    public TenantSummary {
        byMailbox = Map.copyOf(byMailbox);
        load = load == null ? new Load(0, 0, 0, 0) : load;
    }

    /** The summary without load figures, as it was before they were added. */
    public TenantSummary(String tenantId, int mailboxes, int messages, int messagesLast30Days, int plantedThreats,
                         int quarantined, long graphRequests, long mimeFetches, Map<String, MailboxRequests> byMailbox,
                         Churn churn, int subscriptions, int transportRules, int mailmoatRules) {
        this(tenantId, mailboxes, messages, messagesLast30Days, plantedThreats, quarantined, graphRequests, mimeFetches,
                byMailbox, churn, subscriptions, transportRules, mailmoatRules, null);
    }

    /**
     * @param peakInFlight           most mail requests of the tenant holding mailbox slots at once
     * @param peakInFlightPerMailbox most at once in any one mailbox (Outlook allows 4)
     * @param concurrencyRefusals    429 "MailboxConcurrency" answers caused by the cap (the client's own overlap)
     * @param budgetRefusals         429 "MailboxRequests" answers (10,000 per 10 minutes exceeded)
     */
    public record Load(long peakInFlight, long peakInFlightPerMailbox, long concurrencyRefusals, long budgetRefusals) {
    }

    /** The summary's first six figures, as it had them before the counters were added. */
    public TenantSummary(String tenantId, int mailboxes, int messages, int messagesLast30Days, int plantedThreats,
                         int quarantined) {
        this(tenantId, mailboxes, messages, messagesLast30Days, plantedThreats, quarantined, 0, 0, Map.of(),
                new Churn(List.of(), List.of(), List.of()), 0, 0, 0);
    }

    /** Graph requests and MIME fetches of one mailbox. */
    public record MailboxRequests(long graphRequests, long mimeFetches) {
    }

    /**
     * One change the churn fault made: {@code id} is the message's REST id before the change (for a
     * delivery, its new REST id), {@code newId} the REST id after a move (else null), {@code folder}
     * the destination folder's display name for a move (else null).
     */
    public record ChurnEvent(String userPrincipalName, String immutableId, String id, String newId, String folder) {
    }

    /** The churn fault's moves, deletions and deliveries, in order. */
    public record Churn(List<ChurnEvent> moved, List<ChurnEvent> deleted, List<ChurnEvent> delivered) {

        public Churn {
            moved = List.copyOf(moved);
            deleted = List.copyOf(deleted);
            delivered = List.copyOf(delivered);
        }
    }
}
