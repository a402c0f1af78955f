package com.mailmoat.mailevents;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.aws.learning.DynamoLearningStore;
import com.mailmoat.adapters.aws.realtime.RealTimeMessages;
import com.mailmoat.adapters.detect.EngineInspector;
import com.mailmoat.adapters.m365.MicrosoftAdapters;
import com.mailmoat.adapters.m365.MicrosoftConfig;
import com.mailmoat.adapters.m365.RetryPolicy;
import com.mailmoat.adapters.m365.SubscriptionSettings;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.detection.TenantProfiles;
import com.mailmoat.core.policy.PolicyRemovals;
import com.mailmoat.core.policy.ScanPolicies;
import com.mailmoat.core.realtime.CatchUp;
import com.mailmoat.core.realtime.CatchUpSchedule;
import com.mailmoat.core.realtime.MailEvent;
import com.mailmoat.core.realtime.NotificationIntake;
import com.mailmoat.core.realtime.RealTimeCheck;
import com.mailmoat.core.realtime.ThreatAlerts;
import com.mailmoat.core.realtime.RenewalSchedule;
import com.mailmoat.core.realtime.SubscriptionService;
import com.mailmoat.core.realtime.SubscriptionStore;
import com.mailmoat.core.realtime.SubscriptionUpkeep;
import com.mailmoat.core.realtime.SyncRequest;
import com.mailmoat.core.remediation.PolicyRemediation;
import com.mailmoat.core.remediation.RemediationRequests;
import com.mailmoat.lambda.DaemonThreads;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.snapstart.Priming;
import com.mailmoat.lambda.snapstart.PrimingEvents;
import com.mailmoat.lambda.sqs.MicrosoftWaits;
import com.mailmoat.lambda.sqs.QueueControl;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * The mail-events module's composition root (see {@code SignupWiring} for the pattern). The module
 * holds four functions, each of which builds only its own part, once, in a static holder, with its
 * own SnapStart priming: the webhook (no Microsoft client: it answers within Graph's 3 seconds),
 * the real-time check, subscription syncs with their catch-up, the renewal schedule and the catch-up schedule.
 *
 * <table>
 * <caption>Settings beyond the tables and queues</caption>
 * <tr><td>{@code GRAPH_NOTIFICATION_URL}, {@code GRAPH_LIFECYCLE_URL}, {@code SUBSCRIPTION_*_MINUTES}</td><td>see
 *     {@code SubscriptionSettings}</td></tr>
 * <tr><td>{@code MAIL_EVENTS_PARALLELISM}</td><td>messages of one batch checked at once by one instance; default 4
 *     (Microsoft allows 4 concurrent requests per mailbox)</td></tr>
 * <tr><td>{@code SUBSCRIPTION_SYNC_THREADS}</td><td>Graph subscription calls in flight per sync; default 8</td></tr>
 * <tr><td>{@code CATCH_UP_WINDOW_HOURS}</td><td>how far back a catch-up checks mail, and the re-scan after a lost
 *     delta link; default 72</td></tr>
 * </table>
 */
final class MailEventsWiring {
    /** A message written for priming: the engine's parser and analyzers run once before the snapshot. */
    private static final byte[] PRIMING_MESSAGE = ("From: Priming <priming@priming.invalid>\r\nTo: a@priming.invalid\r\n"
            + "Subject: priming\r\nContent-Type: text/html\r\n\r\n<p>Please verify <a href=\"https://priming.invalid/x\">here</a></p>")
            .getBytes(StandardCharsets.US_ASCII);

    private MailEventsWiring() {
    }

    /** The notification and lifecycle URLs Graph is given (reachable at the console's address), lifetimes. */
    static SubscriptionService.Config subscriptionConfig(Settings settings) {
        return SubscriptionSettings.from(settings);
    }

    /** GraphWebhookFunction: verifies and queues notifications; reads two keys and writes a claim per new message. */
    static final class Webhook {
        final NotificationIntake intake;
        final String consoleUrl;
        /** Kept here: CRaC holds registered resources weakly. */
        final Priming priming;

        Webhook(Settings settings, Clock clock) {
            AwsAdapters aws = new AwsAdapters(settings, clock);
            this.consoleUrl = settings.require("CONSOLE_URL");
            SubscriptionStore store = aws.subscriptionStore();
            this.intake = new NotificationIntake(store, aws.idempotency(), aws.mailEventQueue(),
                    aws.subscriptionSyncRequests(), aws.realTimeStats(), clock);
            // Nothing below writes: the handshake, a notification naming a subscription nobody has (refused
            // before any write), queue attributes.
            this.priming = Priming.register("graph-webhook",
                    Priming.step("validation handshake", () -> handler().handleRequest(validation(), null)),
                    Priming.step("notification of an unknown subscription", () -> handler().handleRequest(
                            PrimingEvents.request("POST", "/api/graph/notifications", "{\"value\":[{\"subscriptionId\":\""
                                    + PrimingEvents.unknownKey() + "\",\"clientState\":\"priming\",\"changeType\":\"created\","
                                    + "\"resource\":\"users/priming/messages/priming\",\"resourceData\":{\"id\":\"priming\"}}]}"),
                            null)),
                    Priming.step("mail-events queue", () -> aws.primeSqs("MAIL_EVENTS_QUEUE_URL")),
                    Priming.step("subscription-sync queue", () -> aws.primeSqs("SUBSCRIPTION_SYNC_QUEUE_URL")));
        }

        private GraphWebhookHandler handler() {
            return new GraphWebhookHandler(intake, consoleUrl);
        }

        private static APIGatewayV2HTTPEvent validation() {
            APIGatewayV2HTTPEvent event = PrimingEvents.request("POST", "/api/graph/notifications", null);
            event.setQueryStringParameters(Map.of("validationToken", "Validation: priming"));
            return event;
        }
    }

    /** MailEventsFunction: the real-time check of each queued message. */
    static final class Checks {
        final RealTimeCheck check;
        final QueueControl queues;
        /** A batch's messages are checked this many at a time (MAIL_EVENTS_PARALLELISM, default 4). */
        final ExecutorService workers;
        final Priming priming;

        Checks(Settings settings, UnaryOperator<String> secrets, Clock clock) {
            AwsAdapters aws = new AwsAdapters(settings, clock);
            MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(settings, secrets)
                    .withRetryPolicy(RetryPolicy.NONE));
            // Each account's learnt model (what its administrators released and reported) applies on top of the rules.
            DynamoLearningStore learning = aws.learning();
            EngineInspector engine = EngineInspector.withDefaultRules(learning);
            // The sender history (domains of mail found clean) turns on first-contact and correspondent-lookalike checks.
            TenantProfiles profiles = new TenantProfiles(microsoft.directory(), learning, clock, Duration.ofMinutes(15));
            this.check = new RealTimeCheck(aws.accounts(), aws.subscriptionStore(), microsoft.messageLookup(),
                    microsoft.mailboxes(), engine, profiles,
                    new ScanPolicies(aws.policies(), aws.directory()), aws.detections(), policyRemovals(aws, clock),
                    aws.realTimeStats(), aws.idempotency(), clock)
                    .withUnavailableWait(MicrosoftWaits.unavailable(settings, RealTimeCheck.UNAVAILABLE_WAIT))
                    .withAlerts(new ThreatAlerts(aws.notificationQueue(), clock, settings.require("CONSOLE_URL")));
            this.queues = aws.queueControl();
            this.workers = Executors.newFixedThreadPool(settings.getInt("MAIL_EVENTS_PARALLELISM", 4), DaemonThreads.named("mail-event"));
            // Nothing below writes or reaches Microsoft: an event of an account nobody has (refused before its
            // claim), the engine on a message written here, reads of absent keys, clients built.
            this.priming = Priming.register("mail-events",
                    Priming.step("event of an unknown account", () -> check.check(new MailEvent(PrimingEvents.unknownKey(),
                            "priming", "priming", "priming@priming.invalid", "priming", clock.instant()))),
                    Priming.step("event JSON", () -> RealTimeMessages.MAIL_EVENTS.decode(RealTimeMessages.MAIL_EVENTS.encode(
                            new MailEvent("priming", "priming", "priming", "", "priming", Instant.EPOCH)))),
                    Priming.step("detection engine", () -> engine.inspect(PRIMING_MESSAGE, null)),
                    Priming.step("detection lookup", () -> aws.detections().find(PrimingEvents.unknownKey(), "priming")),
                    Priming.step("subscription lookup", () -> aws.subscriptionStore().find(PrimingEvents.unknownKey(), "priming")),
                    Priming.step("Microsoft clients", microsoft::prime),
                    Priming.step("mail-events queue", () -> aws.primeSqs("MAIL_EVENTS_QUEUE_URL")));
        }

        /** Protect's removals: remediation jobs requested by policy (the same moves, trail and quarantine folder). */
        private static PolicyRemovals policyRemovals(AwsAdapters aws, Clock clock) {
            return new PolicyRemediation(new RemediationRequests(aws.accounts(), aws.detections(), aws.scans(),
                    aws.remediations(), aws.remediationQueue(), clock));
        }
    }

    /**
     * SubscriptionSyncFunction: creates, renews and deletes Graph subscriptions, then catches up by delta
     * (mail-events queue) on mail whose notification never came; tells the administrator once when
     * Microsoft refuses a subscription (notifications queue).
     */
    static final class Subscriptions {
        final SubscriptionUpkeep upkeep;
        final QueueControl queues;
        final Priming priming;

        Subscriptions(Settings settings, UnaryOperator<String> secrets, Clock clock) {
            AwsAdapters aws = new AwsAdapters(settings, clock);
            MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(settings, secrets)
                    .withRetryPolicy(RetryPolicy.NONE));
            ExecutorService calls = Executors.newFixedThreadPool(settings.getInt("SUBSCRIPTION_SYNC_THREADS", 8),
                    DaemonThreads.named("subscription-sync"));
            SubscriptionService service = new SubscriptionService(aws.accounts(), microsoft.mailboxes(),
                    microsoft.messageLookup(), aws.directory(), microsoft.subscriptions(), aws.subscriptionStore(), clock,
                    subscriptionConfig(settings), calls, aws.deltaTokens());
            CatchUp catchUp = new CatchUp(aws.accounts(), aws.subscriptionStore(), microsoft.messageDelta(), aws.deltaTokens(),
                    aws.mailEventQueue(), clock, catchUpConfig(settings), calls);
            this.upkeep = new SubscriptionUpkeep(service, catchUp, aws.realTimeHealth(), aws.accounts(),
                    aws.notificationQueue(), clock);
            this.queues = aws.queueControl();
            this.priming = Priming.register("subscription-sync",
                    Priming.step("sync of an unknown account", () -> service.syncReport(PrimingEvents.unknownKey())),
                    Priming.step("catch-up of an unknown account", () -> catchUp.run(PrimingEvents.unknownKey())),
                    Priming.step("sync request JSON", () -> RealTimeMessages.SYNC_REQUESTS.decode(RealTimeMessages.SYNC_REQUESTS
                            .encode(SyncRequest.of("priming", SyncRequest.Reason.RENEWAL)))),
                    Priming.step("Microsoft clients", microsoft::prime),
                    Priming.step("subscription-sync queue", () -> aws.primeSqs("SUBSCRIPTION_SYNC_QUEUE_URL")),
                    Priming.step("mail-events queue", () -> aws.primeSqs("MAIL_EVENTS_QUEUE_URL")));
        }
    }

    /** CatchUpScheduleFunction: queues a catch-up for every account with subscriptions. */
    static final class CatchUps {
        final CatchUpSchedule schedule;
        final Priming priming;

        CatchUps(Settings settings, Clock clock) {
            AwsAdapters aws = new AwsAdapters(settings, clock);
            SubscriptionStore store = aws.subscriptionStore();
            this.schedule = new CatchUpSchedule(store, aws.subscriptionSyncRequests(), clock,
                    subscriptionConfig(settings).maxLifetime());
            this.priming = Priming.register("catch-up-schedule",
                    Priming.step("accounts with subscriptions (a day without any)", () -> store.accountsExpiring(
                            Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2000-01-01T01:00:00Z"))),
                    Priming.step("subscription-sync queue", () -> aws.primeSqs("SUBSCRIPTION_SYNC_QUEUE_URL")));
        }
    }

    /** How far back a catch-up looks (CATCH_UP_WINDOW_HOURS, default 72): the re-scan after a lost delta link. */
    static CatchUp.Config catchUpConfig(Settings settings) {
        return new CatchUp.Config(Duration.ofHours(settings.getInt("CATCH_UP_WINDOW_HOURS", 72)));
    }

    /** SubscriptionRenewalFunction: finds the accounts with subscriptions due and queues their syncs. */
    static final class Renewals {
        final RenewalSchedule schedule;
        final Priming priming;

        Renewals(Settings settings, Clock clock) {
            AwsAdapters aws = new AwsAdapters(settings, clock);
            SubscriptionStore store = aws.subscriptionStore();
            this.schedule = new RenewalSchedule(store, aws.subscriptionSyncRequests(), clock,
                    subscriptionConfig(settings).renewBefore());
            this.priming = Priming.register("subscription-renewal",
                    Priming.step("subscriptions due (a day without any)", () -> store.accountsExpiring(
                            Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2000-01-01T01:00:00Z"))),
                    Priming.step("subscription-sync queue", () -> aws.primeSqs("SUBSCRIPTION_SYNC_QUEUE_URL")));
        }
    }

    static Webhook webhook() {
        return WebhookHolder.INSTANCE;
    }

    static Checks checks() {
        return ChecksHolder.INSTANCE;
    }

    static Subscriptions subscriptions() {
        return SubscriptionsHolder.INSTANCE;
    }

    static Renewals renewals() {
        return RenewalsHolder.INSTANCE;
    }

    static CatchUps catchUps() {
        return CatchUpsHolder.INSTANCE;
    }

    private static UnaryOperator<String> secrets() {
        // The Microsoft client secret comes from Secrets Manager (never an environment variable in AWS).
        return name -> SecretsProvider.create().get(name);
    }

    private static final class WebhookHolder {
        static final Webhook INSTANCE = new Webhook(Environment.system(), Clock.systemUTC());
    }

    private static final class ChecksHolder {
        static final Checks INSTANCE = new Checks(Environment.system(), secrets(), Clock.systemUTC());
    }

    private static final class SubscriptionsHolder {
        static final Subscriptions INSTANCE = new Subscriptions(Environment.system(), secrets(), Clock.systemUTC());
    }

    private static final class RenewalsHolder {
        static final Renewals INSTANCE = new Renewals(Environment.system(), Clock.systemUTC());
    }

    private static final class CatchUpsHolder {
        static final CatchUps INSTANCE = new CatchUps(Environment.system(), Clock.systemUTC());
    }
}
