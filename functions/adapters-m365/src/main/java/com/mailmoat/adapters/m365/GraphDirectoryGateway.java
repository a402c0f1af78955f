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
import com.microsoft.graph.models.Domain;
import com.microsoft.graph.models.DomainCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link DirectoryGateway} on Microsoft Graph: {@code /users}, {@code /groups},
 * {@code /groups/{id}/members}, {@code /directory/subscriptions}, {@code /domains} and
 * {@code /users/{id}/memberOf}, following every {@code @odata.nextLink}.
 */
public final class GraphDirectoryGateway implements DirectoryGateway {
    private static final String[] USER_FIELDS = {"id", "userPrincipalName", "mail", "displayName"};
    private static final String[] GROUP_FIELDS = {"id", "displayName", "mail"};

    private final GraphCalls calls;
    private final String graphBaseUrl;

    GraphDirectoryGateway(GraphCalls calls, MicrosoftConfig config) {
        this.calls = calls;
        this.graphBaseUrl = config.graphBaseUrl().toString();
    }

    @Override
    public List<DirectoryUser> listUsers(String tenantId) {
        List<DirectoryUser> users = new ArrayList<>();
        UserCollectionResponse page = calls.run(tenantId, "list users", graph -> graph.users().get(request -> {
            request.queryParameters.select = USER_FIELDS;
            request.queryParameters.top = 999;
        }));
        while (page != null) {
            Objects.requireNonNullElse(page.getValue(), List.<User>of()).forEach(user -> users.add(toUser(user)));
            String next = page.getOdataNextLink();
            page = next == null ? null : calls.run(tenantId, "list users (next page)",
                    graph -> graph.users().withUrl(graphUrl(next)).get());
        }
        return users;
    }

    @Override
    public List<DirectoryGroup> listGroups(String tenantId) {
        List<DirectoryGroup> groups = new ArrayList<>();
        GroupCollectionResponse page = calls.run(tenantId, "list groups", graph -> graph.groups().get(request -> {
            request.queryParameters.select = GROUP_FIELDS;
            request.queryParameters.top = 999;
        }));
        while (page != null) {
            for (Group group : Objects.requireNonNullElse(page.getValue(), List.<Group>of())) {
                groups.add(new DirectoryGroup(group.getId(), group.getDisplayName(), group.getMail()));
            }
            String next = page.getOdataNextLink();
            page = next == null ? null : calls.run(tenantId, "list groups (next page)",
                    graph -> graph.groups().withUrl(graphUrl(next)).get());
        }
        return groups;
    }

    @Override
    public List<DirectoryUser> listGroupMembers(String tenantId, String groupId) {
        List<DirectoryUser> members = new ArrayList<>();
        for (DirectoryObject member : directoryObjects(tenantId, "list group members",
                graph -> graph.groups().byGroupId(groupId).members().get(request -> request.queryParameters.top = 999),
                next -> graph -> graph.groups().byGroupId(groupId).members().withUrl(next).get())) {
            // The SDK picks the subtype from @odata.type; groups, devices and contacts are not users.
            if (member instanceof User user) {
                members.add(toUser(user));
            }
        }
        return members;
    }

    @Override
    public List<CompanySubscription> listSubscriptions(String tenantId) {
        List<CompanySubscription> subscriptions = new ArrayList<>();
        CompanySubscriptionCollectionResponse page = calls.run(tenantId, "list subscriptions",
                graph -> graph.directory().subscriptions().get());
        while (page != null) {
            for (com.microsoft.graph.models.CompanySubscription subscription
                    : Objects.requireNonNullElse(page.getValue(), List.<com.microsoft.graph.models.CompanySubscription>of())) {
                subscriptions.add(new CompanySubscription(subscription.getSkuPartNumber(),
                        Objects.requireNonNullElse(subscription.getStatus(), ""),
                        Boolean.TRUE.equals(subscription.getIsTrial())));
            }
            String next = page.getOdataNextLink();
            page = next == null ? null : calls.run(tenantId, "list subscriptions (next page)",
                    graph -> graph.directory().subscriptions().withUrl(graphUrl(next)).get());
        }
        return subscriptions;
    }

    @Override
    public List<TenantDomain> listDomains(String tenantId) {
        List<TenantDomain> domains = new ArrayList<>();
        DomainCollectionResponse page = calls.run(tenantId, "list domains", graph -> graph.domains().get());
        while (page != null) {
            for (Domain domain : Objects.requireNonNullElse(page.getValue(), List.<Domain>of())) {
                domains.add(new TenantDomain(domain.getId(), Boolean.TRUE.equals(domain.getIsDefault()),
                        Boolean.TRUE.equals(domain.getIsInitial()), Boolean.TRUE.equals(domain.getIsVerified())));
            }
            String next = page.getOdataNextLink();
            page = next == null ? null : calls.run(tenantId, "list domains (next page)",
                    graph -> graph.domains().withUrl(graphUrl(next)).get());
        }
        return domains;
    }

    @Override
    public Set<String> directoryRoleTemplateIds(String tenantId, String userId) {
        Set<String> roles = new LinkedHashSet<>();
        for (DirectoryObject membership : directoryObjects(tenantId, "list memberships",
                graph -> graph.users().byUserId(userId).memberOf().get(),
                next -> graph -> graph.users().byUserId(userId).memberOf().withUrl(next).get())) {
            if (membership instanceof DirectoryRole role && role.getRoleTemplateId() != null) {
                roles.add(role.getRoleTemplateId());
            }
        }
        return roles;
    }

    private List<DirectoryObject> directoryObjects(
            String tenantId, String what,
            Function<com.microsoft.graph.serviceclient.GraphServiceClient, DirectoryObjectCollectionResponse> first,
            Function<String, Function<com.microsoft.graph.serviceclient.GraphServiceClient, DirectoryObjectCollectionResponse>> next) {
        List<DirectoryObject> objects = new ArrayList<>();
        DirectoryObjectCollectionResponse page = calls.run(tenantId, what, first);
        while (page != null) {
            objects.addAll(Objects.requireNonNullElse(page.getValue(), List.of()));
            String link = page.getOdataNextLink();
            page = link == null ? null : calls.run(tenantId, what + " (next page)", next.apply(graphUrl(link)));
        }
        return objects;
    }

    private static DirectoryUser toUser(User user) {
        return new DirectoryUser(user.getId(), user.getUserPrincipalName(), user.getMail(), user.getDisplayName());
    }

    /** Paging links are followed only on the configured Graph host, where tokens may go. */
    private String graphUrl(String url) {
        if (!url.startsWith(graphBaseUrl + "/")) {
            throw new IllegalArgumentException("not a Graph paging link of " + graphBaseUrl + ": " + url);
        }
        return url;
    }
}
