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
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
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
                .json("POST /api/policies", 201, this::create)
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

    /** A new user policy: every problem of the request in one answer, then what it gives up confirmed. */
    private Map<String, Object> create(ApiRequest request, Session session) {
        PolicyJson.Read read = PolicyJson.read(request.json());
        refuseIfAny(merged(read.errors(), policies.problems(session.accountId(), null, read.draft())));
        requireConfirmation(request, PolicyService.needsConfirmation(null, read.draft()));
        return PolicyJson.write(policies.create(session.accountId(), read.draft()));
    }

    /**
     * PUT replaces the whole policy, the Default Policy's engines and actions alike: a field left out
     * is refused by name, never read as "everyone" or as a default (that silently widened a
     * Finance-only policy to every recipient). Every problem is listed at once.
     */
    private Map<String, Object> update(ApiRequest request, Session session) {
        String id = id(request);
        Policy before = policies.find(session.accountId(), id).orElseThrow(() -> ApiError.notFound("No such policy."));
        JsonNode body = request.json();
        List<FieldError> errors = new ArrayList<>();
        if (!body.path("version").isIntegralNumber()) {
            // Without the version read, a change made meanwhile would be overwritten unseen.
            errors.add(new FieldError("version", "is required: the version of the policy you read"));
        }
        if (before.isDefault()) {
            for (String field : List.of("name", "priority", "mode", "target", "enabled")) {
                if (body.has(field)) {
                    errors.add(new FieldError(field, "is fixed for the Default Policy: only its engines and actions change"));
                }
            }
        }
        errors.addAll(PolicyJson.missing(body, before.isDefault() ? PolicyJson.DEFAULT_POLICY_FIELDS : PolicyJson.USER_POLICY_FIELDS));
        PolicyJson.Read read = PolicyJson.read(body);
        errors = merged(merged(errors, read.errors()), policies.problems(session.accountId(), id, read.draft()));
        refuseIfAny(errors);
        requireConfirmation(request, PolicyService.needsConfirmation(before, read.draft()));
        try {
            return PolicyJson.write(policies.update(session.accountId(), id, read.draft())
                    .orElseThrow(() -> ApiError.notFound("No such policy.")));
        } catch (ConcurrentUpdateException e) {
            throw new ApiError(409, "conflict", "This policy was changed meanwhile. Reload it and apply your change again.");
        }
    }

    /** {@code first}, then those of {@code more} about fields {@code first} says nothing of (one message a field). */
    private static List<FieldError> merged(List<FieldError> first, List<FieldError> more) {
        List<FieldError> all = new ArrayList<>(first);
        Set<String> named = new HashSet<>();
        first.forEach(e -> named.add(e.field()));
        more.stream().filter(e -> !named.contains(e.field())).forEach(all::add);
        return all;
    }

    private static void refuseIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /**
     * A change that switches engines off or leaves malicious mail in the mailbox is saved only with
     * {@code "confirm": true}; without it the answer is 400 {@code confirmation_required} listing
     * what would be given up, for the console to ask.
     */
    private static void requireConfirmation(ApiRequest request, List<FieldError> givenUp) {
        JsonNode confirm = request.json().get("confirm");
        if (!givenUp.isEmpty() && (confirm == null || !confirm.isBoolean() || !confirm.booleanValue())) {
            throw ApiError.badRequest("confirmation_required", givenUp);
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
