package com.mailmoat.local.iam;

import java.util.List;
import java.util.Locale;

/**
 * One IAM policy statement, its values already resolved: Allow or Deny, the actions (or the
 * actions it does not cover, NotAction) and the resources (or NotResource). Conditions are not
 * evaluated locally: a statement applies as if its condition held.
 *
 * @param allow       Effect: Allow (true) or Deny
 * @param actions     action patterns, e.g. {@code dynamodb:Get*}; matched without regard to case
 * @param notAction   true when {@code actions} is a NotAction list
 * @param resources   resource ARN patterns ({@code *} and {@code ?} wildcards); matched exactly otherwise
 * @param notResource true when {@code resources} is a NotResource list
 */
public record Statement(boolean allow, List<String> actions, boolean notAction, List<String> resources,
                        boolean notResource) {

    public Statement {
        actions = actions.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
        resources = List.copyOf(resources);
    }

    /** An Allow statement of {@code actions} on {@code resources}. */
    public static Statement allow(List<String> actions, List<String> resources) {
        return new Statement(true, actions, false, resources, false);
    }

    /** Whether this statement covers {@code action} (lower case) on {@code resource}. */
    boolean covers(String action, String resource) {
        boolean actionMatches = actions.stream().anyMatch(pattern -> Wildcards.matches(pattern, action));
        boolean resourceMatches = resources.stream().anyMatch(pattern -> Wildcards.matches(pattern, resource));
        return actionMatches != notAction && resourceMatches != notResource;
    }
}
