package com.mailmoat.adapters.m365;

import com.mailmoat.core.microsoft.CompanySubscription;
import com.mailmoat.core.microsoft.DirectoryGateway;
import com.mailmoat.core.microsoft.DirectoryGroup;
import com.mailmoat.core.microsoft.DirectoryUser;
import com.mailmoat.core.microsoft.TenantDomain;
import com.microsoft.graph.models.CompanySubscriptionCollectionResponse;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.DirectoryRole;
import com.microsoft.graph.models.DomainCollectionResponse;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.User;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@link DirectoryGateway} on Microsoft Graph: {@code /users}, {@code /groups},
 * {@code /groups/{id}/members}, {@code /directory/subscriptions}, {@code /domains} and
 * {@code /users/{id}/memberOf}, following every {@code @odata.nextLink}.
 */
public final class GraphDirectoryGateway implements DirectoryGateway {
    private static final String[] GROUP_FIELDS = {"id", "displayName", "mail"};

    private final GraphCalls calls;

    GraphDirectoryGateway(GraphCalls calls) {
        this.calls = calls;
    }

    @Override
    public List<DirectoryUser> listUsers(String tenantId) {
        return GraphUsers.all(calls, tenantId).stream().map(GraphDirectoryGateway::toUser).toList();
    }

    @Override
    public List<DirectoryGroup> listGroups(String tenantId) {
        return calls.collect(tenantId, "list groups",
                        graph -> graph.groups().get(request -> {
                            request.queryParameters.select = GROUP_FIELDS;
                            request.queryParameters.top = 999;
                        }),
                        (graph, next) -> graph.groups().withUrl(next).get(),
                        GroupCollectionResponse::getValue)
                .stream().map(group -> new DirectoryGroup(group.getId(), group.getDisplayName(), group.getMail()))
                .toList();
    }

    @Override
    public List<DirectoryUser> listGroupMembers(String tenantId, String groupId) {
        List<DirectoryUser> members = new ArrayList<>();
        for (DirectoryObject member : calls.collect(tenantId, "list group members",
                graph -> graph.groups().byGroupId(groupId).members().get(request -> request.queryParameters.top = 999),
                (graph, next) -> graph.groups().byGroupId(groupId).members().withUrl(next).get(),
                DirectoryObjectCollectionResponse::getValue)) {
            // The SDK picks the subtype from @odata.type; groups, devices and contacts are not users.
            if (member instanceof User user) {
                members.add(toUser(user));
            }
        }
        return members;
    }

    @Override
    public List<CompanySubscription> listSubscriptions(String tenantId) {
        return calls.collect(tenantId, "list subscriptions",
                        graph -> graph.directory().subscriptions().get(),
                        (graph, next) -> graph.directory().subscriptions().withUrl(next).get(),
                        CompanySubscriptionCollectionResponse::getValue)
                .stream().map(subscription -> new CompanySubscription(subscription.getSkuPartNumber(),
                        Objects.requireNonNullElse(subscription.getStatus(), ""),
                        Boolean.TRUE.equals(subscription.getIsTrial())))
                .toList();
    }

    @Override
    public java.util.Optional<String> organizationName(String tenantId) {
        return calls.collect(tenantId, "read organization",
                        graph -> graph.organization().get(),
                        (graph, next) -> graph.organization().withUrl(next).get(),
                        com.microsoft.graph.models.OrganizationCollectionResponse::getValue)
                .stream().map(com.microsoft.graph.models.Organization::getDisplayName)
                .filter(name -> name != null && !name.isBlank()).findFirst();
    }

    @Override
    public List<TenantDomain> listDomains(String tenantId) {
        return calls.collect(tenantId, "list domains",
                        graph -> graph.domains().get(),
                        (graph, next) -> graph.domains().withUrl(next).get(),
                        DomainCollectionResponse::getValue)
                .stream().map(domain -> new TenantDomain(domain.getId(), Boolean.TRUE.equals(domain.getIsDefault()),
                        Boolean.TRUE.equals(domain.getIsInitial()), Boolean.TRUE.equals(domain.getIsVerified())))
                .toList();
    }

    @Override
    public Set<String> directoryRoleTemplateIds(String tenantId, String userId) {
        Set<String> roles = new LinkedHashSet<>();
        for (DirectoryObject membership : calls.collect(tenantId, "list memberships",
                graph -> graph.users().byUserId(userId).memberOf().get(),
                (graph, next) -> graph.users().byUserId(userId).memberOf().withUrl(next).get(),
                DirectoryObjectCollectionResponse::getValue)) {
            if (membership instanceof DirectoryRole role && role.getRoleTemplateId() != null) {
                roles.add(role.getRoleTemplateId());
            }
        }
        return roles;
    }

    private static DirectoryUser toUser(User user) {
        return new DirectoryUser(user.getId(), user.getUserPrincipalName(), user.getMail(), user.getDisplayName());
    }

}
