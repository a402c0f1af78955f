package com.mailmoat.local.http;

import com.mailmoat.local.lambda.LambdaFunction;
import com.mailmoat.local.template.EventSource;
import com.mailmoat.local.template.TemplateException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The HTTP API's routes, read from the functions' {@code HttpApi} events. */
public final class RouteTable {
    private final List<ApiRoute> routes;

    private RouteTable(List<ApiRoute> routes) {
        this.routes = routes.stream().sorted(Comparator.comparingLong(ApiRoute::specificity).reversed()).toList();
    }

    /** The routes of every HttpApi event of {@code functions}; a route key used twice is an error. */
    public static RouteTable of(List<LambdaFunction> functions) {
        List<ApiRoute> routes = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (LambdaFunction function : functions) {
            for (EventSource event : function.definition().events()) {
                if (event instanceof EventSource.HttpApi api) {
                    ApiRoute route = new ApiRoute(api.method(), api.path(), function);
                    String previous = owners.put(route.routeKey(), function.definition().logicalId());
                    if (previous != null) {
                        throw new TemplateException("Route " + route.routeKey() + " is declared by both "
                                + previous + " and " + function.definition().logicalId());
                    }
                    routes.add(route);
                }
            }
        }
        return new RouteTable(routes);
    }

    /** Every route, most specific first. */
    public List<ApiRoute> routes() {
        return routes;
    }

    /** The route API Gateway would pick for this request, with its path parameters. */
    public Optional<Match> match(String method, String rawPath) {
        for (ApiRoute route : routes) {
            if (route.method().equals("ANY") || route.method().equals(method)) {
                Optional<Map<String, String>> parameters = route.match(rawPath);
                if (parameters.isPresent()) {
                    return Optional.of(new Match(route, parameters.get()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A matched route.
     *
     * @param route          the route
     * @param pathParameters its path parameters, decoded
     */
    public record Match(ApiRoute route, Map<String, String> pathParameters) {
    }
}
