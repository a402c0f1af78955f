package com.mailmoat.consoleapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.HttpApiHandler;
import com.mailmoat.lambda.http.SessionRoutes;

/** What the console reads and writes; every route needs a session and sees only its own account. */
public final class ConsoleApiHandler extends HttpApiHandler {
    private final Sessions sessions;
    private final SessionRoutes routes;

    public ConsoleApiHandler() {
        this(ConsoleApiWiring.instance());
    }

    private ConsoleApiHandler(ConsoleApiWiring wiring) {
        this(wiring.sessions, wiring.routes, wiring.consoleUrl);
    }

    public ConsoleApiHandler(Sessions sessions, SessionRoutes routes, String consoleUrl) {
        super(consoleUrl);
        this.sessions = sessions;
        this.routes = routes;
    }

    /** The template's catch-all for every /api path and method no function has. */
    static final String UNKNOWN_API_ROUTE = "ANY /api/{proxy+}";

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        if (UNKNOWN_API_ROUTE.equals(request.routeKey())) {
            throw unknownRoute(request); // with or without a session: nothing is there
        }
        return routes.dispatch(request, requireSession(request, sessions));
    }
}
