package com.mailmoat.core.realtime;

import java.time.Instant;

/**
 * Graph's {@code /subscriptions} for new mail of one mailbox (application permission Mail.Read):
 * creation runs Microsoft's validation handshake against the notification URLs, so they must be
 * answering when this is called. Failures are the core's Microsoft exceptions; a subscription
 * Microsoft no longer has is {@link com.mailmoat.core.microsoft.MicrosoftNotFoundException}.
 */
public interface SubscriptionGateway {

    /** What to subscribe to. */
    record Request(String mailboxId, String notificationUrl, String lifecycleNotificationUrl, String clientState,
                   Instant expiresAt) {
    }

    /** What Graph created: its id and the expiry it granted. */
    record Created(String subscriptionId, Instant expiresAt) {
    }

    /**
     * Subscribes to {@code created} messages of the mailbox ({@code /users/{id}/messages}); the
     * notifications carry immutable message ids.
     */
    Created create(String tenantId, Request request);

    /** Extends the subscription (which also reauthorizes it); returns the granted expiry. */
    Instant renew(String tenantId, String subscriptionId, Instant expiresAt);

    /** Deletes it; one Microsoft no longer has counts as deleted. */
    void delete(String tenantId, String subscriptionId);
}
