package com.mailmoat.core.realtime;

import com.mailmoat.core.idempotency.IdempotencyStore;
import com.mailmoat.core.security.SecretTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook's work, which must fit in Graph's 3-second budget: each notification is checked
 * against the subscription it names (its {@code clientState} compared in constant time with the
 * stored hash; a wrong one is dropped and counted), claimed once (duplicates from Graph's retries or
 * its at-least-once delivery stop here) and queued; the check itself runs from the queue.
 */
public final class NotificationIntake {
    /** Longer than the webhook's own timeout, so a live request's claim never lapses. */
    static final Duration CLAIM_LEASE = Duration.ofSeconds(30);

    /** What a POST's notifications came to. */
    public record Result(int accepted, int duplicates, int rejected, int ignored) {
    }

    private final SubscriptionStore subscriptions;
    private final IdempotencyStore idempotency;
    private final MailEventQueue queue;
    private final SyncRequests syncs;
    private final RealTimeStats stats;
    private final Clock clock;

    public NotificationIntake(SubscriptionStore subscriptions, IdempotencyStore idempotency, MailEventQueue queue,
                              SyncRequests syncs, RealTimeStats stats, Clock clock) {
        this.subscriptions = subscriptions;
        this.idempotency = idempotency;
        this.queue = queue;
        this.syncs = syncs;
        this.stats = stats;
        this.clock = clock;
    }

    /**
     * Change notifications: new messages of our subscriptions are queued once each.
     *
     * @throws RuntimeException when they could not be queued (the webhook answers 5xx, Graph retries)
     */
    public Result changes(List<GraphNotification> notifications) {
        Instant now = clock.instant();
        Verifier verifier = new Verifier();
        List<MailEvent> events = new ArrayList<>();
        List<String> claimed = new ArrayList<>();
        int duplicates = 0;
        int ignored = 0;
        for (GraphNotification notification : notifications) {
            Optional<MailSubscription> subscription = verifier.verify(notification);
            if (subscription.isEmpty()) {
                continue;
            }
            String messageId = notification.messageId();
            if (!"created".equalsIgnoreCase(notification.changeType()) || messageId == null || messageId.isBlank()
                    || messageId.length() > 512) {
                ignored++;
                continue;
            }
            MailSubscription s = subscription.get();
            String key = "graph-notification#" + s.accountId() + "#" + s.mailboxId() + "#" + messageId;
            if (claimed.contains(key) || idempotency.claim(key, CLAIM_LEASE).status() != IdempotencyStore.Status.ACQUIRED) {
                // Done before, or another delivery of it holds the claim now (and answers Graph itself).
                duplicates++;
                continue;
            }
            claimed.add(key);
            events.add(new MailEvent(s.accountId(), s.subscriptionId(), s.mailboxId(), s.mailbox(), messageId, now));
        }
        if (!events.isEmpty()) {
            try {
                queue.enqueue(events);
            } catch (RuntimeException e) {
                claimed.forEach(idempotency::release);
                verifier.recordRejected(now);
                throw e;
            }
            claimed.forEach(key -> idempotency.complete(key, "queued"));
        }
        verifier.recordRejected(now);
        return new Result(events.size(), duplicates, verifier.rejected, ignored);
    }

    /** Lifecycle notifications: each known event of a verified subscription asks for a subscription sync. */
    public Result lifecycle(List<GraphNotification> notifications) {
        Verifier verifier = new Verifier();
        int accepted = 0;
        int ignored = 0;
        for (GraphNotification notification : notifications) {
            Optional<MailSubscription> subscription = verifier.verify(notification);
            if (subscription.isEmpty()) {
                continue;
            }
            SyncRequest.Reason reason = switch (String.valueOf(notification.lifecycleEvent())) {
                case "reauthorizationRequired" -> SyncRequest.Reason.REAUTHORIZATION_REQUIRED;
                case "subscriptionRemoved" -> SyncRequest.Reason.SUBSCRIPTION_REMOVED;
                case "missed" -> SyncRequest.Reason.MISSED;
                default -> null;
            };
            if (reason == null) {
                ignored++;
                continue;
            }
            syncs.request(new SyncRequest(subscription.get().accountId(), reason, subscription.get().subscriptionId()));
            accepted++;
        }
        verifier.recordRejected(clock.instant());
        return new Result(accepted, 0, verifier.rejected, ignored);
    }

    /** Checks notifications against our subscriptions, each looked up once per POST. */
    private final class Verifier {
        private final Map<String, Optional<MailSubscription>> known = new HashMap<>();
        private final Map<String, Integer> rejectedByAccount = new LinkedHashMap<>();
        int rejected;

        Optional<MailSubscription> verify(GraphNotification notification) {
            String id = notification.subscriptionId();
            Optional<MailSubscription> subscription = id == null || id.isBlank() || id.length() > 128 ? Optional.empty()
                    : known.computeIfAbsent(id, subscriptions::findById);
            String presented = notification.clientState() == null ? "" : notification.clientState();
            // Hashes of equal length compared in constant time: the stored secret leaks nothing by timing.
            boolean matches = subscription.isPresent()
                    && SecretTokens.equalsConstantTime(SecretTokens.hash(presented), subscription.get().clientStateHash());
            if (matches && notification.tenantId() != null && !notification.tenantId().isBlank()
                    && !notification.tenantId().equalsIgnoreCase(subscription.get().tenantId())) {
                matches = false;
            }
            if (!matches) {
                rejected++;
                subscription.ifPresent(s -> rejectedByAccount.merge(s.accountId(), 1, Integer::sum));
                return Optional.empty();
            }
            return subscription;
        }

        void recordRejected(Instant at) {
            rejectedByAccount.forEach((accountId, count) -> stats.recordRejected(accountId, at, count));
            rejectedByAccount.clear();
        }
    }
}
