package com.mailmoat.simulator.internal.graph;

import com.mailmoat.simulator.internal.http.SimRequest;
import com.mailmoat.simulator.internal.login.AccessToken;
import com.mailmoat.simulator.internal.tenant.Tenant;
import java.util.List;
import java.util.Map;

/**
 * One authenticated Graph call: the request, the caller's token and tenant, and the Graph base
 * URL that {@code @odata.context} and {@code @odata.nextLink} are built on.
 *
 * @param path segments after {@code /v1.0}
 */
record Call(SimRequest request, AccessToken token, Tenant tenant, String graphBase, List<String> path) {

    Map<String, String> query() {
        return request.query();
    }

    String param(String name) {
        return request.query().get(name);
    }

    boolean eventualConsistency() {
        return "eventual".equalsIgnoreCase(request.header("ConsistencyLevel"));
    }

    String method() {
        return request.method();
    }
}
