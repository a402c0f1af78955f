package com.mailmoat.adapters.m365;

import com.microsoft.graph.models.User;
import java.util.List;

/** The tenant's user list, read the one way both gateways need it (all pages, the fields we use). */
final class GraphUsers {
    static final String[] FIELDS = {"id", "userPrincipalName", "mail", "displayName"};

    private GraphUsers() {
    }

    static List<User> all(GraphCalls calls, String tenantId) {
        return calls.collect(tenantId, "list users",
                graph -> graph.users().get(request -> {
                    request.queryParameters.select = FIELDS;
                    request.queryParameters.top = 999;
                }),
                (graph, next) -> graph.users().withUrl(next).get(),
                page -> page.getValue());
    }
}
