package com.mailmoat.modechange;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.policy.ModeChanges;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.HttpApiHandler;
import com.mailmoat.lambda.http.TargetedToJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code PUT /api/mode {"mode", "targetedTo": {"everyone": true} | {"users": [...], "groups": [...]}}}:
 * the change waits for the administrator to re-confirm Microsoft permissions (202 with the consent
 * URL); Monitor or Protect from Threat Scan Only is the upgrade workflow's job (409).
 */
public final class ModeChangeHandler extends HttpApiHandler {
    private final Sessions sessions;
    private final ModeChanges modes;

    public ModeChangeHandler() {
        this(ModeChangeWiring.instance());
    }

    private ModeChangeHandler(ModeChangeWiring wiring) {
        this(wiring.sessions, wiring.modes, wiring.consoleUrl);
    }

    public ModeChangeHandler(Sessions sessions, ModeChanges modes, String consoleUrl) {
        super(consoleUrl);
        this.sessions = sessions;
        this.modes = modes;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        if (!"PUT /api/mode".equals(request.routeKey())) {
            throw unknownRoute(request);
        }
        Session session = requireSession(request, sessions);
        JsonNode body = request.json();
        List<FieldError> errors = new ArrayList<>();
        Mode mode = null;
        try {
            mode = Mode.valueOf(body.path("mode").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("mode", "must be MONITOR, PROTECT, DISABLED or THREAT_SCAN_ONLY"));
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
        ModeChanges.Outcome outcome = modes.request(session.accountId(), mode, targetedTo);
        if (outcome instanceof ModeChanges.Outcome.UpgradeRequired upgrade) {
            throw new ApiError(409, "upgrade_required", "Moving from Threat Scan Only to "
                    + upgrade.requested().label() + " installs Mailmoat in Exchange Online: start it with Upgrade Now "
                    + "on the Upgrade page.");
        }
        if (outcome instanceof ModeChanges.Outcome.NotConnected) {
            throw new ApiError(409, "not_connected", "Connect Microsoft 365 before choosing a protection mode.");
        }
        if (outcome instanceof ModeChanges.Outcome.Unchanged unchanged) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("mode", unchanged.mode().name());
            answer.put("targetedTo", json(unchanged.targetedTo()));
            answer.put("pendingWithdrawn", unchanged.withdrawn());
            return ApiResponses.json(200, answer);
        }
        ModeChanges.Outcome.Pending pending = (ModeChanges.Outcome.Pending) outcome;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pendingMode", pending.pendingMode().name());
        answer.put("pendingTargetedTo", json(pending.pendingTargetedTo()));
        answer.put("consentUrl", pending.consentUrl());
        return ApiResponses.json(202, answer);
    }

    private static Map<String, Object> json(TargetedTo targeted) {
        return Map.of("everyone", targeted.everyone(), "users", targeted.users(), "groups", targeted.groups());
    }
}
