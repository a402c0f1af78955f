package com.mailmoat.local.iam;

import com.mailmoat.local.template.Intrinsics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one function's execution role allows, as its template resource declares it, and the IAM
 * decision for each action and resource: denied unless a statement allows it, and always when
 * one denies it. Decisions are cached, so a check is one map look-up after the first.
 */
public final class FunctionPermissions {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionPermissions.class);
    private final String function;
    private final String functionName;
    private final IamMode mode;
    private final List<Statement> statements;
    private final Map<String, Boolean> decisions = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param function     the function's logical id
     * @param functionName its physical name
     * @param mode         what a denial does
     * @param statements   every statement of its role's policies
     */
    public FunctionPermissions(String function, String functionName, IamMode mode, List<Statement> statements) {
        this.function = function;
        this.functionName = functionName;
        this.mode = mode;
        this.statements = List.copyOf(statements);
    }

    /** The function's logical id. */
    public String function() {
        return function;
    }

    public IamMode mode() {
        return mode;
    }

    public List<Statement> statements() {
        return statements;
    }

    /** Whether the role may perform {@code action} on {@code resource}. */
    public boolean allows(String action, String resource) {
        return decisions.computeIfAbsent(action + ' ' + resource, key -> {
            boolean allowed = evaluate(action.toLowerCase(Locale.ROOT), resource);
            LOG.debug("IAM: {} {} {} on {}", function, allowed ? "may" : "may not", action, resource);
            return allowed;
        });
    }

    /** Whether the role may perform the access on one of its resources. */
    public boolean allows(Access access) {
        for (String resource : access.resources()) {
            if (allows(access.action(), resource)) {
                return true;
            }
        }
        return false;
    }

    /** True the first time a warning about this access is due (WARN mode says each gap once). */
    boolean firstWarning(Access access) {
        return warned.add(access.action() + ' ' + access.resource());
    }

    /** AWS's wording of the refusal, naming the function's role session, the action and the resource. */
    String denialMessage(Access access) {
        return "User: arn:aws:sts::" + Intrinsics.ACCOUNT_ID + ":assumed-role/" + function + "Role/" + functionName
                + " is not authorized to perform: " + access.action() + " on resource: " + access.resource()
                + " because no identity-based policy allows the " + access.action() + " action"
                + " (local runtime: the Policies of " + function + " in template.yaml)";
    }

    private boolean evaluate(String action, String resource) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (statement.covers(action, resource)) {
                if (!statement.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }
}
