package com.mailmoat.adapters.m365;

import com.mailmoat.core.config.Settings;
import com.mailmoat.core.realtime.SubscriptionService;
import java.time.Duration;

/**
 * What Graph is told when Mailmoat subscribes to a tenant's new mail, read from a function's settings
 * (every function that creates or renews subscriptions reads them the same way).
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><td>{@code GRAPH_NOTIFICATION_URL}</td><td>the webhook Graph posts to; default {@code <CONSOLE_URL>api/graph/notifications}
 *     (in the local runtime {@code http://127.0.0.1:PORT/api/graph/notifications}, which the simulator accepts)</td></tr>
 * <tr><td>{@code GRAPH_LIFECYCLE_URL}</td><td>default {@code <CONSOLE_URL>api/graph/lifecycle}</td></tr>
 * <tr><td>{@code SUBSCRIPTION_MAX_MINUTES}</td><td>the longest subscription Microsoft grants: 4230 (older documents, default)
 *     or 10080 (newer); a longer one Microsoft refuses falls back to 4230</td></tr>
 * <tr><td>{@code SUBSCRIPTION_RENEW_BEFORE_MINUTES}</td><td>renew once less than this is left; default 2880 (48 h)</td></tr>
 * </table>
 */
public final class SubscriptionSettings {
    private SubscriptionSettings() {
    }

    public static SubscriptionService.Config from(Settings settings) {
        String console = settings.require("CONSOLE_URL");
        String base = console.endsWith("/") ? console : console + "/";
        return new SubscriptionService.Config(
                settings.get("GRAPH_NOTIFICATION_URL", base + "api/graph/notifications"),
                settings.get("GRAPH_LIFECYCLE_URL", base + "api/graph/lifecycle"),
                Duration.ofMinutes(settings.getLong("SUBSCRIPTION_MAX_MINUTES",
                        SubscriptionService.DOCUMENTED_MAX_LIFETIME.toMinutes())),
                Duration.ofMinutes(settings.getLong("SUBSCRIPTION_RENEW_BEFORE_MINUTES", 2880)));
    }
}
