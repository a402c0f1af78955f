package com.mailmoat.upgrade;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.exchange.BlockedSenderCollector;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.session.LoginResult;
import com.mailmoat.core.session.LoginService;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.upgrade.Notice;
import com.mailmoat.core.upgrade.HeldBackSenders;
import com.mailmoat.core.upgrade.Offboarding;
import com.mailmoat.core.upgrade.Upgrade;
import com.mailmoat.core.upgrade.UpgradePreview;
import com.mailmoat.core.upgrade.UpgradeService;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.HttpApiHandler;
import com.mailmoat.lambda.http.PasswordErrors;
import com.mailmoat.lambda.http.TargetedToJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /api/upgrade {"mode", "targetedTo", "confirm": true}} → 202 {@code {"id", "consentUrl"}}
 * (the workflow starts when the administrator has confirmed Microsoft permissions);
 * {@code GET /api/upgrade} → the upgrade with its steps, warnings and the transport rules it pushed
 * down; {@code POST /api/upgrade/cancel} withdraws a request still waiting for consent (409 otherwise);
 * {@code GET /api/upgrade/preview} → what to know before confirming (DNS warnings, the rules that would move
 * down, Blocked senders Exchange leaves out); {@code POST /api/offboard {"confirm": true, "password"}} → 200 with what was removed (the password
 * asked again, as for closing the account: offboarding cannot be undone and erases the detections).
 */
public final class UpgradeApiHandler extends HttpApiHandler {
    private final Sessions sessions;
    private final UpgradeService upgrades;
    private final Offboarding offboarding;
    private final HeldBackSenders heldBack;
    private final UpgradePreview preview;
    private final AccountRepository accounts;
    /** Built when a password is checked: the workflow's task functions share this wiring but have no Throttles table. */
    private final Supplier<LoginService> logins;

    public UpgradeApiHandler() {
        this(UpgradeWiring.instance());
    }

    private UpgradeApiHandler(UpgradeWiring wiring) {
        this(wiring.sessions, wiring.upgrades, wiring.offboarding, wiring.heldBack, wiring.preview, wiring.accounts,
                wiring.logins, wiring.consoleUrl);
    }

    public UpgradeApiHandler(Sessions sessions, UpgradeService upgrades, Offboarding offboarding, HeldBackSenders heldBack,
                             UpgradePreview preview, AccountRepository accounts, Supplier<LoginService> logins,
                             String consoleUrl) {
        super(consoleUrl);
        this.sessions = sessions;
        this.upgrades = upgrades;
        this.offboarding = offboarding;
        this.heldBack = heldBack;
        this.preview = preview;
        this.accounts = accounts;
        this.logins = logins;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return switch (request.routeKey()) {
            case "POST /api/upgrade" -> upgrade(request, requireSession(request, sessions));
            case "GET /api/upgrade" -> status(requireSession(request, sessions));
            case "POST /api/upgrade/rule-order-reviewed" -> ruleOrderReviewed(requireSession(request, sessions));
            case "POST /api/upgrade/cancel" -> cancel(requireSession(request, sessions));
            case "GET /api/upgrade/preview" -> preview(requireSession(request, sessions));
            case "POST /api/offboard" -> offboard(request, requireSession(request, sessions));
            case "GET /api/upgrade/held-back" -> heldBack(requireSession(request, sessions));
            default -> throw unknownRoute(request);
        };
    }

    private APIGatewayV2HTTPResponse upgrade(ApiRequest request, Session session) {
        JsonNode body = request.json();
        requireConfirmation(body, "Upgrading changes your Exchange Online transport rules: confirm it with "
                + "\"confirm\": true after reading the warning.");
        List<FieldError> errors = new ArrayList<>();
        Mode mode = null;
        String text = body.path("mode").asText("").toUpperCase(Locale.ROOT);
        if (text.equals("MONITOR") || text.equals("PROTECT")) {
            mode = Mode.valueOf(text);
        } else {
            errors.add(new FieldError("mode", "must be MONITOR or PROTECT"));
        }
        TargetedTo targetedTo = null;
        try {
            targetedTo = TargetedToJson.parse(body.path("targetedTo"));
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        UpgradeService.Requested requested = upgrades.request(session.accountId(), mode, targetedTo);
        return ApiResponses.json(202, Map.of("id", requested.upgrade().upgradeId(), "consentUrl", requested.consentUrl()));
    }

    private APIGatewayV2HTTPResponse status(Session session) {
        Upgrade upgrade = upgrades.current(session.accountId())
                .orElseThrow(() -> new ApiError(404, "no_upgrade", "There is no upgrade: choose Upgrade Now to start one."));
        return ApiResponses.json(200, json(upgrade));
    }

    private APIGatewayV2HTTPResponse heldBack(Session session) {
        HeldBackSenders.View view = heldBack.of(session.accountId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", view.mode().name());
        body.put("rulesInstalled", view.rulesInstalled());
        body.put("removing", view.removing());
        body.put("senders", view.senders().stream().map(s -> {
            Map<String, Object> sender = new LinkedHashMap<>();
            sender.put("value", s.value());
            sender.put("why", s.why().name());
            return sender;
        }).toList());
        body.put("leftOut", leftOut(view.leftOut()));
        return ApiResponses.json(200, body);
    }

    private APIGatewayV2HTTPResponse cancel(Session session) {
        upgrades.cancel(session.accountId());
        Account account = accounts.findById(session.accountId()).orElseThrow(ApiError::unauthorized);
        return ApiResponses.json(200, Map.of("cancelled", true, "mode", account.mode().name()));
    }

    private APIGatewayV2HTTPResponse preview(Session session) {
        UpgradePreview.Preview seen = preview.of(session.accountId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("warnings", notices(seen.warnings()));
        body.put("rulesMovingDown", seen.rulesMovingDown().stream().map(r -> {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("name", r.name());
            rule.put("priority", r.priority());
            rule.put("disclaimer", r.disclaimer());
            return rule;
        }).toList());
        body.put("rulesUnreadable", seen.rulesUnreadable());
        body.put("leftOut", leftOut(seen.leftOut()));
        return ApiResponses.json(200, body);
    }

    private static List<Map<String, Object>> leftOut(List<BlockedSenderCollector.LeftOut> leftOut) {
        return leftOut.stream().map(l -> Map.<String, Object>of("value", l.value(), "why", l.because().name())).toList();
    }

    private APIGatewayV2HTTPResponse ruleOrderReviewed(Session session) {
        return ApiResponses.json(200, json(upgrades.ruleOrderReviewed(session.accountId())));
    }

    private APIGatewayV2HTTPResponse offboard(ApiRequest request, Session session) {
        JsonNode body = request.json();
        requireConfirmation(body, "Offboarding removes Mailmoat from your Microsoft 365 tenant: confirm it with "
                + "\"confirm\": true.");
        // A session alone does not undo protection and erase the detections: the password is asked again.
        String password = request.requireStrings("password").get(0);
        Account account = accounts.findById(session.accountId()).orElseThrow(ApiError::unauthorized);
        LoginResult check = logins.get().reauthenticate(account, password, PasswordErrors.signInSource(request));
        if (!(check instanceof LoginResult.Confirmed)) {
            throw PasswordErrors.refused(check);
        }
        Offboarding.Result result = offboarding.offboard(session.accountId(), body.path("force").asBoolean(false),
                body.path("keepQuarantined").asBoolean(false));
        List<Map<String, Object>> removed = new ArrayList<>();
        result.removed().forEach(r -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("kind", r.kind());
            item.put("name", r.name());
            item.put("count", r.count());
            removed.add(item);
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenantId", result.tenantId());
        answer.put("removed", removed);
        answer.put("notRemoved", result.notRemoved());
        answer.put("nextStep", result.nextStep());
        answer.put("dataErasure", result.dataErasure());
        return ApiResponses.json(200, answer);
    }

    private static void requireConfirmation(JsonNode body, String why) {
        if (!body.path("confirm").isBoolean() || !body.path("confirm").asBoolean()) {
            throw ApiError.badRequest("confirmation_required", why);
        }
    }

    /** The upgrade as the console reads it. */
    static Map<String, Object> json(Upgrade upgrade) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", upgrade.upgradeId());
        json.put("status", upgrade.status().name());
        json.put("mode", upgrade.mode().name());
        json.put("targetedTo", Map.of("everyone", upgrade.targetedTo().everyone(), "users", upgrade.targetedTo().users(),
                "groups", upgrade.targetedTo().groups()));
        List<Map<String, Object>> steps = new ArrayList<>();
        upgrade.steps().forEach(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("name", s.step().stateName());
            step.put("label", s.step().label());
            step.put("status", s.status().name());
            step.put("error", s.error());
            steps.add(step);
        });
        json.put("steps", steps);
        json.put("warnings", notices(upgrade.warnings()));
        json.put("blockers", notices(upgrade.blockers()));
        List<Map<String, Object>> moves = new ArrayList<>();
        upgrade.rulesPushedDown().forEach(m -> {
            Map<String, Object> move = new LinkedHashMap<>();
            move.put("name", m.name());
            move.put("from", m.from());
            move.put("to", m.to());
            move.put("disclaimer", m.disclaimer());
            moves.add(move);
        });
        json.put("rulesPushedDown", moves);
        json.put("rulesInstalled", upgrade.installedRules());
        json.put("directoryImported", upgrade.directoryImported() == null ? null
                : Map.of("users", upgrade.directoryImported().users(), "groups", upgrade.directoryImported().groups()));
        json.put("error", upgrade.error());
        json.put("requestedAt", String.valueOf(upgrade.requestedAt()));
        json.put("finishedAt", upgrade.finishedAt() == null ? null : upgrade.finishedAt().toString());
        json.put("ruleOrderReviewedAt", upgrade.ruleOrderReviewedAt() == null ? null : upgrade.ruleOrderReviewedAt().toString());
        return json;
    }

    private static List<Map<String, Object>> notices(List<Notice> notices) {
        List<Map<String, Object>> list = new ArrayList<>();
        notices.forEach(n -> list.add(Map.of("code", n.code(), "message", n.message(), "fix", n.fix())));
        return list;
    }
}
