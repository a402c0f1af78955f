package com.mailmoat.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.core.activity.Acting;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.team.ConsoleAccess;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.core.validation.RefusedException;
import com.mailmoat.lambda.config.Environment;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Base of every HTTP API function: structured logging per invocation, the request limits and CSRF
 * rules that apply to all routes, sessions, and errors answered as JSON instead of 500s.
 * Subclasses dispatch on {@link ApiRequest#routeKey()} and stay thin.
 */
public abstract class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Larger bodies are refused before parsing: no console request needs more. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Graph batches change notifications into one POST: a webhook takes more than a console request. */
    public static final int WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

    private final String consoleOrigin;
    private final boolean secureCookies;
    private final EdgeOrigin edge = EdgeOrigin.of(Environment.system());

    protected HttpApiHandler(String consoleUrl) {
        URI uri = URI.create(consoleUrl);
        this.consoleOrigin = uri.getScheme() + "://" + uri.getAuthority();
        this.secureCookies = "https".equalsIgnoreCase(uri.getScheme());
    }

    /** Handles one request; throw {@link ApiError} for anything but success. */
    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request);

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            ApiRequest request = new ApiRequest(event, edge);
            // Logs name the route and the outcome, never request data: bodies carry passwords and
            // tokens, and paths and exception messages may quote whatever the caller sent.
            try {
                checkLimits(request);
                APIGatewayV2HTTPResponse response = handle(request);
                LOG.info("{} -> {}", request.logKey(), response.getStatusCode());
                return response;
            } catch (ApiError e) {
                LOG.info("{} -> {} {}", request.logKey(), e.status(), e.code());
                return ApiResponses.error(e);
            } catch (InvalidInputException e) {
                LOG.info("{} -> 400 invalid_request", request.logKey());
                return ApiResponses.error(ApiError.badRequest("invalid_request", e.errors()));
            } catch (RefusedException e) {
                LOG.info("{} -> 409 {}", request.logKey(), e.code());
                return ApiResponses.error(new ApiError(409, e.code(), e.getMessage()));
            } catch (RuntimeException e) {
                // Never echo internals (or request data) to the caller; the log has the exception
                // type and where it was thrown, not its message.
                LOG.error("{} failed: {} at {}", request.logKey(), e.getClass().getName(), origin(e));
                return ApiResponses.error(new ApiError(500, "internal_error",
                        "Something went wrong on our side. Try again in a moment."));
            } finally {
                Acting.clear();
            }
        });
    }

    /**
     * Whether this route receives a cross-site HTML form POST by design (Microsoft's
     * {@code response_mode=form_post} sign-in answer): it is exempt from the JSON and Origin rules
     * below, must itself accept only {@code application/x-www-form-urlencoded}, must not act on the
     * session cookie (which a cross-site POST does not carry anyway), and must only record and
     * redirect. No route is, unless a handler says so.
     */
    protected boolean acceptsCrossSiteForm(ApiRequest request) {
        return false;
    }

    /**
     * Whether this route is a machine-to-machine webhook (Microsoft Graph's change notifications): no
     * browser sends it and no session cookie is read, so it is exempt from the JSON and Origin rules
     * below (Graph's validation request is {@code text/plain}) and takes larger bodies
     * ({@link #WEBHOOK_MAX_BODY_BYTES}). It must authenticate each request by itself (the notification's
     * {@code clientState}) and act on nothing it did not authenticate. No route is, unless a handler says so.
     */
    protected boolean acceptsWebhook(ApiRequest request) {
        return false;
    }

    /**
     * Size limit for all requests; for state-changing ones the CSRF rules: the body must be JSON (a
     * cross-site form cannot send that without a CORS preflight, and we grant no CORS) and an
     * Origin header, when present, must be the console's own.
     */
    private void checkLimits(ApiRequest request) {
        boolean webhook = acceptsWebhook(request);
        int limit = webhook ? WEBHOOK_MAX_BODY_BYTES : MAX_BODY_BYTES;
        String body = request.event().getBody();
        if (body != null && body.length() > (request.event().getIsBase64Encoded() ? limit * 4 / 3 + 4 : limit)) {
            throw new ApiError(413, "payload_too_large", "Request bodies are limited to " + limit + " bytes.");
        }
        if (SAFE_METHODS.contains(request.method())) {
            return;
        }
        if (webhook) {
            if (request.bodyBytes().length > limit) {
                throw new ApiError(413, "payload_too_large", "Request bodies are limited to " + limit + " bytes.");
            }
            return;
        }
        if (acceptsCrossSiteForm(request)) {
            String type = request.header("content-type").orElse("").toLowerCase(Locale.ROOT).split(";")[0].trim();
            if (!type.equals("application/x-www-form-urlencoded")) {
                throw new ApiError(415, "unsupported_media_type", "Send the request as an HTML form.");
            }
            if (request.bodyBytes().length > MAX_BODY_BYTES) {
                throw new ApiError(413, "payload_too_large", "Request bodies are limited to " + MAX_BODY_BYTES + " bytes.");
            }
            return;
        }
        String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        // A DELETE with nothing in it needs no type: no form can send DELETE, and a cross-site script
        // cannot either without the CORS preflight we never grant.
        boolean bodilessDelete = "DELETE".equals(request.method()) && request.bodyBytes().length == 0;
        if (!bodilessDelete && !contentType.split(";")[0].trim().equals("application/json")) {
            throw new ApiError(415, "unsupported_media_type", "Send the request as application/json.");
        }
        request.header("origin").ifPresent(origin -> {
            if (!origin.equalsIgnoreCase(consoleOrigin)) {
                throw new ApiError(403, "forbidden_origin", "Requests must come from the Mailmoat console.");
            }
        });
        if (request.bodyBytes().length > MAX_BODY_BYTES) {
            throw new ApiError(413, "payload_too_large", "Request bodies are limited to " + MAX_BODY_BYTES + " bytes.");
        }
    }

    /**
     * The signed-in session, or 401; 403 when the signed-in person's role may not call the route
     * ({@link ConsoleAccess}, the one table of who may do what). The account id always comes from
     * here, never from the request.
     */
    protected static Session requireSession(ApiRequest request, Sessions sessions) {
        Session session = request.cookie(SessionCookie.NAME)
                .flatMap(sessions::authenticate)
                .orElseThrow(ApiError::unauthorized);
        ConsoleAccess.refusal(request.routeKey(), session.role()).ifPresent(who -> {
            throw new ApiError(403, "forbidden_for_role", who);
        });
        Acting.member(session.memberEmail());
        return session;
    }

    protected boolean secureCookies() {
        return secureCookies;
    }

    /** 404 for a route this function does not serve (a template/handler mismatch). */
    protected static ApiError unknownRoute(ApiRequest request) {
        return ApiError.notFound("There is no such route.");
    }

    /**
     * Where an exception was thrown (its first frames, and its causes' types), for a log line that
     * carries no exception message and so no request data.
     */
    static String origin(Throwable e) {
        StringBuilder where = new StringBuilder();
        StackTraceElement[] trace = e.getStackTrace();
        for (int i = 0; i < Math.min(8, trace.length); i++) {
            where.append(i == 0 ? "" : " < ").append(trace[i].getClassName()).append(':').append(trace[i].getLineNumber());
        }
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            where.append(" caused by ").append(cause.getClass().getName());
        }
        return where.length() == 0 ? "?" : where.toString();
    }
}
