package com.mailmoat.core.microsoft;

import java.util.List;
import java.util.Set;

/**
 * Reads a tenant's directory (Entra ID) through Microsoft Graph with Mailmoat's application
 * permissions: users and groups for policy targets, the tenant's domains, whether the tenant is a
 * Microsoft trial (refused at sign-up), and a user's administrator roles.
 *
 * <p>Failures are reported as for {@link MailboxGateway}.
 */
public interface DirectoryGateway {

    /** Global Administrator's role template id, the same in every tenant. */
    String GLOBAL_ADMINISTRATOR_ROLE_TEMPLATE_ID = "62e90394-69f5-4237-9190-012177145e10";

    /** Every user of the tenant, all pages. */
    List<DirectoryUser> listUsers(String tenantId);

    /** Every group of the tenant, all pages. */
    List<DirectoryGroup> listGroups(String tenantId);

    /** The users that are direct members of a group (nested groups, devices and contacts are left out). */
    List<DirectoryUser> listGroupMembers(String tenantId, String groupId);

    /** The tenant's commercial subscriptions, trials included. */
    List<CompanySubscription> listSubscriptions(String tenantId);

    /**
     * Whether the tenant only runs Microsoft trials: at least one active subscription, and every
     * active one a trial. Such tenants are refused at sign-up.
     */
    default boolean isTrialTenant(String tenantId) {
        return TrialTenants.isTrialOnly(listSubscriptions(tenantId));
    }

    /**
     * The organization's display name ({@code GET /organization}), shown instead of the tenant id;
     * empty when Microsoft gives none. Callers treat a failure here as "no name", never as a refusal.
     */
    default java.util.Optional<String> organizationName(String tenantId) {
        return java.util.Optional.empty();
    }

    /** Every domain registered in the tenant, verified or not. */
    List<TenantDomain> listDomains(String tenantId);

    /** The role template ids of the directory roles the user directly holds (e.g. {@link #GLOBAL_ADMINISTRATOR_ROLE_TEMPLATE_ID}). */
    Set<String> directoryRoleTemplateIds(String tenantId, String userId);
}
