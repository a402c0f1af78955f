package com.mailmoat.core.realtime;

/**
 * One item of a Graph notification POST, as received (nothing in it is trusted until its
 * {@code clientState} matches the subscription's).
 *
 * @param changeType     {@code created}, {@code updated}, {@code deleted} (change notifications)
 * @param messageId      {@code resourceData.id}: the message (an immutable id for our subscriptions)
 * @param lifecycleEvent {@code reauthorizationRequired}, {@code subscriptionRemoved}, {@code missed} (lifecycle notifications)
 */
public record GraphNotification(String subscriptionId, String clientState, String tenantId, String changeType,
                                String messageId, String lifecycleEvent) {
}
