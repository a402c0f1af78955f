package com.mailmoat.simulator.internal.login;

import java.util.Set;

/**
 * What a valid bearer token says: the tenant it was issued for, the app, for delegated tokens the
 * signed-in user's object id (null for app-only tokens), the audience and the application roles
 * ({@code roles} claim; empty for delegated tokens).
 */
public record AccessToken(String tenantId, String appId, String userObjectId, String audience, Set<String> roles) {

    public boolean isAppOnly() {
        return userObjectId == null;
    }

    /** Delegated tokens pass (the simulator does not model scopes); app-only tokens need one of the roles. */
    public boolean allows(String... anyOf) {
        if (!isAppOnly()) {
            return true;
        }
        for (String role : anyOf) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
