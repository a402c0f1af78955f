package com.mailmoat.upgrade;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.aws.session.PasswordChecks;
import com.mailmoat.adapters.aws.twostep.TwoStepKey;
import com.mailmoat.adapters.dns.DnsJavaResolver;
import com.mailmoat.adapters.m365.MicrosoftAdapters;
import com.mailmoat.adapters.m365.MicrosoftConfig;
import com.mailmoat.adapters.m365.SubscriptionSettings;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.domains.DomainVerification;
import com.mailmoat.core.exchange.BlockedSenderCollector;
import com.mailmoat.core.exchange.ExchangeAdmin;
import com.mailmoat.core.exchange.TransportRule;
import com.mailmoat.core.realtime.MailSubscriptions;
import com.mailmoat.core.realtime.SubscriptionService;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.upgrade.HeldBackSenders;
import com.mailmoat.core.upgrade.Offboarding;
import com.mailmoat.core.upgrade.RulesKeeper;
import com.mailmoat.core.upgrade.UpgradePrerequisites;
import com.mailmoat.core.upgrade.UpgradePreview;
import com.mailmoat.core.upgrade.UpgradeRepository;
import com.mailmoat.core.upgrade.UpgradeService;
import com.mailmoat.core.upgrade.UpgradeTasks;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.snapstart.Priming;
import com.mailmoat.lambda.snapstart.PrimingEvents;
import com.mailmoat.lambda.sqs.QueueControl;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * The upgrade module's composition root, shared by its functions (the API, each task of the state
 * machine, the rules' sync); see {@code SignupWiring} for the pattern. {@link MailSubscriptions} is the
 * real-time subscription service, built on first use (only the CreateMailSubscriptions and SwitchMode tasks,
 * the failure path and offboarding call it, and only their functions have the RealTime table).
 */
final class UpgradeWiring {
    final Sessions sessions;
    final AccountRepository accounts;
    /** Offboarding asks for the password again: built when asked (the workflow's tasks have no Throttles table). */
    final Supplier<LoginService> logins;
    final UpgradeService upgrades;
    final Offboarding offboarding;
    final HeldBackSenders heldBack;
    final UpgradePreview preview;
    final UpgradeTasks tasks;
    final RulesKeeper rules;
    final QueueControl queues;
    final String consoleUrl;
    /** The Graph mail subscriptions the tasks and offboarding keep in step (and their catch-up positions). */
    final MailSubscriptions subscriptions;
    /** Kept here: CRaC holds registered resources weakly. */
    final Priming priming;

    UpgradeWiring(Settings settings, UnaryOperator<String> secrets, Clock clock) {
        this(settings, secrets, clock, null);
    }

    /** @param subscriptions the subscriptions to use, or null for Graph's through the RealTime table (built on first use) */
    UpgradeWiring(Settings settings, UnaryOperator<String> secrets, Clock clock, MailSubscriptions subscriptions) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(settings, secrets));
        if (subscriptions == null) {
            subscriptions = lazySubscriptions(settings, aws, microsoft, clock);
        }
        this.subscriptions = subscriptions;
        this.consoleUrl = settings.require("CONSOLE_URL");
        this.accounts = aws.accounts();
        UpgradeRepository repository = aws.upgrades();
        ExchangeAdmin exchange = testHook(settings, microsoft.exchange());
        DnsJavaResolver dns = DnsJavaResolver.from(settings);
        DomainVerification domains = new DomainVerification(aws.domains(), dns);
        UpgradePrerequisites prerequisites = new UpgradePrerequisites(microsoft.directory(), microsoft.tenantAccess(),
                exchange, aws.directory(), new SetupChecks(dns, OutboundRegions.from(settings)), domains::verifiedDomains);
        this.sessions = aws.sessions();
        // Only the password is asked again: the two-step key is never read here (nor granted in the template).
        this.logins = () -> new PasswordChecks(settings, aws, TwoStepKey.sealer(settings, secrets), sessions, clock).logins();
        // The API only records requests; the SSO callback starts the workflow (it alone may).
        this.upgrades = new UpgradeService(accounts, repository, (accountId, upgradeId) -> {
            throw new IllegalStateException("the upgrade API does not start workflows");
        }, clock, consoleUrl).withDirectory(aws.directory()).withActivity(aws.activity());
        // Only the upgrade API offboards: the queue is named in its environment alone, so it is looked up then.
        this.offboarding = new Offboarding(accounts, aws.tenantLinks(), repository, exchange, subscriptions,
                microsoft.tenantAccess(), request -> aws.accountErasureRequests().request(request),
                aws.notificationQueue(), clock).withQuarantined(accountId -> aws.detections().countInQuarantine(accountId,
                        Offboarding.QUARANTINE_COUNT_CAP)).withActivity(aws.activity());
        BlockedSenderCollector collector = new BlockedSenderCollector(aws.policies(), aws.detections());
        this.heldBack = new HeldBackSenders(accounts, repository, collector);
        this.preview = new UpgradePreview(accounts, prerequisites, exchange, collector);
        this.tasks = new UpgradeTasks(accounts, repository, prerequisites, exchange, collector, aws.directory(),
                new DirectoryImport(accounts, microsoft.directory(), aws.directory(), clock), subscriptions,
                aws.notificationQueue(), clock, consoleUrl).withActivity(aws.activity());
        this.rules = new RulesKeeper(accounts, repository, tasks, exchange, clock, aws.notificationQueue());
        this.queues = aws.queueControl();
        // Nothing below writes or reaches Microsoft: refused or read-only requests, reads of absent keys,
        // Microsoft's clients building requests without sending them.
        this.priming = Priming.register("upgrade",
                Priming.step("GET /api/upgrade with an unknown session", () -> api().handleRequest(
                        PrimingEvents.withUnknownSession("GET", "/api/upgrade", null), null)),
                Priming.step("POST /api/upgrade refused by validation", () -> api().handleRequest(
                        PrimingEvents.withUnknownSession("POST", "/api/upgrade", "{\"mode\":\"MONITOR\"}"), null)),
                Priming.step("Microsoft clients", microsoft::prime),
                Priming.step("account lookup", () -> accounts.findById(PrimingEvents.unknownKey())),
                Priming.step("upgrade lookup", () -> repository.find(PrimingEvents.unknownKey())),
                Priming.step("task for an unknown upgrade", () -> {
                    try {
                        new ValidatePrerequisitesHandler(tasks).handleRequest(Map.of("accountId",
                                PrimingEvents.unknownKey(), "upgradeId", "priming"), null);
                    } catch (StepFailedException expected) {
                        // "No running upgrade": the path through the handler ran.
                    }
                }));
    }

    /**
     * Graph mail subscriptions, built when first asked for (each creation runs Graph's validation handshake),
     * with the catch-up's coverage beside them: the switch begins it, offboarding, the failure path and a sync
     * that finds nothing protected forget it (the RealTime table's {@code DELTA#} items).
     */
    private static MailSubscriptions lazySubscriptions(Settings settings, AwsAdapters aws, MicrosoftAdapters microsoft,
                                                       Clock clock) {
        java.util.function.Supplier<SubscriptionService> service = new java.util.function.Supplier<>() {
            private volatile SubscriptionService built;

            @Override
            public synchronized SubscriptionService get() {
                if (built == null) {
                    built = new SubscriptionService(aws.accounts(), microsoft.mailboxes(), microsoft.messageLookup(),
                            aws.directory(), microsoft.subscriptions(), aws.subscriptionStore(), clock,
                            SubscriptionSettings.from(settings), java.util.concurrent.Executors.newFixedThreadPool(
                                    settings.getInt("SUBSCRIPTION_SYNC_THREADS", 8), runnable -> {
                                        Thread thread = new Thread(runnable, "subscription-sync");
                                        thread.setDaemon(true);
                                        return thread;
                                    }), aws.deltaTokens());
                }
                return built;
            }
        };
        return new MailSubscriptions() {
            @Override
            public SyncResult sync(String accountId) {
                return service.get().sync(accountId);
            }

            @Override
            public int removeAll(String accountId) {
                return service.get().removeAll(accountId);
            }
        };
    }

    private UpgradeApiHandler api() {
        return new UpgradeApiHandler(sessions, upgrades, offboarding, heldBack, preview, accounts, logins, consoleUrl);
    }

    /**
     * The local runtime's crash test: {@code MAILMOAT_TEST_CRASH_UPGRADE=<tenantId>} (honoured only with
     * {@code MAILMOAT_LOCAL=true}) kills the InstallTransportRules task of that tenant once, right after it
     * created its first transport rule, as a crashed Lambda invocation would die; the state machine retries it.
     */
    static ExchangeAdmin testHook(Settings settings, ExchangeAdmin exchange) {
        String tenant = settings.get("MAILMOAT_TEST_CRASH_UPGRADE", "");
        if (tenant.isBlank() || !"true".equals(settings.get("MAILMOAT_LOCAL", "false"))) {
            return exchange;
        }
        AtomicInteger left = new AtomicInteger(1);
        return new ExchangeAdmin() {
            @Override
            public List<TransportRule> transportRules(String tenantId) {
                return exchange.transportRules(tenantId);
            }

            @Override
            public TransportRule newTransportRule(String tenantId, String name, int priority, Map<String, Object> parameters) {
                TransportRule rule = exchange.newTransportRule(tenantId, name, priority, parameters);
                if (tenant.equalsIgnoreCase(tenantId) && left.getAndDecrement() > 0) {
                    throw new Error("Test hook: the function died after creating transport rule '" + name + "'");
                }
                return rule;
            }

            @Override
            public void setTransportRule(String tenantId, String identity, Integer priority, Map<String, Object> parameters) {
                exchange.setTransportRule(tenantId, identity, priority, parameters);
            }

            @Override
            public void removeTransportRule(String tenantId, String identity) {
                exchange.removeTransportRule(tenantId, identity);
            }

            @Override
            public List<String> acceptedDomains(String tenantId) {
                return exchange.acceptedDomains(tenantId);
            }

            @Override
            public List<String> connectors(String tenantId) {
                return exchange.connectors(tenantId);
            }
        };
    }

    static UpgradeWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        // The Microsoft client secret comes from Secrets Manager (never an environment variable in AWS).
        static final UpgradeWiring INSTANCE = new UpgradeWiring(Environment.system(),
                name -> SecretsProvider.create().get(name), Clock.systemUTC());
    }
}
