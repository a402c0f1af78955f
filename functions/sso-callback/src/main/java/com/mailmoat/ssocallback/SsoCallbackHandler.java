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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Microsoft sign-in and admin-consent round trip that connects a tenant.
 *
 * <p>Microsoft answers the sign-in with {@code response_mode=form_post}: a cross-site POST to
 * {@code /api/sso/callback} that carries no session cookie (SameSite=Lax). That POST only records
 * the answer against its single-use state and answers 303 to a same-origin GET of the callback,
 * where the cookie is present, the session and the state's binding to it are checked, and only
 * then is anything redeemed or linked. Admin consent comes back as a GET redirect.
 */
public final class SsoCallbackHandler extends HttpApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SsoCallbackHandler.class);
    private static final String POST_CALLBACK = "POST /api/sso/callback";
    /** Microsoft posts state, code (or error, error_description) and session_state. */
    private static final int MAX_FORM_FIELDS = 10;

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
    protected boolean acceptsCrossSiteForm(ApiRequest request) {
        return POST_CALLBACK.equals(request.routeKey());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return switch (request.routeKey()) {
            case "GET /api/sso/consent" -> begin(request);
            case "GET /api/sso/callback" -> callback(request);
            case POST_CALLBACK -> signInPosted(request);
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

    /** The cross-site form POST of the sign-in answer: record it, then continue same-origin. */
    private APIGatewayV2HTTPResponse signInPosted(ApiRequest request) {
        ConsentOutcome outcome = consent.recordSignIn(request.formFields(MAX_FORM_FIELDS));
        if (outcome instanceof ConsentOutcome.SignInRecorded recorded) {
            return ApiResponses.seeOther(consoleUrl + "api/sso/callback?state="
                    + URLEncoder.encode(recorded.state(), StandardCharsets.UTF_8));
        }
        return ApiResponses.seeOther(result(outcome));
    }

    private APIGatewayV2HTTPResponse callback(ApiRequest request) {
        Optional<Session> session = request.cookie(SessionCookie.NAME).flatMap(sessions::authenticate);
        Map<String, String> query = request.event().getQueryStringParameters() == null
                ? Map.of() : request.event().getQueryStringParameters();
        ConsentOutcome outcome = consent.callback(session, query);
        if (outcome instanceof ConsentOutcome.ContinueAt next) {
            return ApiResponses.redirect(next.url().toString());
        }
        return ApiResponses.redirect(result(outcome));
    }

    /** The console's result page, told what happened by a reason code (never by free text). */
    private String result(ConsentOutcome outcome) {
        if (outcome instanceof ConsentOutcome.Connected connected) {
            LOG.info("Tenant {} connected ({})", connected.tenantId(), connected.purpose());
            return consoleUrl + "consent-result?status=connected";
        }
        if (outcome instanceof ConsentOutcome.Refused refused) {
            LOG.info("Consent refused: {}", refused.reason());
            return consoleUrl + "consent-result?status=error&reason=" + refused.reason().name().toLowerCase(Locale.ROOT);
        }
        throw new IllegalStateException("Unexpected consent outcome " + outcome.getClass().getSimpleName());
    }
}
