package com.mailmoat.consoleapi;

import com.mailmoat.core.account.AccountService;
import com.mailmoat.core.account.AccountView;
import com.mailmoat.core.notify.Branding;
import com.mailmoat.core.notify.BrandingRepository;
import com.mailmoat.core.notify.EmailChoices;
import com.mailmoat.core.notify.EmailChoicesRepository;
import com.mailmoat.core.notify.InAppNotification;
import com.mailmoat.core.notify.InAppNotificationStore;
import com.mailmoat.core.notify.LogoFetcher;
import com.mailmoat.core.notify.LogoImage;
import com.mailmoat.core.notify.LogoStore;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.SessionRoutes;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed-in account (with its email branding and choice of emails), its onboarding checklist and its notification
 * area (newest first, with read state and the unread count), as the console shows them.
 */
public final class AccountRoutes implements SessionRoutes.Group {
    private static final int NOTIFICATIONS_SHOWN = 50;

    private final AccountService accounts;
    private final InAppNotificationStore notifications;
    private final BrandingRepository brandings;
    private EmailChoicesRepository emailChoices;
    private LogoStore logos;
    private LogoFetcher logoFetcher;

    /** Without branding storage: the account shows Mailmoat's look and branding cannot be set. */
    public AccountRoutes(AccountService accounts, InAppNotificationStore notifications) {
        this(accounts, notifications, null);
    }

    public AccountRoutes(AccountService accounts, InAppNotificationStore notifications, BrandingRepository brandings) {
        this.accounts = accounts;
        this.notifications = notifications;
        this.brandings = brandings;
    }

    /** With the account's choice of optional emails ({@code PUT /api/account/email-choices}). */
    public AccountRoutes withEmailChoices(EmailChoicesRepository choices) {
        this.emailChoices = choices;
        return this;
    }

    /**
     * With copies of the logo ({@code GET /api/account/logo}): a logo address is fetched once when saved and the
     * console shows the copy, so administrators' browsers never contact the customer's host.
     */
    public AccountRoutes withLogos(LogoStore store, LogoFetcher fetcher) {
        this.logos = store;
        this.logoFetcher = fetcher;
        return this;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/account", (request, session) -> account(session))
                .json("PUT /api/account/profile", 200, this::setProfile)
                .get("/api/setup", (request, session) -> setup(session))
                .get("/api/notifications", (request, session) -> notifications(session))
                .json("POST /api/notifications/{id}/read", 200, this::markRead)
                .json("POST /api/notifications/read-all", 200, (request, session) -> markAllRead(session));
        if (brandings != null) {
            routes.json("PUT /api/account/branding", 200, this::setBranding);
        }
        if (logos != null) {
            routes.route("GET /api/account/logo", this::logo);
        }
        if (emailChoices != null) {
            routes.json("PUT /api/account/email-choices", 200, this::setEmailChoices);
        }
    }

    private Map<String, Object> account(Session session) {
        AccountView view = view(session);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", view.email());
        // Who is signed in (the owner, or a team member) and what they may do: the console's header and buttons.
        Map<String, Object> signedInAs = new LinkedHashMap<>();
        signedInAs.put("email", session.isOwner() ? view.email() : session.memberEmail());
        signedInAs.put("role", session.role().name());
        signedInAs.put("roleLabel", session.role().label());
        body.put("signedInAs", signedInAs);
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
        body.put("branding", branding(brandings == null ? Branding.NONE : brandings.find(session.accountId()), session.accountId()));
        body.put("emailChoices", emailChoices(emailChoices == null ? EmailChoices.ALL : emailChoices.find(session.accountId())));
        return body;
    }

    /**
     * {@code {"removals": bool, "realTimeAlerts": bool}}, either optional (absent = unchanged): which
     * routine emails the administrator gets; in-app notices stay whatever is chosen.
     */
    private Map<String, Object> setEmailChoices(ApiRequest request, Session session) {
        view(session);
        JsonNode body = request.json();
        List<FieldError> errors = new ArrayList<>();
        EmailChoices current = emailChoices.find(session.accountId());
        boolean removals = optionalFlag(body, "removals", current.removals(), errors);
        boolean realTimeAlerts = optionalFlag(body, "realTimeAlerts", current.realTimeAlerts(), errors);
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("removals") && !name.equals("realTimeAlerts")) {
                errors.add(new FieldError(name, "is not an email choice (removals, realTimeAlerts)"));
            }
        });
        if (!errors.isEmpty()) {
            throw ApiError.badRequest("invalid_request", errors);
        }
        EmailChoices chosen = new EmailChoices(removals, realTimeAlerts);
        emailChoices.save(session.accountId(), chosen);
        accounts.emailChoicesSaved(session.accountId(), current, chosen);
        return Map.of("emailChoices", emailChoices(chosen));
    }

    private static boolean optionalFlag(JsonNode body, String name, boolean current, List<FieldError> errors) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return current;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(name, "must be true or false"));
            return current;
        }
        return value.booleanValue();
    }

    private static Map<String, Object> emailChoices(EmailChoices choices) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("removals", choices.removals());
        body.put("realTimeAlerts", choices.realTimeAlerts());
        return body;
    }

    /** {@code {"company": "…"}}: the organisation's name as the console and the emails greet it. */
    private Map<String, Object> setProfile(ApiRequest request, Session session) {
        JsonNode body = request.json();
        List<FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("company")) {
                errors.add(new FieldError(name, "cannot be changed here (only company; the email and region are fixed)"));
            }
        });
        if (!body.path("company").isTextual()) {
            errors.add(new FieldError("company", "is required: your company's name"));
        }
        if (!errors.isEmpty()) {
            throw ApiError.badRequest("invalid_request", errors);
        }
        accounts.renameCompany(session.accountId(), body.path("company").asText()).orElseThrow(ApiError::unauthorized);
        return account(session);
    }

    private Map<String, Object> setup(Session session) {
        return Map.of("steps", view(session).setup());
    }

    private Map<String, Object> notifications(Session session) {
        List<Map<String, Object>> notices = notifications.recent(session.accountId(), NOTIFICATIONS_SHOWN).stream()
                .map(AccountRoutes::notice).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("notifications", notices);
        body.put("unread", notifications.unreadCount(session.accountId()));
        return body;
    }

    private Map<String, Object> markRead(ApiRequest request, Session session) {
        String id = request.idParameter("id", "notification");
        if (!notifications.markRead(session.accountId(), id)) {
            throw ApiError.notFound("There is no such notification.");
        }
        return Map.of("unread", notifications.unreadCount(session.accountId()));
    }

    private Map<String, Object> markAllRead(Session session) {
        notifications.markAllRead(session.accountId());
        return Map.of("unread", notifications.unreadCount(session.accountId()));
    }

    /** {@code {"logoUrl": "https://…" | null, "accentColor": "#RRGGBB" | null}}; both keys optional (absent = null). */
    private Map<String, Object> setBranding(ApiRequest request, Session session) {
        view(session);
        JsonNode body = request.json();
        List<FieldError> errors = new ArrayList<>();
        String logoUrl = optionalString(body, "logoUrl", errors);
        String accentColor = optionalString(body, "accentColor", errors);
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("logoUrl") && !name.equals("accentColor")) {
                errors.add(new FieldError(name, "is not a branding setting (logoUrl, accentColor)"));
            }
        });
        Branding branding = new Branding(logoUrl, accentColor);
        errors.addAll(branding.problems());
        if (!errors.isEmpty()) {
            throw ApiError.badRequest("invalid_request", errors);
        }
        copyLogo(session.accountId(), branding.logoUrl());
        brandings.save(session.accountId(), branding);
        accounts.brandingSaved(session.accountId(), branding);
        return branding(branding, session.accountId());
    }

    /** The copy the console shows: taken again only when the address changed; gone with the address. */
    private void copyLogo(String accountId, String logoUrl) {
        if (logos == null) {
            return;
        }
        if (logoUrl == null) {
            logos.delete(accountId);
            return;
        }
        if (logos.find(accountId).map(LogoImage::sourceUrl).filter(logoUrl::equals).isPresent()) {
            return;
        }
        try {
            logos.save(accountId, logoFetcher.fetch(logoUrl));
        } catch (LogoFetcher.LogoUnavailableException e) {
            throw ApiError.badRequest("invalid_request", List.of(new FieldError("logoUrl", e.getMessage())));
        }
    }

    /** The logo copy as an image: its type from its own bytes, never sniffed, never run as a document. */
    private APIGatewayV2HTTPResponse logo(ApiRequest request, Session session) {
        LogoImage logo = logos.find(session.accountId()).orElseThrow(() -> ApiError.notFound("There is no logo."));
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", logo.contentType());
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", "default-src 'none'; sandbox");
        headers.put("Content-Disposition", "inline; filename=\"logo\"");
        // The address carries the image's version, so a changed logo is a new address.
        headers.put("Cache-Control", "private, max-age=86400");
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(200);
        response.setHeaders(headers);
        response.setBody(Base64.getEncoder().encodeToString(logo.bytes()));
        response.setIsBase64Encoded(true);
        return response;
    }

    private static String optionalString(JsonNode body, String field, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string or null"));
            return null;
        }
        String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }

    static Map<String, Object> targeted(com.mailmoat.core.policy.TargetedTo targeted) {
        return Map.of("everyone", targeted.everyone(), "users", targeted.users(), "groups", targeted.groups());
    }

    private AccountView view(Session session) {
        // A session whose account is gone is as good as no session.
        return accounts.view(session.accountId()).orElseThrow(ApiError::unauthorized);
    }

    /** The branding; {@code logoPath} is where the console loads the logo from (our copy), null without one. */
    private Map<String, Object> branding(Branding branding, String accountId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("logoUrl", branding.logoUrl());
        body.put("accentColor", branding.accentColor());
        body.put("logoPath", logos == null || branding.logoUrl() == null ? null
                : logos.find(accountId).map(logo -> "/api/account/logo?v=" + logo.version()).orElse(null));
        return body;
    }

    private static Map<String, Object> notice(InAppNotification n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", n.notificationId());
        body.put("kind", n.kind().name());
        body.put("title", n.title());
        body.put("message", n.message());
        body.put("createdAt", n.createdAt().toString());
        body.put("read", n.read());
        return body;
    }
}
