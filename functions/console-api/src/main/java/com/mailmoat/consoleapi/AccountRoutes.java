package com.mailmoat.consoleapi;

import com.mailmoat.core.account.AccountService;
import com.mailmoat.core.account.AccountView;
import com.mailmoat.core.notify.InAppNotification;
import com.mailmoat.core.notify.InAppNotificationStore;
import com.mailmoat.core.session.Session;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.SessionRoutes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The signed-in account, its onboarding checklist and its notification area, as the console shows them. */
public final class AccountRoutes implements SessionRoutes.Group {
    private static final int NOTIFICATIONS_SHOWN = 50;

    private final AccountService accounts;
    private final InAppNotificationStore notifications;

    public AccountRoutes(AccountService accounts, InAppNotificationStore notifications) {
        this.accounts = accounts;
        this.notifications = notifications;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/account", (request, session) -> account(session))
                .get("/api/setup", (request, session) -> setup(session))
                .get("/api/notifications", (request, session) -> notifications(session));
    }

    private Map<String, Object> account(Session session) {
        AccountView view = view(session);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", view.email());
        body.put("company", view.company());
        body.put("region", view.region().name());
        body.put("trialDaysLeft", view.trialDaysLeft());
        body.put("mode", view.mode().name());
        body.put("targetedTo", targeted(view.targetedTo()));
        body.put("pendingMode", view.pendingMode() == null ? null : view.pendingMode().name());
        body.put("pendingTargetedTo", view.pendingTargetedTo() == null ? null : targeted(view.pendingTargetedTo()));
        if (view.tenantId() != null) {
            body.put("tenantId", view.tenantId());
            body.put("tenantDomains", view.tenantDomains());
            if (view.tenantName() != null) {
                body.put("tenantName", view.tenantName());
            }
        }
        body.put("setup", view.setup());
        return body;
    }

    private Map<String, Object> setup(Session session) {
        return Map.of("steps", view(session).setup());
    }

    private Map<String, Object> notifications(Session session) {
        List<Map<String, Object>> notices = notifications.recent(session.accountId(), NOTIFICATIONS_SHOWN).stream()
                .map(AccountRoutes::notice).toList();
        return Map.of("notifications", notices);
    }

    static Map<String, Object> targeted(com.mailmoat.core.policy.TargetedTo targeted) {
        return Map.of("everyone", targeted.everyone(), "users", targeted.users(), "groups", targeted.groups());
    }

    private AccountView view(Session session) {
        // A session whose account is gone is as good as no session.
        return accounts.view(session.accountId()).orElseThrow(ApiError::unauthorized);
    }

    private static Map<String, Object> notice(InAppNotification n) {
        return Map.of("id", n.notificationId(), "kind", n.kind().name(), "title", n.title(),
                "message", n.message(), "createdAt", n.createdAt().toString());
    }
}
