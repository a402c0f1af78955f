package com.mailmoat.testkit;

import com.mailmoat.core.microsoft.MicrosoftException;
import com.mailmoat.core.microsoft.MicrosoftNotFoundException;
import com.mailmoat.core.microsoft.MicrosoftThrottledException;
import com.mailmoat.core.realtime.SubscriptionGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Graph's {@code /subscriptions} in memory: refuses an expiry beyond {@link #maxLifetime} as Graph
 * does ("Subscription expiration can only be N minutes in the future."), forgets expired ones, and
 * can be throttled for a number of calls.
 */
public final class FakeGraphSubscriptions implements SubscriptionGateway {
    /** A live subscription at "Microsoft". */
    public record Live(String tenantId, Request request, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile Duration maxLifetime = Duration.ofMinutes(4230);
    /** Calls answered 429 before the next one succeeds. */
    public final AtomicInteger throttleNext = new AtomicInteger();

    public FakeGraphSubscriptions(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Created create(String tenantId, Request request) {
        calls.add("create " + request.mailboxId());
        maybeThrottle();
        checkExpiry(request.expiresAt());
        String id = "sub-" + ids.incrementAndGet();
        live.put(id, new Live(tenantId, request, request.expiresAt()));
        return new Created(id, request.expiresAt());
    }

    @Override
    public Instant renew(String tenantId, String subscriptionId, Instant expiresAt) {
        calls.add("renew " + subscriptionId);
        maybeThrottle();
        Live current = active(subscriptionId);
        checkExpiry(expiresAt);
        live.put(subscriptionId, new Live(tenantId, current.request(), expiresAt));
        return expiresAt;
    }

    @Override
    public void delete(String tenantId, String subscriptionId) {
        calls.add("delete " + subscriptionId);
        maybeThrottle();
        live.remove(subscriptionId);
    }

    /** Microsoft removes a subscription (as {@code subscriptionRemoved} says). */
    public void remove(String subscriptionId) {
        live.remove(subscriptionId);
    }

    /** The live subscriptions (expired ones are gone). */
    public Map<String, Live> live() {
        live.entrySet().removeIf(e -> !e.getValue().expiresAt().isAfter(clock.instant()));
        return Map.copyOf(live);
    }

    private Live active(String id) {
        Live current = live().get(id);
        if (current == null) {
            throw new MicrosoftNotFoundException("The object was not found.", "ResourceNotFound", null);
        }
        return current;
    }

    private void checkExpiry(Instant expiresAt) {
        if (expiresAt.isAfter(clock.instant().plus(maxLifetime))) {
            throw new MicrosoftException("create subscription failed with HTTP 400 (InvalidRequest: Subscription "
                    + "expiration can only be " + maxLifetime.toMinutes() + " minutes in the future.)", "InvalidRequest", null);
        }
    }

    private void maybeThrottle() {
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new MicrosoftThrottledException("throttled", Duration.ofSeconds(3), "ApplicationThrottled");
        }
    }
}
