package com.mailmoat.simulator.internal.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.http.SimResponse;
import com.mailmoat.simulator.internal.tenant.Group;
import com.mailmoat.simulator.internal.tenant.Tenant;
import com.mailmoat.simulator.internal.tenant.User;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Directory endpoints: {@code /users}, {@code /users/{id|upn}}, {@code /users/{id}/memberOf},
 * {@code /groups}, {@code /groups/{id}/members}, {@code /organization}, {@code /domains} and
 * {@code /directory/subscriptions}, with the advanced-query rules of Entra ID
 * ({@code ConsistencyLevel: eventual} + {@code $count=true} for {@code endsWith}, {@code ne},
 * {@code not}, {@code $search}, {@code $count} and most {@code $orderby}).
 */
final class DirectoryEndpoints {

    private static final List<String> USER_DEFAULT = List.of("businessPhones", "displayName", "givenName", "jobTitle",
            "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id");
    private static final Set<String> USER_PROPERTIES = Set.of("businessPhones", "displayName", "givenName", "jobTitle",
            "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id",
            "accountEnabled", "userType", "mailNickname", "proxyAddresses", "otherMails", "department", "companyName",
            "usageLocation", "createdDateTime");
    private static final Set<String> USER_FILTERABLE = Set.of("id", "displayName", "mail", "userPrincipalName",
            "givenName", "surname", "jobTitle", "accountEnabled", "userType", "mailNickname");
    private static final Set<String> GROUP_PROPERTIES = Set.of("id", "deletedDateTime", "classification",
            "createdDateTime", "description", "displayName", "expirationDateTime", "groupTypes", "isAssignableToRole",
            "mail", "mailEnabled", "mailNickname", "membershipRule", "membershipRuleProcessingState",
            "onPremisesLastSyncDateTime", "onPremisesSecurityIdentifier", "onPremisesSyncEnabled",
            "preferredDataLocation", "preferredLanguage", "proxyAddresses", "renewedDateTime",
            "resourceBehaviorOptions", "resourceProvisioningOptions", "securityEnabled", "theme", "visibility",
            "onPremisesProvisioningErrors");
    private static final Set<String> GROUP_FILTERABLE = Set.of("id", "displayName", "mail", "mailEnabled",
            "securityEnabled", "mailNickname");
    private static final Set<String> ADVANCED_OPERATORS = Set.of("ne", "not", "endswith");

    SimResponse handle(Call call) {
        List<String> p = call.path();
        String first = p.get(0);
        if (!call.method().equals("GET")) {
            throw GraphException.methodNotAllowed();
        }
        return switch (first) {
            case "users" -> users(call);
            case "groups" -> groups(call);
            case "organization" -> organization(call);
            case "domains" -> domains(call);
            case "directory" -> {
                if (p.size() == 2 && p.get(1).equals("subscriptions")) {
                    yield subscriptions(call);
                }
                throw GraphException.segmentNotFound(p.size() > 1 ? p.get(1) : first);
            }
            default -> throw GraphException.segmentNotFound(first);
        };
    }

    // ---- users ---------------------------------------------------------------------------------

    private SimResponse users(Call call) {
        List<String> p = call.path();
        Tenant tenant = call.tenant();
        if (p.size() == 1) {
            List<String> select = select(call, USER_PROPERTIES, "Microsoft.DirectoryServices.User");
            List<User> users = query(call, tenant.users(), USER_FILTERABLE, "User", DirectoryEndpoints::userProperty,
                    List.of("displayName", "userPrincipalName"));
            return page(call, "users", select, users, 100, 999, u -> userJson(u, select));
        }
        if (p.get(1).equals("$count")) {
            return count(call, tenant.users().size());
        }
        User user = tenant.user(p.get(1)).orElseThrow(() -> new GraphException(404, "Request_ResourceNotFound",
                "Resource '" + p.get(1) + "' does not exist or one of its queried reference-property objects are not present."));
        if (p.size() == 2) {
            List<String> select = select(call, USER_PROPERTIES, "Microsoft.DirectoryServices.User");
            ObjectNode body = Json.object().put("@odata.context", call.graphBase() + "/$metadata#users"
                    + selectSuffix(select) + "/$entity");
            body.setAll(userJson(user, select));
            return SimResponse.graphJson(200, body);
        }
        if (p.get(2).equals("memberOf")) {
            return memberOf(call, user, p.size() > 3 ? p.get(3) : null);
        }
        throw GraphException.segmentNotFound(p.get(2));
    }

    private SimResponse memberOf(Call call, User user, String cast) {
        Tenant tenant = call.tenant();
        List<ObjectNode> objects = new ArrayList<>();
        boolean groups = cast == null || cast.equals("microsoft.graph.group");
        boolean roles = cast == null || cast.equals("microsoft.graph.directoryRole");
        if (!groups && !roles) {
            throw GraphException.segmentNotFound(cast);
        }
        if (roles && tenant.isGlobalAdmin(user)) {
            objects.add(Json.object()
                    .put("@odata.type", "#microsoft.graph.directoryRole")
                    .put("id", tenant.globalAdminRoleId())
                    .putNull("deletedDateTime")
                    .put("description", "Can manage all aspects of Microsoft Entra ID and Microsoft services that use"
                            + " Microsoft Entra identities.")
                    .put("displayName", "Global Administrator")
                    .put("roleTemplateId", Tenant.GLOBAL_ADMIN_TEMPLATE_ID));
        }
        if (groups) {
            for (Group group : tenant.groups()) {
                if (group.memberIds().contains(user.id())) {
                    ObjectNode json = Json.object().put("@odata.type", "#microsoft.graph.group");
                    json.setAll(groupJson(call, group, null));
                    objects.add(json);
                }
            }
        }
        String context = cast == null ? "directoryObjects" : cast.equals("microsoft.graph.group") ? "groups"
                : "directoryRoles";
        return page(call, context, null, objects, 100, 999, o -> o);
    }

    // ---- groups --------------------------------------------------------------------------------

    private SimResponse groups(Call call) {
        List<String> p = call.path();
        Tenant tenant = call.tenant();
        if (p.size() == 1) {
            List<String> select = select(call, GROUP_PROPERTIES, "Microsoft.DirectoryServices.Group");
            List<Group> groups = query(call, tenant.groups(), GROUP_FILTERABLE, "Group",
                    (g, prop) -> groupProperty(call, g, prop), List.of("displayName"));
            return page(call, "groups", select, groups, 100, 999, g -> groupJson(call, g, select));
        }
        if (p.get(1).equals("$count")) {
            return count(call, tenant.groups().size());
        }
        Group group = tenant.group(p.get(1)).orElseThrow(() -> new GraphException(404, "Request_ResourceNotFound",
                "Resource '" + p.get(1) + "' does not exist or one of its queried reference-property objects are not present."));
        if (p.size() == 2) {
            List<String> select = select(call, GROUP_PROPERTIES, "Microsoft.DirectoryServices.Group");
            ObjectNode body = Json.object().put("@odata.context", call.graphBase() + "/$metadata#groups"
                    + selectSuffix(select) + "/$entity");
            body.setAll(groupJson(call, group, select));
            return SimResponse.graphJson(200, body);
        }
        if (!p.get(2).equals("members")) {
            throw GraphException.segmentNotFound(p.get(2));
        }
        if (p.size() > 3 && p.get(3).equals("$count")) {
            return count(call, group.memberIds().size());
        }
        List<String> select = select(call, USER_PROPERTIES, "Microsoft.DirectoryServices.User");
        List<User> members = group.memberIds().stream().map(id -> tenant.user(id).orElseThrow()).toList();
        members = query(call, members, USER_FILTERABLE, "User", DirectoryEndpoints::userProperty,
                List.of("displayName", "userPrincipalName"));
        return page(call, "directoryObjects", null, members, 100, 999, u -> {
            ObjectNode json = Json.object().put("@odata.type", "#microsoft.graph.user");
            json.setAll(userJson(u, select));
            return json;
        });
    }

    // ---- organization, domains, subscriptions ---------------------------------------------------

    private SimResponse organization(Call call) {
        Tenant tenant = call.tenant();
        ObjectNode org = Json.object()
                .put("id", tenant.tenantId())
                .putNull("deletedDateTime");
        org.putArray("businessPhones");
        org.putNull("city");
        org.putNull("country");
        org.put("countryLetterCode", "US")
                .put("createdDateTime", Json.dateTime(tenant.createdDateTime()))
                .put("defaultUsageLocation", "US")
                .put("displayName", tenant.displayName())
                .putNull("isMultipleDataLocationsForServicesEnabled");
        org.putArray("marketingNotificationEmails");
        org.putNull("onPremisesLastSyncDateTime");
        org.putNull("onPremisesSyncEnabled");
        org.putNull("partnerTenantType");
        org.putNull("postalCode");
        org.put("preferredLanguage", "en");
        org.putArray("securityComplianceNotificationMails");
        org.putArray("securityComplianceNotificationPhones");
        org.putNull("state");
        org.putNull("street");
        org.putArray("technicalNotificationMails");
        org.put("tenantType", "AAD");
        org.putObject("directorySizeQuota").put("used", tenant.users().size() + tenant.groups().size())
                .put("total", 50000);
        // Every tenant here has Exchange Online (that is what the simulator serves).
        org.putArray("assignedPlans").addObject()
                .put("assignedDateTime", Json.dateTime(tenant.createdDateTime()))
                .put("capabilityStatus", "Enabled")
                .put("service", "exchange")
                .put("servicePlanId", "efb87545-963c-4e0d-99df-69c6916d9eb0");
        org.putObject("privacyProfile").put("contactEmail", "").put("statementUrl", "");
        org.putArray("provisionedPlans").addObject()
                .put("capabilityStatus", "Enabled")
                .put("provisioningStatus", "Success")
                .put("service", "exchange");
        ArrayNode verified = org.putArray("verifiedDomains");
        String initial = initialDomain(tenant);
        for (String domain : tenant.domains()) {
            verified.addObject()
                    .put("capabilities", "Email, OfficeCommunicationsOnline")
                    .put("isDefault", domain.equals(tenant.domains().get(0)))
                    .put("isInitial", domain.equals(initial))
                    .put("name", domain)
                    .put("type", "Managed");
        }
        return collection(call, "organization", List.of(org));
    }

    private SimResponse domains(Call call) {
        Tenant tenant = call.tenant();
        List<ObjectNode> domains = new ArrayList<>();
        String initial = initialDomain(tenant);
        for (String domain : tenant.domains()) {
            ObjectNode json = Json.object()
                    .put("authenticationType", "Managed")
                    .putNull("availabilityStatus")
                    .put("id", domain)
                    .put("isAdminManaged", true)
                    .put("isDefault", domain.equals(tenant.domains().get(0)))
                    .put("isInitial", domain.equals(initial))
                    .put("isRoot", true)
                    .put("isVerified", true);
            json.putArray("supportedServices").add("Email").add("OfficeCommunicationsOnline");
            domains.add(json);
        }
        return collection(call, "domains", domains);
    }

    private SimResponse subscriptions(Call call) {
        Tenant tenant = call.tenant();
        String seed = tenant.tenantId() + "/subscription";
        ObjectNode subscription = Json.object()
                .put("createdDateTime", Json.dateTime(tenant.createdDateTime()))
                .put("commerceSubscriptionId", uuid(seed + "/commerce"))
                .put("id", uuid(seed))
                .put("isTrial", tenant.isTrial())
                .put("nextLifecycleDateTime", Json.dateTime(java.time.Instant.now().plus(java.time.Duration.ofDays(
                        tenant.isTrial() ? 20 : 200))));
        subscription.putArray("serviceStatus").addObject()
                .put("appliesTo", "User")
                .put("provisioningStatus", "Success")
                .put("servicePlanId", "efb87545-963c-4e0d-99df-69c6916d9eb0")
                .put("servicePlanName", "EXCHANGE_S_ENTERPRISE");
        subscription.put("skuId", "05e9a617-0261-4cee-bb44-138d3ef5d965")
                .put("skuPartNumber", tenant.isTrial() ? "SPE_E3_TRIAL" : "SPE_E3")
                .put("status", tenant.isTrial() ? "Warning" : "Enabled")
                .put("totalLicenses", Math.max(25, tenant.users().size()))
                .putNull("ownerId")
                .putNull("ownerTenantId")
                .putNull("ownerType");
        return collection(call, "directory/subscriptions", List.of(subscription));
    }

    // ---- shared query handling -------------------------------------------------------------------

    /** Applies $filter, $search and $orderby with Entra ID's basic/advanced rules. */
    private <T> List<T> query(Call call, List<T> items, Set<String> filterable, String resource,
                              PropertyReader<T> reader, List<String> basicOrderBy) {
        boolean advanced = call.eventualConsistency() && "true".equalsIgnoreCase(call.param("$count"));
        List<T> result = new ArrayList<>(items);
        String search = call.param("$search");
        if (search != null) {
            if (!call.eventualConsistency()) {
                throw GraphException.badRequest("Request_UnsupportedQuery", "Request with $search query parameter only"
                        + " works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            }
            String[] term = search.replace("\"", "").split(":", 2);
            if (term.length != 2) {
                throw GraphException.badRequest("Request_UnsupportedQuery", "Unsupported search clause: " + search);
            }
            String needle = term[1].toLowerCase(Locale.ROOT);
            result.removeIf(item -> {
                Object value = reader.read(item, term[0]);
                return value == null || List.of(value.toString().toLowerCase(Locale.ROOT).split("[\\s@._-]+")).stream()
                        .noneMatch(word -> word.startsWith(needle));
            });
        }
        String filter = call.param("$filter");
        String orderBy = call.param("$orderby");
        if (filter != null) {
            FilterExpression expression;
            try {
                expression = FilterExpression.parse(filter);
            } catch (FilterExpression.InvalidFilterException e) {
                throw GraphException.badRequest("Request_UnsupportedQuery", e.getMessage());
            }
            for (String property : expression.properties()) {
                if (!filterable.contains(property)) {
                    throw GraphException.badRequest("Request_UnsupportedQuery", "Unsupported or invalid query filter"
                            + " clause specified for property '" + property + "' of resource '" + resource + "'.");
                }
            }
            String needsAdvanced = expression.operators().stream().filter(ADVANCED_OPERATORS::contains).findFirst()
                    .orElse(orderBy != null ? "$orderby" : null);
            if (needsAdvanced != null && !advanced) {
                String name = needsAdvanced.equals("endswith") ? "endsWith" : needsAdvanced;
                throw GraphException.badRequest("Request_UnsupportedQuery", "Operator '" + name + "' is not supported"
                        + " because the required parameters might be missing. Try adding $count=true query parameter"
                        + " and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries"
                        + " for more information");
            }
            FilterExpression parsed = expression;
            try {
                result.removeIf(item -> !parsed.test(property -> reader.read(item, property)));
            } catch (FilterExpression.InvalidFilterException e) {
                throw GraphException.badRequest("Request_UnsupportedQuery", e.getMessage());
            }
        }
        if (orderBy != null) {
            String[] parts = orderBy.trim().split("\\s+");
            String property = parts[0];
            if (!filterable.contains(property)) {
                throw GraphException.badRequest("Request_UnsupportedQuery",
                        "Unsupported sort property '" + property + "' for '" + resource + "'.");
            }
            if (!basicOrderBy.contains(property) && !advanced) {
                throw GraphException.badRequest("Request_UnsupportedQuery", "Sorting by '" + property + "' is only"
                        + " supported with the advanced query parameters: add $count=true and ConsistencyLevel:eventual.");
            }
            Comparator<T> comparator = Comparator.comparing(item -> String.valueOf(reader.read(item, property))
                    .toLowerCase(Locale.ROOT));
            result.sort(parts.length > 1 && parts[1].equalsIgnoreCase("desc") ? comparator.reversed() : comparator);
        }
        return result;
    }

    private <T> SimResponse page(Call call, String context, List<String> select, List<T> items, int defaultSize,
                                 int maxSize, Function<T, ObjectNode> render) {
        int top = Paging.top(call, defaultSize, maxSize);
        Integer maxPageSize = MailEndpoints.maxPageSize(call, maxSize);
        if (maxPageSize != null) {
            top = call.param("$top") == null ? maxPageSize : Math.min(top, maxPageSize);
        }
        int offset = Paging.skipTokenOffset(call);
        ObjectNode body = Json.object().put("@odata.context", call.graphBase() + "/$metadata#" + context
                + selectSuffix(select));
        if (offset == 0 && call.eventualConsistency() && "true".equalsIgnoreCase(call.param("$count"))) {
            body.put("@odata.count", items.size());
        }
        if (offset + top < items.size()) {
            String next = Paging.nextLink(call, "$skiptoken", Paging.skipToken(offset + top));
            body.put("@odata.nextLink", maxPageSize != null && call.param("$top") == null ? next + "&$top=" + top : next);
        }
        ArrayNode value = body.putArray("value");
        items.stream().skip(offset).limit(top).map(render).forEach(value::add);
        SimResponse response = SimResponse.graphJson(200, body);
        return maxPageSize == null ? response : response.header("Preference-Applied", "odata.maxpagesize=" + maxPageSize);
    }

    private static SimResponse collection(Call call, String context, List<ObjectNode> items) {
        ObjectNode body = Json.object().put("@odata.context", call.graphBase() + "/$metadata#" + context);
        ArrayNode value = body.putArray("value");
        items.forEach(value::add);
        return SimResponse.graphJson(200, body);
    }

    private static SimResponse count(Call call, int count) {
        if (!call.eventualConsistency()) {
            throw GraphException.badRequest("Request_BadRequest", "$count is not currently supported.");
        }
        return SimResponse.text(200, "text/plain", String.valueOf(count).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> select(Call call, Set<String> known, String typeName) {
        String select = call.param("$select");
        if (select == null || select.isBlank()) {
            return null;
        }
        List<String> properties = new ArrayList<>();
        for (String property : select.split(",")) {
            String trimmed = property.trim();
            if (!known.contains(trimmed)) {
                throw GraphException.badRequest("Request_BadRequest",
                        "Could not find a property named '" + trimmed + "' on type '" + typeName + "'.");
            }
            properties.add(trimmed);
        }
        return properties;
    }

    static String selectSuffix(List<String> select) {
        return select == null ? "" : "(" + String.join(",", select) + ")";
    }

    private static ObjectNode userJson(User user, List<String> select) {
        List<String> properties = select == null ? USER_DEFAULT : select;
        Map<String, Object> values = new LinkedHashMap<>();
        for (String property : properties) {
            values.put(property, userProperty(user, property));
        }
        return Json.MAPPER.valueToTree(values);
    }

    private static Object userProperty(User user, String property) {
        return switch (property) {
            case "id" -> user.id();
            case "displayName" -> user.displayName();
            case "mail" -> user.mail();
            case "userPrincipalName" -> user.userPrincipalName();
            case "givenName" -> user.givenName();
            case "surname" -> user.surname();
            case "jobTitle" -> user.jobTitle();
            case "businessPhones", "otherMails" -> List.of();
            case "proxyAddresses" -> user.mail() == null ? List.of() : List.of("SMTP:" + user.mail());
            case "accountEnabled" -> Boolean.TRUE;
            case "userType" -> "Member";
            case "mailNickname" -> user.localPart();
            case "usageLocation" -> "US";
            case "preferredLanguage" -> "en-US";
            default -> null;
        };
    }

    private static Object groupProperty(Call call, Group group, String property) {
        return switch (property) {
            case "id" -> group.id();
            case "displayName" -> group.displayName();
            case "mail" -> group.mail();
            case "mailEnabled" -> group.mailEnabled();
            case "securityEnabled" -> group.securityEnabled();
            case "mailNickname" -> group.mail() != null ? group.mail().substring(0, group.mail().indexOf('@'))
                    : group.displayName().replaceAll("[^A-Za-z0-9]", "");
            default -> null;
        };
    }

    private static ObjectNode groupJson(Call call, Group group, List<String> select) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("id", group.id());
        all.put("deletedDateTime", null);
        all.put("classification", null);
        all.put("createdDateTime", Json.dateTime(call.tenant().createdDateTime()));
        all.put("description", group.description());
        all.put("displayName", group.displayName());
        all.put("expirationDateTime", null);
        all.put("groupTypes", group.groupTypes());
        all.put("isAssignableToRole", null);
        all.put("mail", group.mail());
        all.put("mailEnabled", group.mailEnabled());
        all.put("mailNickname", groupProperty(call, group, "mailNickname"));
        all.put("membershipRule", null);
        all.put("membershipRuleProcessingState", null);
        all.put("onPremisesLastSyncDateTime", null);
        all.put("onPremisesSecurityIdentifier", null);
        all.put("onPremisesSyncEnabled", null);
        all.put("preferredDataLocation", null);
        all.put("preferredLanguage", null);
        all.put("proxyAddresses", group.mail() == null ? List.of() : List.of("SMTP:" + group.mail()));
        all.put("renewedDateTime", Json.dateTime(call.tenant().createdDateTime()));
        all.put("resourceBehaviorOptions", List.of());
        all.put("resourceProvisioningOptions", List.of());
        all.put("securityEnabled", group.securityEnabled());
        all.put("theme", null);
        all.put("visibility", group.groupTypes().contains("Unified") ? "Private" : null);
        all.put("onPremisesProvisioningErrors", List.of());
        if (select != null) {
            all.keySet().retainAll(select);
        }
        return Json.MAPPER.valueToTree(all);
    }

    private static String initialDomain(Tenant tenant) {
        return tenant.domains().stream().filter(d -> d.toLowerCase(Locale.ROOT).endsWith(".onmicrosoft.com"))
                .findFirst().orElse(tenant.domains().isEmpty() ? null : tenant.domains().get(0));
    }

    private static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @FunctionalInterface
    private interface PropertyReader<T> {
        Object read(T item, String property);
    }
}
