package com.mailmoat.consoleapi;

import com.mailmoat.core.account.ConcurrentUpdateException;
import com.mailmoat.core.policy.EffectivePolicy;
import com.mailmoat.core.policy.Policy;
import com.mailmoat.core.policy.PolicyService;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.SessionRoutes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Policies: list by priority, create, edit, delete, and which one applies to a sender and recipient. */
public final class PolicyRoutes implements SessionRoutes.Group {
    private final PolicyService policies;

    public PolicyRoutes(PolicyService policies) {
        this.policies = policies;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/policies", (request, session) -> Map.of("items",
                        policies.list(session.accountId()).stream().map(PolicyJson::write).toList()))
                .json("POST /api/policies", 201, (request, session) ->
                        PolicyJson.write(policies.create(session.accountId(), PolicyJson.read(request.json()))))
                .get("/api/policies/effective", (request, session) -> effective(request, session))
                .get("/api/policies/{id}", (request, session) -> PolicyJson.write(policies.find(session.accountId(), id(request))
                        .orElseThrow(() -> ApiError.notFound("No such policy."))))
                .json("PUT /api/policies/{id}", 200, this::update)
                .route("DELETE /api/policies/{id}", (request, session) -> {
                    switch (policies.delete(session.accountId(), id(request))) {
                        case NOT_FOUND -> throw ApiError.notFound("No such policy.");
                        case DEFAULT_POLICY -> throw new ApiError(409, "default_policy",
                                "The Default Policy cannot be deleted; edit its engines and actions instead.");
                        default -> {
                            return com.mailmoat.lambda.http.ApiResponses.noContent(java.util.List.of());
                        }
                    }
                });
    }

    private Map<String, Object> update(ApiRequest request, Session session) {
        if (!request.json().path("version").isIntegralNumber()) {
            // Without the version read, a change made meanwhile would be overwritten unseen.
            throw new InvalidInputException(List.of(new FieldError("version", "is required: the version of the policy you read")));
        }
        if (com.mailmoat.core.policy.Policy.DEFAULT_ID.equals(id(request))) {
            List<FieldError> fixed = new java.util.ArrayList<>();
            for (String field : List.of("name", "priority", "mode", "target", "enabled")) {
                if (request.json().has(field)) {
                    fixed.add(new FieldError(field, "is fixed for the Default Policy: only its engines and actions change"));
                }
            }
            if (!fixed.isEmpty()) {
                throw new InvalidInputException(fixed);
            }
        }
        try {
            Policy changes = PolicyJson.read(request.json());
            return PolicyJson.write(policies.update(session.accountId(), id(request), changes)
                    .orElseThrow(() -> ApiError.notFound("No such policy.")));
        } catch (ConcurrentUpdateException e) {
            throw new ApiError(409, "conflict", "This policy was changed meanwhile. Reload it and apply your change again.");
        }
    }

    private Map<String, Object> effective(ApiRequest request, Session session) {
        EffectivePolicy effective = policies.effective(session.accountId(), request.queryParameter("sender").orElse(""),
                request.queryParameter("recipient").orElse(""));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policyId", effective.policyId());
        body.put("policyName", effective.policyName());
        body.put("mode", effective.mode().name());
        body.put("engines", effective.engines().stream().map(Enum::name).sorted().toList());
        body.put("onMalicious", effective.onMalicious().name());
        body.put("onSuspicious", effective.onSuspicious().name());
        body.put("reasons", effective.reasons());
        return body;
    }

    /** A policy id as we issue them (a UUID, or "default"); anything else is no policy, without a lookup or an echo. */
    private static String id(ApiRequest request) {
        String id = request.pathParameter("id").orElse("");
        if (!id.equals(com.mailmoat.core.policy.Policy.DEFAULT_ID) && !id.matches("[0-9a-f-]{36}")) {
            throw ApiError.notFound("No such policy.");
        }
        return id;
    }
}
