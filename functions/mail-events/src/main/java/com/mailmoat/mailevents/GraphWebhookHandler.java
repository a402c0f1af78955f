package com.mailmoat.mailevents;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.core.realtime.NotificationIntake;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.HttpApiHandler;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Microsoft Graph's webhook: {@code POST /api/graph/notifications} (change notifications) and
 * {@code POST /api/graph/lifecycle} (lifecycle notifications). A request with {@code validationToken}
 * is Graph's validation handshake, answered 200 {@code text/plain} with the decoded token; any other
 * is a batch of notifications, each checked against its subscription's clientState, queued once and
 * answered 202 (5xx when they could not be queued: Graph then retries). Not a console route: no
 * session, no JSON-only rule (see {@link #acceptsWebhook}).
 */
public final class GraphWebhookHandler extends HttpApiHandler {
    static final String NOTIFICATIONS = "POST /api/graph/notifications";
    static final String LIFECYCLE = "POST /api/graph/lifecycle";
    private static final Logger LOG = LoggerFactory.getLogger(GraphWebhookHandler.class);

    private final NotificationIntake intake;

    public GraphWebhookHandler() {
        this(MailEventsWiring.webhook());
    }

    private GraphWebhookHandler(MailEventsWiring.Webhook wiring) {
        this(wiring.intake, wiring.consoleUrl);
    }

    public GraphWebhookHandler(NotificationIntake intake, String consoleUrl) {
        super(consoleUrl);
        this.intake = intake;
    }

    @Override
    protected boolean acceptsWebhook(ApiRequest request) {
        return NOTIFICATIONS.equals(request.routeKey()) || LIFECYCLE.equals(request.routeKey());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        if (!acceptsWebhook(request)) {
            throw unknownRoute(request);
        }
        Optional<String> token = request.queryParameter("validationToken");
        if (token.isPresent()) {
            return ApiResponses.text(200, GraphNotifications.validationToken(token.get()));
        }
        var notifications = GraphNotifications.parse(request);
        boolean lifecycle = LIFECYCLE.equals(request.routeKey());
        NotificationIntake.Result result = lifecycle ? intake.lifecycle(notifications) : intake.changes(notifications);
        LOG.info("{} notifications: {} accepted, {} duplicates, {} rejected, {} ignored", lifecycle ? "Lifecycle" : "Change",
                result.accepted(), result.duplicates(), result.rejected(), result.ignored());
        return ApiResponses.accepted();
    }

    /** 400 for a body that is not Graph's notification collection. */
    static ApiError malformed(String what) {
        return ApiError.badRequest("malformed_notification", what);
    }
}
