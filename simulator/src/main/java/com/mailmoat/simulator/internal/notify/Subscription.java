package com.mailmoat.simulator.internal.notify;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Graph change-notification subscription on a mailbox's messages (all folders, or one folder).
 * {@code immutableIds} records whether it was created with {@code Prefer: IdType="ImmutableId"}: its
 * notifications then carry immutable ids.
 */
public final class Subscription {

    private final String id;
    private final String tenantId;
    private final String applicationId;
    private final String creatorId;
    private final String resource;
    private final String userId;
    private final String folderId;
    private final Set<String> changeTypes;
    private final String changeType;
    private final String notificationUrl;
    private final String lifecycleNotificationUrl;
    private final String clientState;
    private final String latestSupportedTlsVersion;
    private final boolean immutableIds;
    private volatile Instant expirationDateTime;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    Subscription(String id, String tenantId, String applicationId, String creatorId, String resource, String userId,
                 String folderId, Set<String> changeTypes, String changeType, String notificationUrl,
                 String lifecycleNotificationUrl, String clientState, String latestSupportedTlsVersion,
                 boolean immutableIds, Instant expirationDateTime) {
        this.id = id;
        this.tenantId = tenantId;
        this.applicationId = applicationId;
        this.creatorId = creatorId;
        this.resource = resource;
        this.userId = userId;
        this.folderId = folderId;
        this.changeTypes = Set.copyOf(changeTypes);
        this.changeType = changeType;
        this.notificationUrl = notificationUrl;
        this.lifecycleNotificationUrl = lifecycleNotificationUrl;
        this.clientState = clientState;
        this.latestSupportedTlsVersion = latestSupportedTlsVersion;
        this.immutableIds = immutableIds;
        this.expirationDateTime = expirationDateTime;
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String applicationId() {
        return applicationId;
    }

    public String creatorId() {
        return creatorId;
    }

    /** The resource as the creator wrote it. */
    public String resource() {
        return resource;
    }

    public String userId() {
        return userId;
    }

    /** The one folder watched, or null for every folder of the mailbox. */
    public String folderId() {
        return folderId;
    }

    public Set<String> changeTypes() {
        return changeTypes;
    }

    /** The change types as the creator wrote them ({@code created,updated}). */
    public String changeType() {
        return changeType;
    }

    public String notificationUrl() {
        return notificationUrl;
    }

    public String lifecycleNotificationUrl() {
        return lifecycleNotificationUrl;
    }

    public String clientState() {
        return clientState;
    }

    public String latestSupportedTlsVersion() {
        return latestSupportedTlsVersion;
    }

    public boolean immutableIds() {
        return immutableIds;
    }

    public Instant expirationDateTime() {
        return expirationDateTime;
    }

    void expirationDateTime(Instant value) {
        expirationDateTime = value;
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(expirationDateTime);
    }

    public long notificationsSent() {
        return sent.get();
    }

    public long notificationsFailed() {
        return failed.get();
    }

    public long notificationsDropped() {
        return dropped.get();
    }
}
