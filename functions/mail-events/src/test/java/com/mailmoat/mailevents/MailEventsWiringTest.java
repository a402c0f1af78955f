package com.mailmoat.mailevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.config.Settings;
import com.mailmoat.testkit.LocalAws;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each function's part of the composition root against DynamoDB Local and ElasticMQ, with the template's settings. */
class MailEventsWiringTest {
    /** Hosts that cannot resolve: a priming step that tried to reach Microsoft would fail. */
    private static final Map<String, String> NO_MICROSOFT = Map.of(
            "M365_CLIENT_SECRET", "priming-secret",
            "M365_LOGIN_BASE_URL", "https://login.priming.invalid",
            "M365_GRAPH_BASE_URL", "https://graph.priming.invalid/v1.0");

    private static Settings settings(LocalAws.Stack stack, String function) {
        return stack.settings(function, NO_MICROSOFT);
    }

    private static java.util.function.UnaryOperator<String> noSecrets() {
        return name -> {
            throw new AssertionError("the secret is configured directly");
        };
    }

    @Test
    void everyFunctionsPrimingRunsEveryStepWithoutWritingAnythingOrAskingMicrosoft() {
        LocalAws.Stack stack = LocalAws.stack();
        MailEventsWiring.Webhook webhook = new MailEventsWiring.Webhook(settings(stack, "GraphWebhookFunction"), Clock.systemUTC());
        MailEventsWiring.Checks checks = new MailEventsWiring.Checks(settings(stack, "MailEventsFunction"), noSecrets(),
                Clock.systemUTC());
        MailEventsWiring.Subscriptions syncs = new MailEventsWiring.Subscriptions(settings(stack, "SubscriptionSyncFunction"),
                noSecrets(), Clock.systemUTC());
        MailEventsWiring.Renewals renewals = new MailEventsWiring.Renewals(settings(stack, "SubscriptionRenewalFunction"),
                Clock.systemUTC());
        MailEventsWiring.CatchUps catchUps = new MailEventsWiring.CatchUps(settings(stack, "CatchUpScheduleFunction"),
                Clock.systemUTC());

        for (var priming : java.util.List.of(webhook.priming, checks.priming, syncs.priming, renewals.priming,
                catchUps.priming)) {
            assertThat(priming.run()).as("failed steps of " + priming.stepNames()).isEmpty();
            priming.beforeCheckpoint(null); // as CRaC calls it before Lambda's snapshot
        }
        assertThat(stack.writes()).as("items and messages written").isZero();
        assertThat(webhook.priming.stepNames()).contains("validation handshake");
    }

    @Test
    void graphIsGivenTheConsolesWebhookUrlsUnlessSetOtherwise() {
        var config = MailEventsWiring.subscriptionConfig(Settings.of(Map.of("CONSOLE_URL", "http://127.0.0.1:8080")));
        assertThat(config.notificationUrl()).isEqualTo("http://127.0.0.1:8080/api/graph/notifications");
        assertThat(config.lifecycleNotificationUrl()).isEqualTo("http://127.0.0.1:8080/api/graph/lifecycle");
        assertThat(config.maxLifetime().toMinutes()).isEqualTo(4230);
        var configured = MailEventsWiring.subscriptionConfig(Settings.of(Map.of("CONSOLE_URL", "https://c.example/",
                "GRAPH_NOTIFICATION_URL", "https://hooks.example/n", "SUBSCRIPTION_MAX_MINUTES", "10080")));
        assertThat(configured.notificationUrl()).isEqualTo("https://hooks.example/n");
        assertThat(configured.maxLifetime().toDays()).isEqualTo(7);
    }
}
