package com.mailmoat.lambda.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.core.session.Session;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The routes of a console function that all need a signed-in session, keyed by the template's
 * route key ({@code "GET /api/scans/{id}"}). Route groups (one class per feature) register their
 * routes on a {@link Builder}; the handler authenticates once and dispatches.
 */
public final class SessionRoutes {

    /** One route: the request and the session (whose account id is the only one it may use). */
    @FunctionalInterface
    public interface Route {
        APIGatewayV2HTTPResponse handle(ApiRequest request, Session session);
    }

    /** A route answering JSON with a fixed status. */
    @FunctionalInterface
    public interface JsonRoute {
        Object handle(ApiRequest request, Session session);
    }

    /** A feature's routes, registered together. */
    @FunctionalInterface
    public interface Group {
        void register(Builder routes);
    }

    private final Map<String, Route> routes;

    private SessionRoutes(Map<String, Route> routes) {
        this.routes = Map.copyOf(routes);
    }

    public static SessionRoutes of(Group... groups) {
        Builder builder = new Builder();
        for (Group group : groups) {
            group.register(builder);
        }
        return new SessionRoutes(builder.routes);
    }

    /** The route keys served, e.g. to compare with template.yaml in tests. */
    public Set<String> routeKeys() {
        return routes.keySet();
    }

    /** Answers the request, or 404 for a route key nobody registered (a template/handler mismatch). */
    public APIGatewayV2HTTPResponse dispatch(ApiRequest request, Session session) {
        Route route = routes.get(request.routeKey());
        if (route == null) {
            throw ApiError.notFound("There is no such route.");
        }
        return route.handle(request, session);
    }

    public static final class Builder {
        private final Map<String, Route> routes = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder route(String routeKey, Route route) {
            if (routes.putIfAbsent(routeKey, route) != null) {
                throw new IllegalStateException("Route " + routeKey + " registered twice");
            }
            return this;
        }

        public Builder json(String routeKey, int status, JsonRoute route) {
            return route(routeKey, (request, session) -> ApiResponses.json(status, route.handle(request, session)));
        }

        public Builder get(String path, JsonRoute route) {
            return json("GET " + path, 200, route);
        }
    }
}
