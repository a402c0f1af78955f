package com.mailmoat.consoleapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.adapters.aws.AwsServices;
import com.mailmoat.adapters.dns.DnsJavaResolver;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.AccountService;
import com.mailmoat.core.account.AccountView;
import com.mailmoat.core.checks.Check;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.domains.DomainRecord;
import com.mailmoat.core.domains.DomainStatus;
import com.mailmoat.core.domains.DomainVerification;
import com.mailmoat.core.domains.VerificationResult;
import com.mailmoat.core.notify.InAppNotification;
import com.mailmoat.core.notify.InAppNotificationStore;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.setup.LiveDomainEvidence;
import com.mailmoat.core.setup.SetupChecklist;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.HttpApiHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the console reads and writes: the account, onboarding, domains, DNS checks, notifications. */
public final class ConsoleApiHandler extends HttpApiHandler {
    private final Sessions sessions;
    private final AccountRepository accounts;
    private final AccountService accountViews;
    private final DomainVerification domains;
    private final SetupChecks checks;
    private final InAppNotificationStore notifications;

    public ConsoleApiHandler() {
        this(Wiring.fromEnvironment());
    }

    private ConsoleApiHandler(Wiring w) {
        this(AwsServices.sessions(), AwsServices.accounts(), w.domains(), w.checks(), AwsServices.inAppNotifications(),
                AwsServices.consoleUrl());
    }

    public ConsoleApiHandler(Sessions sessions, AccountRepository accounts, DomainVerification domains,
                             SetupChecks checks, InAppNotificationStore notifications, String consoleUrl) {
        super(consoleUrl);
        this.sessions = sessions;
        this.accounts = accounts;
        this.domains = domains;
        this.checks = checks;
        this.notifications = notifications;
        this.accountViews = new AccountService(accounts, new SetupChecklist(new LiveDomainEvidence(domains, checks)),
                AwsServices.clock());
    }

    /** DNS-facing collaborators, built once per function instance. */
    private record Wiring(DomainVerification domains, SetupChecks checks) {
        static Wiring fromEnvironment() {
            DnsJavaResolver dns = DnsJavaResolver.fromEnvironment();
            return new Wiring(new DomainVerification(AwsServices.domains(), dns),
                    new SetupChecks(dns, OutboundRegions.fromEnvironment()));
        }
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Session session = requireSession(request, sessions);
        return switch (request.routeKey()) {
            case "GET /api/account" -> ApiResponses.json(200, account(session));
            case "GET /api/setup" -> ApiResponses.json(200, Map.of("steps", view(session).setup()));
            case "GET /api/domains" -> ApiResponses.json(200, Map.of("domains",
                    domains.list(session.accountId(), account(session.accountId()).tenantDomains()).stream()
                            .map(ConsoleApiHandler::domain).toList()));
            case "POST /api/domains" -> addDomain(request, session);
            case "POST /api/domains/{domain}/verify" -> verifyDomain(request, session);
            case "GET /api/checks" -> ApiResponses.json(200, Map.of("checks",
                    checks.runAll(domains.verifiedDomains(session.accountId()), account(session.accountId()).region())
                            .stream().map(ConsoleApiHandler::check).toList()));
            case "GET /api/notifications" -> ApiResponses.json(200, Map.of("notifications",
                    notifications.recent(session.accountId(), 50).stream().map(ConsoleApiHandler::notice).toList()));
            default -> throw unknownRoute(request);
        };
    }

    private APIGatewayV2HTTPResponse addDomain(ApiRequest request, Session session) {
        String name = request.requireStrings("domain").get(0);
        DomainRecord record;
        try {
            record = domains.add(session.accountId(), name);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid_request", List.of(new FieldError("domain", "Enter a domain name such as contoso.com.")));
        }
        return ApiResponses.json(201, domain(new DomainStatus(record.domain(), record.state(), record.domain(), record.txtRecord())));
    }

    private APIGatewayV2HTTPResponse verifyDomain(ApiRequest request, Session session) {
        String name = request.pathParameter("domain").orElseThrow(() -> ApiError.notFound("No domain given"));
        VerificationResult result = domains.verify(session.accountId(), name);
        if (result.outcome() == VerificationResult.Outcome.UNKNOWN_DOMAIN) {
            throw ApiError.notFound("Add " + name + " before verifying it.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domain", result.domain());
        body.put("state", result.state().name());
        body.put("outcome", result.outcome().name());
        body.put("message", result.message());
        body.put("evidence", result.evidence());
        return ApiResponses.json(200, body);
    }

    private Account account(String accountId) {
        return accounts.findById(accountId).orElseThrow(ApiError::unauthorized);
    }

    private AccountView view(Session session) {
        // A session whose account is gone is as good as no session.
        return accountViews.view(session.accountId()).orElseThrow(ApiError::unauthorized);
    }

    private Map<String, Object> account(Session session) {
        AccountView view = view(session);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", view.email());
        body.put("company", view.company());
        body.put("region", view.region().name());
        body.put("trialDaysLeft", view.trialDaysLeft());
        body.put("mode", view.mode().name());
        if (view.tenantId() != null) {
            body.put("tenantId", view.tenantId());
            body.put("tenantDomains", view.tenantDomains());
        }
        body.put("setup", view.setup());
        return body;
    }

    private static Map<String, Object> domain(DomainStatus status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domain", status.domain());
        body.put("state", status.state().name());
        body.put("txtName", status.recordName());
        body.put("txtValue", status.txtRecord());
        return body;
    }

    private static Map<String, Object> check(Check check) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", check.id());
        body.put("status", check.status().name());
        body.put("message", check.message());
        body.put("evidence", check.evidence());
        body.put("fix", check.fix());
        body.put("fixName", check.fixName());
        return body;
    }

    private static Map<String, Object> notice(InAppNotification n) {
        return Map.of("id", n.notificationId(), "kind", n.kind().name(), "title", n.title(),
                "message", n.message(), "createdAt", n.createdAt().toString());
    }
}
