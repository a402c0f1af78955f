package com.mailmoat.simulator.internal.login;

/**
 * What a valid bearer token says: the tenant it was issued for, the app, and for delegated
 * tokens the signed-in user's object id (null for app-only tokens).
 */
public record AccessToken(String tenantId, String appId, String userObjectId, String audience) {

    public boolean isAppOnly() {
        return userObjectId == null;
    }
}
