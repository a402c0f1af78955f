package com.mailmoat.consoleapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.adapters.aws.AwsServices;
import com.mailmoat.adapters.dns.DnsJavaResolver;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.AccountService;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.domains.DomainVerification;
import com.mailmoat.core.notify.InAppNotificationStore;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.setup.LiveDomainEvidence;
import com.mailmoat.core.setup.SetupChecklist;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.HttpApiHandler;
import java.time.Clock;

/** What the console reads and writes: the account, onboarding, domains, DNS checks, notifications. */
public final class ConsoleApiHandler extends HttpApiHandler {
    private final Sessions sessions;
    private final AccountRoutes account;
    private final DomainRoutes domains;

    public ConsoleApiHandler() {
        this(DnsJavaResolver.fromEnvironment());
    }

    private ConsoleApiHandler(DnsJavaResolver dns) {
        this(AwsServices.sessions(), AwsServices.accounts(), AwsServices.inAppNotifications(),
                new DomainVerification(AwsServices.domains(), dns),
                new SetupChecks(dns, OutboundRegions.fromEnvironment()),
                AwsServices.clock(), AwsServices.consoleUrl());
    }

    public ConsoleApiHandler(Sessions sessions, AccountRepository accounts, InAppNotificationStore notifications,
                             DomainVerification domainVerification, SetupChecks checks, Clock clock,
                             String consoleUrl) {
        super(consoleUrl);
        this.sessions = sessions;
        SetupChecklist checklist = new SetupChecklist(new LiveDomainEvidence(domainVerification, checks));
        this.account = new AccountRoutes(new AccountService(accounts, checklist, clock), notifications);
        this.domains = new DomainRoutes(accounts, domainVerification, checks);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Session session = requireSession(request, sessions);
        Object body = switch (request.routeKey()) {
            case "GET /api/account" -> account.account(session);
            case "GET /api/setup" -> account.setup(session);
            case "GET /api/notifications" -> account.notifications(session);
            case "GET /api/domains" -> domains.list(session);
            case "POST /api/domains" -> domains.add(session, request.requireStrings("domain").get(0));
            case "POST /api/domains/{domain}/verify" -> domains.verify(session,
                    request.pathParameter("domain").orElseThrow(() -> ApiError.notFound("No domain given")));
            case "GET /api/checks" -> domains.checks(session);
            default -> throw unknownRoute(request);
        };
        return ApiResponses.json("POST /api/domains".equals(request.routeKey()) ? 201 : 200, body);
    }
}
