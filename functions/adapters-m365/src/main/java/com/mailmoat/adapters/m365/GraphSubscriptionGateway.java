package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.realtime.SubscriptionGateway;
import com.microsoft.graph.models.Subscription;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * {@link SubscriptionGateway} on Graph's {@code /subscriptions}: {@code created} messages of
 * {@code users/{id}/messages}, created with {@code Prefer: IdType="ImmutableId"} so every
 * notification names messages by their immutable ids (the ids detections are keyed by).
 */
public final class GraphSubscriptionGateway implements SubscriptionGateway {
    private final GraphCalls calls;

    GraphSubscriptionGateway(GraphCalls calls) {
        this.calls = calls;
    }

    @Override
    public Created create(String tenantId, Request request) {
        Subscription subscription = new Subscription();
        subscription.setChangeType("created");
        subscription.setResource("users/" + request.mailboxId() + "/messages");
        subscription.setNotificationUrl(request.notificationUrl());
        subscription.setLifecycleNotificationUrl(request.lifecycleNotificationUrl());
        subscription.setClientState(request.clientState());
        subscription.setExpirationDateTime(OffsetDateTime.ofInstant(request.expiresAt(), ZoneOffset.UTC));
        Subscription created = calls.run(tenantId, "create subscription", graph -> graph.subscriptions().post(subscription,
                r -> r.headers.add("Prefer", GraphMailboxGateway.IMMUTABLE_IDS)));
        if (created == null || created.getId() == null) {
            throw new MicrosoftException("Graph's subscription answer carries no id");
        }
        return new Created(created.getId(), expiry(created, request.expiresAt()));
    }

    @Override
    public Instant renew(String tenantId, String subscriptionId, Instant expiresAt) {
        Subscription patch = new Subscription();
        patch.setExpirationDateTime(OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
        Subscription renewed = calls.run(tenantId, "renew subscription",
                graph -> graph.subscriptions().bySubscriptionId(subscriptionId).patch(patch));
        return expiry(renewed, expiresAt);
    }

    @Override
    public void delete(String tenantId, String subscriptionId) {
        try {
            calls.run(tenantId, "delete subscription", graph -> {
                graph.subscriptions().bySubscriptionId(subscriptionId).delete();
                return null;
            });
        } catch (MicrosoftNotFoundException gone) {
            // Expired or removed already: deleted is what we wanted.
        }
    }

    private static Instant expiry(Subscription answer, Instant asked) {
        return answer != null && answer.getExpirationDateTime() != null ? answer.getExpirationDateTime().toInstant() : asked;
    }
}
