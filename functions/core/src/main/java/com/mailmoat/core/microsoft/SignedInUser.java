package com.mailmoat.core.microsoft;

import java.util.Objects;
import java.util.Set;

/**
 * The Microsoft user who completed a sign-in, from a validated id token.
 *
 * @param objectId          the user's Entra object id ({@code oid}), stable per tenant
 * @param tenantId          the user's home tenant ({@code tid})
 * @param userPrincipalName {@code preferred_username}; for display only, it can change
 * @param displayName       {@code name}; may be empty
 * @param roleTemplateIds   the directory role template ids the user holds ({@code wids})
 */
public record SignedInUser(String objectId, String tenantId, String userPrincipalName, String displayName,
                           Set<String> roleTemplateIds) {
    public SignedInUser {
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(tenantId, "tenantId");
        userPrincipalName = userPrincipalName == null ? "" : userPrincipalName;
        displayName = displayName == null ? "" : displayName;
        roleTemplateIds = Set.copyOf(roleTemplateIds);
    }

    /** Whether the user is a Global Administrator of {@link #tenantId()}. */
    public boolean isGlobalAdministrator() {
        return roleTemplateIds.contains(DirectoryGateway.GLOBAL_ADMINISTRATOR_ROLE_TEMPLATE_ID);
    }
}
