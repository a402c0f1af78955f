package com.mailmoat.consoleapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.adapters.aws.AwsServices;
import com.mailmoat.core.account.AccountService;
import com.mailmoat.core.account.AccountView;
import com.mailmoat.core.notify.InAppNotification;
import com.mailmoat.core.notify.InAppNotificationStore;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.setup.DomainEvidence;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.HttpApiHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the console reads: the account, its onboarding checklist and its notifications. */
public final class ConsoleApiHandler extends HttpApiHandler {
    private final Sessions sessions;
    private final AccountService accounts;
    private final InAppNotificationStore notifications;

    public ConsoleApiHandler() {
        this(AwsServices.sessions(), AwsServices.accountService(DomainEvidence.NONE),
                AwsServices.inAppNotifications(), AwsServices.consoleUrl());
    }

    public ConsoleApiHandler(Sessions sessions, AccountService accounts, InAppNotificationStore notifications,
                             String consoleUrl) {
        super(consoleUrl);
        this.sessions = sessions;
        this.accounts = accounts;
        this.notifications = notifications;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Session session = requireSession(request, sessions);
        return switch (request.routeKey()) {
            case "GET /api/account" -> ApiResponses.json(200, account(session));
            case "GET /api/setup" -> ApiResponses.json(200, Map.of("steps", view(session).setup()));
            case "GET /api/notifications" -> ApiResponses.json(200, Map.of("notifications",
                    notifications.recent(session.accountId(), 50).stream().map(ConsoleApiHandler::notice).toList()));
            default -> throw unknownRoute(request);
        };
    }

    private static Map<String, Object> notice(InAppNotification n) {
        return Map.of("id", n.notificationId(), "kind", n.kind().name(), "title", n.title(),
                "message", n.message(), "createdAt", n.createdAt().toString());
    }

    private AccountView view(Session session) {
        // A session whose account is gone is as good as no session.
        return accounts.view(session.accountId()).orElseThrow(ApiError::unauthorized);
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
}
