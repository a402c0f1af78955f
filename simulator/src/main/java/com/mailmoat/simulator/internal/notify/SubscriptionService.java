package com.mailmoat.simulator.internal.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.Faults;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.tenant.MailChange;
import com.mailmoat.simulator.internal.tenant.StoredMessage;
import com.mailmoat.simulator.internal.tenant.Tenant;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graph change-notification subscriptions and their webhook deliveries, as Microsoft documents
 * them: the validation handshake ({@code POST notificationUrl?validationToken=…}, 200 {@code text/plain}
 * echo within 10 s, also for the {@code lifecycleNotificationUrl}), change notifications POSTed
 * asynchronously when mail arrives and retried with backoff while the receiver does not answer 2xx
 * within 3 seconds (Microsoft keeps trying for up to 4 hours), and lifecycle notifications. Only
 * loopback URLs are ever contacted. Expired subscriptions stop notifying and disappear.
 */
public final class SubscriptionService implements AutoCloseable {

    /** A refusal in Graph's error terms. */
    public static final class Refusal extends RuntimeException {
        private final int status;
        private final String code;

        public Refusal(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    /** What a creator asks for, already resolved to a mailbox (and folder). */
    public record Request(String tenantId, String applicationId, String creatorId, String resource, String userId,
                          String folderId, Set<String> changeTypes, String changeType, String notificationUrl,
                          String lifecycleNotificationUrl, String clientState, String latestSupportedTlsVersion,
                          boolean immutableIds, Instant expirationDateTime) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionService.class);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration RETRY_WINDOW = Duration.ofHours(4);
    private static final Duration LONGEST_BACKOFF = Duration.ofMinutes(1);
    public static final Set<String> LIFECYCLE_EVENTS = Set.of("reauthorizationRequired", "missed",
            "subscriptionRemoved");

    private final Faults faults;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(DELIVERY_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    /**
     * Graph posts notifications to an endpoint concurrently (its own docs count slow answers over 100
     * notifications): deliveries in flight at once, each holding a thread for up to 3 s.
     */
    private static final int CONCURRENT_DELIVERIES = 16;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(CONCURRENT_DELIVERIES, runnable -> {
        Thread thread = new Thread(runnable, "sim-notifications");
        thread.setDaemon(true);
        return thread;
    });

    public SubscriptionService(Faults faults) {
        this.faults = faults;
    }

    // ---- lifecycle of subscriptions ------------------------------------------------------------------

    /** Validates the URLs (the handshake) and records the subscription; throws a {@link Refusal} otherwise. */
    public Subscription create(Request request) {
        checkExpiration(request.expirationDateTime());
        validate(request.notificationUrl());
        if (request.lifecycleNotificationUrl() != null) {
            validate(request.lifecycleNotificationUrl());
        }
        Subscription subscription = new Subscription(UUID.randomUUID().toString(), request.tenantId(),
                request.applicationId(), request.creatorId(), request.resource(), request.userId(), request.folderId(),
                request.changeTypes(), request.changeType(), request.notificationUrl(),
                request.lifecycleNotificationUrl(), request.clientState(), request.latestSupportedTlsVersion(),
                request.immutableIds(), request.expirationDateTime());
        subscriptions.put(subscription.id(), subscription);
        return subscription;
    }

    /** An active subscription of this app in this tenant. */
    public Subscription find(String tenantId, String applicationId, String id) {
        Subscription subscription = active(id);
        if (subscription == null || !subscription.tenantId().equals(tenantId)
                || (applicationId != null && !subscription.applicationId().equals(applicationId))) {
            throw new Refusal(404, "ResourceNotFound", "The object was not found.");
        }
        return subscription;
    }

    /** The app's active subscriptions in the tenant (every app's when {@code applicationId} is null). */
    public List<Subscription> list(String tenantId, String applicationId) {
        List<Subscription> result = new ArrayList<>();
        for (Subscription subscription : List.copyOf(subscriptions.values())) {
            if (active(subscription.id()) != null && subscription.tenantId().equals(tenantId)
                    && (applicationId == null || subscription.applicationId().equals(applicationId))) {
                result.add(subscription);
            }
        }
        result.sort(Comparator.comparing((Subscription s) -> s.expirationDateTime()).thenComparing(Subscription::id));
        return result;
    }

    public int activeCount(String tenantId) {
        return list(tenantId, null).size();
    }

    /** PATCH expirationDateTime: renewal within the maximum lifetime. */
    public Subscription renew(String tenantId, String applicationId, String id, Instant expiration) {
        Subscription subscription = find(tenantId, applicationId, id);
        checkExpiration(expiration);
        subscription.expirationDateTime(expiration);
        return subscription;
    }

    public void delete(String tenantId, String applicationId, String id) {
        subscriptions.remove(find(tenantId, applicationId, id).id());
    }

    /**
     * Sends a lifecycle notification ({@code reauthorizationRequired}, {@code missed},
     * {@code subscriptionRemoved}; the last also removes the subscription). Returns whether one was
     * sent: subscriptions without a {@code lifecycleNotificationUrl} get none (Microsoft).
     */
    public boolean lifecycle(String tenantId, String id, String event) {
        if (!LIFECYCLE_EVENTS.contains(event)) {
            throw new IllegalStateException("Unknown lifecycle event " + event + "; known: " + LIFECYCLE_EVENTS);
        }
        Subscription subscription = find(tenantId, null, id);
        if (event.equals("subscriptionRemoved")) {
            subscriptions.remove(subscription.id());
        }
        if (subscription.lifecycleNotificationUrl() == null) {
            return false;
        }
        ObjectNode item = Json.object()
                .put("subscriptionId", subscription.id())
                .put("subscriptionExpirationDateTime", dateTime(subscription.expirationDateTime()))
                .put("tenantId", subscription.tenantId())
                .put("clientState", subscription.clientState())
                .put("lifecycleEvent", event);
        send(subscription, subscription.lifecycleNotificationUrl(), item, false);
        return true;
    }

    private Subscription active(String id) {
        Subscription subscription = subscriptions.get(id);
        if (subscription != null && !subscription.activeAt(Instant.now())) {
            // Microsoft deletes a subscription that was not renewed in time.
            subscriptions.remove(id);
            return null;
        }
        return subscription;
    }

    private void checkExpiration(Instant expiration) {
        Instant now = Instant.now();
        if (!expiration.isAfter(now)) {
            throw new Refusal(400, "InvalidRequest", "Subscription expiration can only be in the future.");
        }
        int maxMinutes = faults.subscriptionMaxMinutes();
        if (expiration.isAfter(now.plus(Duration.ofMinutes(maxMinutes)))) {
            throw new Refusal(400, "InvalidRequest", "Subscription expiration can only be " + maxMinutes
                    + " minutes in the future.");
        }
    }

    // ---- the validation handshake --------------------------------------------------------------------

    private void validate(String url) {
        URI target = loopbackUri(url);
        String token = "Validation: Testing client application reachability for subscription Request-Id: "
                + UUID.randomUUID();
        URI withToken = URI.create(url + (target.getRawQuery() == null ? "?" : "&") + "validationToken="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(withToken)
                .timeout(faults.validationTimeout())
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new Refusal(400, "InvalidRequest", "Subscription validation request timed out.");
        } catch (IOException e) {
            throw notOk();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(400, "InvalidRequest", "Subscription validation request timed out.");
        }
        if (response.statusCode() != 200) {
            throw notOk();
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("text/plain") || !token.equals(response.body())) {
            throw new Refusal(400, "ValidationError",
                    "Subscription validation request failed. Response must exactly match validationToken query"
                            + " parameter.");
        }
    }

    private static Refusal notOk() {
        return new Refusal(400, "ValidationError", "Subscription validation request failed. Notification endpoint"
                + " must respond with 200 OK to validation request.");
    }

    /**
     * Microsoft requires https; the simulator accepts {@code http}/{@code https} to 127.0.0.1 or localhost
     * (the local exception) and contacts nothing else: any other host fails validation as unreachable.
     */
    private static URI loopbackUri(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "InvalidRequest", "Invalid notification url '" + url + "'.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new Refusal(400, "InvalidRequest", "The notification url must use https.");
        }
        if (!isLoopback(uri.getHost())) {
            if (scheme.equals("http")) {
                throw new Refusal(400, "InvalidRequest", "The notification url must use https.");
            }
            throw notOk();
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost")
                || host.equals("[::1]") || host.equals("::1"));
    }

    // ---- change notifications ------------------------------------------------------------------------

    /** Called for every change in a tenant's mailboxes: notifies the matching subscriptions. */
    public void onMailChange(Tenant tenant, MailChange change) {
        String changeType = switch (change.kind()) {
            case DELIVERED -> "created";
            case DELETED -> "deleted";
            case MOVED -> null;
        };
        if (changeType == null) {
            return;
        }
        StoredMessage message = change.after() != null ? change.after() : change.before();
        String userId = change.mailbox().owner().id();
        for (Subscription subscription : list(tenant.tenantId(), null)) {
            if (!subscription.userId().equals(userId) || !subscription.changeTypes().contains(changeType)
                    || (subscription.folderId() != null && !subscription.folderId().equals(message.folderId()))) {
                continue;
            }
            String id = message.id(subscription.immutableIds());
            String path = "users/" + userId + "@" + tenant.tenantId() + "/messages/" + id;
            ObjectNode item = Json.object()
                    .put("id", UUID.randomUUID().toString().replace("-", "").substring(0, 13))
                    .put("subscriptionId", subscription.id())
                    .put("subscriptionExpirationDateTime", dateTime(subscription.expirationDateTime()))
                    .put("clientState", subscription.clientState())
                    .put("changeType", changeType)
                    .put("resource", path)
                    .put("tenantId", tenant.tenantId());
            item.putObject("resourceData")
                    .put("@odata.type", "#Microsoft.Graph.Message")
                    .put("@odata.id", "Users/" + userId + "@" + tenant.tenantId() + "/Messages/" + id)
                    .put("@odata.etag", "W/\"" + message.changeKey() + "\"")
                    .put("id", id);
            send(subscription, subscription.notificationUrl(), item, true);
        }
    }

    private void send(Subscription subscription, String url, ObjectNode item, boolean changeNotification) {
        if (changeNotification && faults.rollNotifyDrop()) {
            subscription.dropped.incrementAndGet();
            return;
        }
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        value.add(item);
        byte[] payload = Json.bytes(body);
        int copies = changeNotification && faults.rollNotifyDup() ? 2 : 1;
        long delay = faults.notifyDelay().toMillis();
        Instant firstAttempt = Instant.now();
        for (int i = 0; i < copies; i++) {
            schedule(new Delivery(subscription, url, payload, firstAttempt, 1, changeNotification), delay);
        }
    }

    /** One notification POST; change notifications stop when their subscription is gone, lifecycle ones do not. */
    private record Delivery(Subscription subscription, String url, byte[] payload, Instant firstAttempt, int attempt,
                            boolean needsActiveSubscription) {
    }

    private void schedule(Delivery delivery, long delayMillis) {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.schedule(() -> attempt(delivery), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    private void attempt(Delivery delivery) {
        Subscription subscription = delivery.subscription();
        if (delivery.needsActiveSubscription() && (subscriptions.get(subscription.id()) != subscription
                || !subscription.activeAt(Instant.now()))) {
            return; // deleted or expired meanwhile: Microsoft stops notifying
        }
        boolean delivered = false;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(DELIVERY_TIMEOUT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.payload()))
                    .build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            delivered = status >= 200 && status < 300;
        } catch (IOException e) {
            delivered = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.warn("Notification to {} failed", delivery.url(), e);
        }
        if (delivered) {
            subscription.sent.incrementAndGet();
            return;
        }
        subscription.failed.incrementAndGet();
        Duration backoff = Duration.ofSeconds(1L << Math.min(delivery.attempt() - 1, 6));
        if (backoff.compareTo(LONGEST_BACKOFF) > 0) {
            backoff = LONGEST_BACKOFF;
        }
        if (Instant.now().plus(backoff).isBefore(delivery.firstAttempt().plus(RETRY_WINDOW))) {
            schedule(new Delivery(subscription, delivery.url(), delivery.payload(), delivery.firstAttempt(),
                    delivery.attempt() + 1, delivery.needsActiveSubscription()), backoff.toMillis());
        }
    }

    /** Graph's subscription date-time rendering (fractional seconds as stored, trailing Z). */
    public static String dateTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
