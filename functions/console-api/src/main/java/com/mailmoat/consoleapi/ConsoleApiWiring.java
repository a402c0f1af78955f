package com.mailmoat.consoleapi;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.adapters.dns.DnsJavaResolver;
import com.mailmoat.core.account.AccountService;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.domains.DomainVerification;
import com.mailmoat.core.remediation.RemediationRequests;
import com.mailmoat.core.policy.PolicyService;
import com.mailmoat.core.policy.SenderListService;
import com.mailmoat.core.realtime.RealTimeSummaries;
import com.mailmoat.core.scan.ScanFinisher;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.setup.LiveDomainEvidence;
import com.mailmoat.core.setup.SetupChecklist;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.SessionRoutes;
import com.mailmoat.lambda.snapstart.Priming;
import com.mailmoat.lambda.snapstart.PrimingEvents;
import java.time.Clock;
import java.util.List;

/** The console-api function's composition root (see {@code SignupWiring} for the pattern). */
final class ConsoleApiWiring {
    final Sessions sessions;
    final SessionRoutes routes;
    final String consoleUrl;
    /** Kept here: CRaC holds registered resources weakly. */
    final Priming priming;

    ConsoleApiWiring(Settings settings, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        DnsJavaResolver dns = DnsJavaResolver.from(settings);
        // Blocked and permitted lists feed Mailmoat's transport rules in Exchange (the rule-sync queue).
        com.mailmoat.core.upgrade.RuleSyncRequests ruleSyncs = aws.ruleSyncRequests();
        this.consoleUrl = settings.require("CONSOLE_URL");
        this.sessions = aws.sessions();
        DomainVerification domains = new DomainVerification(aws.domains(), dns);
        SetupChecks checks = new SetupChecks(dns, OutboundRegions.from(settings));
        com.mailmoat.core.activity.Activity activity = aws.activity();
        com.mailmoat.core.learning.LearningService learning = learning(aws, clock).withActivity(activity);
        AccountService accounts = new AccountService(aws.accounts(),
                new SetupChecklist(new LiveDomainEvidence(domains, checks), com.mailmoat.core.setup.ScanEvidence.of(
                        aws.scans(), aws.detections(), learning::legitimateDetections), aws.upgrades()), clock).withActivity(activity);
        ScanFinisher finisher = new ScanFinisher(aws.scans(), aws.detections(), aws.accounts(), aws.notificationQueue(),
                clock, consoleUrl);
        this.routes = SessionRoutes.of(
                new AccountRoutes(accounts, aws.inAppNotifications(), aws.brandings()).withEmailChoices(aws.emailChoices())
                        .withLogos(aws.logos(), HttpsLogoFetcher.from(settings)),
                new DomainRoutes(aws.accounts(), domains, checks),
                new ScanRoutes(aws.scans(), finisher, aws.scanRequests(), aws.accounts(), aws.detections(), clock),
                new DetectionRoutes(aws.detections()),
                new LearningRoutes(learning, ruleSyncs),
                new RemediationRoutes(new RemediationRequests(aws.accounts(), aws.detections(), aws.scans(),
                        aws.remediations(), aws.remediationQueue(), clock).withDeclaredLegitimate(learning::legitimateDetections)
                        .withActivity(activity),
                        aws.remediations()),
                new PolicyRoutes(new PolicyService(aws.policies(), aws.directory(), aws.accounts(), clock).withActivity(activity)),
                new SenderListRoutes(new SenderListService(aws.policies(), clock, ruleSyncs::request,
                        accountId -> aws.accounts().findById(accountId).map(a -> a.tenantDomains()).orElse(List.of()))
                        .withActivity(activity),
                        aws.accounts()),
                new DirectoryRoutes(aws.directory(), aws.directoryRefreshes()::request),
                new RealTimeRoutes(new RealTimeSummaries(aws.accounts(), aws.subscriptionStore(), aws.realTimeStats(),
                        aws.realTimeHealth(), clock)),
                new AlertRecipientRoutes(new com.mailmoat.core.recipients.AlertRecipients(aws.alertRecipients(),
                        aws.accounts(), aws.tokens(), aws.notificationQueue(), aws.attemptCounter(), clock, consoleUrl)
                        .withActivity(activity)),
                new ActivityRoutes(activity),
                new TeamRoutes(new com.mailmoat.core.team.TeamService(aws.accounts(), aws.team(), aws.tokens(),
                        aws.notificationQueue(), activity, clock, consoleUrl)));
        // Nothing below writes: an unknown session, and the read routes for an account that does not exist.
        this.priming = Priming.register("console-api",
                Priming.step("GET /api/account with an unknown session", () -> new ConsoleApiHandler(sessions, routes,
                        consoleUrl).handleRequest(PrimingEvents.withUnknownSession("GET", "/api/account", null), null)),
                Priming.step("GET /api/account", () -> readAsNobody("/api/account", clock)),
                Priming.step("GET /api/notifications", () -> readAsNobody("/api/notifications", clock)),
                Priming.step("GET /api/domains", () -> readAsNobody("/api/domains", clock)),
                Priming.step("GET /api/realtime/summary", () -> readAsNobody("/api/realtime/summary", clock)),
                Priming.step("GET /api/account/email-recipients", () -> readAsNobody("/api/account/email-recipients", clock)),
                Priming.step("GET /api/activity", () -> readAsNobody("/api/activity", clock)));
    }

    /** "Not a threat", "Report a missed threat" and the Learning panel (the learning table and queue). */
    private static com.mailmoat.core.learning.LearningService learning(AwsAdapters aws, Clock clock) {
        com.mailmoat.adapters.aws.learning.DynamoLearningStore store = aws.learning();
        return new com.mailmoat.core.learning.LearningService(store, store, aws.learningQueue(),
                aws.detections(), aws.accounts(), clock);
    }

    /** A read route for a session of an account that does not exist (what it answers does not matter). */
    private void readAsNobody(String path, Clock clock) {
        Session nobody = new Session(PrimingEvents.unknownKey(), PrimingEvents.unknownKey(), clock.instant().plusSeconds(60));
        try {
            routes.dispatch(new ApiRequest(PrimingEvents.request("GET", path, null)), nobody);
        } catch (ApiError expected) {
            // e.g. 401: the account is gone; the lookups ran all the same.
        }
    }

    static ConsoleApiWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final ConsoleApiWiring INSTANCE = new ConsoleApiWiring(Environment.system(), Clock.systemUTC());
    }
}
