package com.mailmoat.ssocallback;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.m365.MicrosoftAdapters;
import com.mailmoat.adapters.m365.MicrosoftConfig;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.consent.ConsentFlow;
import com.mailmoat.core.consent.ConsentFollowUp;
import com.mailmoat.core.directory.DirectoryRefreshRequests;
import com.mailmoat.core.policy.ModeChanges;
import com.mailmoat.core.upgrade.RuleSyncRequests;
import com.mailmoat.core.upgrade.UpgradeService;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.snapstart.Priming;
import com.mailmoat.lambda.snapstart.PrimingEvents;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/** The sso-callback function's composition root (see {@code SignupWiring} for the pattern). */
final class SsoCallbackWiring {
    final Sessions sessions;
    final ConsentFlow consent;
    final String consoleUrl;
    /** Kept here: CRaC holds registered resources weakly. */
    final Priming priming;

    SsoCallbackWiring(Settings settings, UnaryOperator<String> secrets, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        MicrosoftAdapters microsoft = new MicrosoftAdapters(MicrosoftConfig.from(settings, secrets));
        AccountRepository accounts = aws.accounts();
        this.consoleUrl = settings.require("CONSOLE_URL");
        this.sessions = aws.sessions();
        String base = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
        // An applied change of mode or Targeted To queues a sync of the Graph mail subscriptions and tells the owner.
        ModeChanges modes = new ModeChanges(accounts, aws.directory(), base + "api/sso/consent?purpose=reconsent",
                aws.subscriptionSyncRequests(), aws.notificationQueue(), clock).withActivity(aws.activity());
        DirectoryRefreshRequests directory = aws.directoryRefreshes();
        UpgradeService upgrades = new UpgradeService(accounts, aws.upgrades(), aws.upgradeWorkflow(), clock, consoleUrl);
        RuleSyncRequests ruleSyncs = aws.ruleSyncRequests();
        this.consent = new ConsentFlow(accounts, aws.tokens(), microsoft.consent(), microsoft.directory(),
                aws.notificationQueue(), aws.scanRequests(), clock, new ConsentFollowUp() {
                    @Override
                    public void connected(Account account) {
                        directory.request(account.accountId());
                        // The setup page's Monitor / Protect choice: its upgrade starts now the tenant is connected.
                        upgrades.consented(account);
                    }

                    @Override
                    public void reconfirmed(Account account) {
                        // An upgrade waiting for this consent starts; otherwise a pending mode change applies.
                        if (!upgrades.consented(account)) {
                            boolean pending = account.hasPendingMode();
                            modes.applyPending(account.accountId());
                            if (pending) {
                                // Targeted To may have changed: Mailmoat's transport rules follow.
                                ruleSyncs.request(account.accountId());
                            }
                        }
                        directory.request(account.accountId());
                    }
                }).withActivity(aws.activity());
        // Nothing below writes or reaches Microsoft: an unknown session, a callback without state, Microsoft's
        // clients building (not sending) requests, reads of absent keys and queue attributes.
        this.priming = Priming.register("sso-callback",
                Priming.step("GET /api/sso/consent with an unknown session", () -> handler().handleRequest(
                        PrimingEvents.withUnknownSession("GET", "/api/sso/consent", null), null)),
                Priming.step("GET /api/sso/callback without state", () -> {
                    var event = PrimingEvents.withUnknownSession("GET", "/api/sso/callback", null);
                    event.setQueryStringParameters(Map.of("error", "access_denied"));
                    handler().handleRequest(event, null);
                }),
                Priming.step("Microsoft clients", microsoft::prime),
                Priming.step("account lookup", () -> accounts.findById(PrimingEvents.unknownKey())),
                Priming.step("upgrade lookup", () -> aws.upgrades().find(PrimingEvents.unknownKey())),
                Priming.step("notifications queue", () -> aws.primeSqs("NOTIFICATIONS_QUEUE_URL")),
                Priming.step("scan-start queue", () -> aws.primeSqs("SCAN_START_QUEUE_URL")));
    }

    private SsoCallbackHandler handler() {
        return new SsoCallbackHandler(sessions, consent, consoleUrl);
    }

    static SsoCallbackWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        // The Microsoft client secret comes from Secrets Manager (never an environment variable in AWS).
        static final SsoCallbackWiring INSTANCE = new SsoCallbackWiring(Environment.system(),
                name -> SecretsProvider.create().get(name), Clock.systemUTC());
    }
}
