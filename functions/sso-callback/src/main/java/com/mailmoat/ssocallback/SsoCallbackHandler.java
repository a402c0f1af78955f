package com.mailmoat.ssocallback;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.core.consent.ConsentFlow;
import com.mailmoat.core.consent.ConsentOutcome;
import com.mailmoat.core.consent.ConsentPurpose;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.HttpApiHandler;
import com.mailmoat.lambda.http.SessionCookie;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Microsoft sign-in and admin-consent round trip that connects a tenant. */
public final class SsoCallbackHandler extends HttpApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SsoCallbackHandler.class);

    private final Sessions sessions;
    private final ConsentFlow consent;
    private final String consoleUrl;

    public SsoCallbackHandler() {
        this(SsoCallbackWiring.instance());
    }

    private SsoCallbackHandler(SsoCallbackWiring wiring) {
        this(wiring.sessions, wiring.consent, wiring.consoleUrl);
    }

    public SsoCallbackHandler(Sessions sessions, ConsentFlow consent, String consoleUrl) {
        super(consoleUrl);
        this.sessions = sessions;
        this.consent = consent;
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return switch (request.routeKey()) {
            case "GET /api/sso/consent" -> begin(request);
            case "GET /api/sso/callback" -> callback(request);
            default -> throw unknownRoute(request);
        };
    }

    private APIGatewayV2HTTPResponse begin(ApiRequest request) {
        Session session = requireSession(request, sessions);
        ConsentPurpose purpose = request.queryParameter("purpose")
                .map(p -> switch (p) {
                    case "reconsent" -> ConsentPurpose.RECONSENT;
                    case "connect" -> ConsentPurpose.CONNECT_TENANT;
                    default -> throw ApiError.badRequest("invalid_request", "purpose must be connect or reconsent");
                })
                .orElse(ConsentPurpose.CONNECT_TENANT);
        return ApiResponses.redirect(consent.begin(session, purpose).toString());
    }

    private APIGatewayV2HTTPResponse callback(ApiRequest request) {
        Optional<Session> session = request.cookie(SessionCookie.NAME).flatMap(sessions::authenticate);
        Map<String, String> query = request.event().getQueryStringParameters() == null
                ? Map.of() : request.event().getQueryStringParameters();
        ConsentOutcome outcome = consent.callback(session, query);
        if (outcome instanceof ConsentOutcome.ContinueAt next) {
            return ApiResponses.redirect(next.url().toString());
        }
        if (outcome instanceof ConsentOutcome.Connected connected) {
            LOG.info("Tenant {} connected ({})", connected.tenantId(), connected.purpose());
            return ApiResponses.redirect(consoleUrl + "consent-result?status=connected");
        }
        ConsentOutcome.Refused refused = (ConsentOutcome.Refused) outcome;
        LOG.info("Consent refused: {}", refused.reason());
        return ApiResponses.redirect(consoleUrl + "consent-result?status=error&reason="
                + refused.reason().name().toLowerCase() + "&message="
                + URLEncoder.encode(refused.message(), StandardCharsets.UTF_8));
    }
}
