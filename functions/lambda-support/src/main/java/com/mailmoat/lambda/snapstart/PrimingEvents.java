package com.mailmoat.lambda.snapstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.mailmoat.core.security.SecretTokens;
import com.mailmoat.lambda.http.SessionCookie;
import java.util.List;
import java.util.Map;

/**
 * Synthetic API Gateway requests for SnapStart priming: requests a handler answers without writing
 * anything (a session cookie nobody was ever issued, input refused by validation, read-only routes),
 * so that priming runs the handler's real path — event mapping, routing, session lookup, JSON in and
 * out, error responses — before the snapshot.
 */
public final class PrimingEvents {
    private PrimingEvents() {
    }

    /** A request as the HTTP API sends it; {@code body} is JSON or null. */
    public static APIGatewayV2HTTPEvent request(String method, String path, String body) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(method + " " + path);
        event.setRawPath(path);
        event.setRawQueryString("");
        event.setHeaders(body == null ? Map.of("user-agent", "mailmoat-priming")
                : Map.of("user-agent", "mailmoat-priming", "content-type", "application/json"));
        event.setBody(body);
        event.setIsBase64Encoded(false);
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("192.0.2.1");
        http.setUserAgent("mailmoat-priming");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setRouteKey(method + " " + path);
        context.setRequestId("priming");
        context.setStage("$default");
        event.setRequestContext(context);
        return event;
    }

    /** The same with a session cookie that was never issued: the session lookup runs and finds nothing. */
    public static APIGatewayV2HTTPEvent withUnknownSession(String method, String path, String body) {
        APIGatewayV2HTTPEvent event = request(method, path, body);
        event.setCookies(List.of(SessionCookie.NAME + "=" + SecretTokens.generate()));
        return event;
    }

    /** A random key that no table holds (a 256-bit random token). */
    public static String unknownKey() {
        return "priming-" + SecretTokens.generate();
    }
}
