package com.mailmoat.simulator.internal.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.http.Prefer;
import com.mailmoat.simulator.internal.http.SimRequest;
import com.mailmoat.simulator.internal.http.SimResponse;
import com.mailmoat.simulator.internal.notify.Subscription;
import com.mailmoat.simulator.internal.notify.SubscriptionService;
import com.mailmoat.simulator.internal.tenant.MailFolder;
import com.mailmoat.simulator.internal.tenant.Mailbox;
import com.mailmoat.simulator.internal.tenant.Tenant;
import com.mailmoat.simulator.internal.tenant.User;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /subscriptions}: create (201 after the validation handshake), list, get, renew (PATCH
 * {@code expirationDateTime}), delete (204) and {@code POST /subscriptions/{id}/reauthorize} (204),
 * for message resources: {@code users/{id}/messages}, {@code users/{id}/mailFolders('{id}')/messages}
 * (also {@code mailFolders/{id}/messages}; {@code me/…} for delegated tokens).
 */
final class SubscriptionEndpoints {

    private static final Set<String> CHANGE_TYPES = Set.of("created", "updated", "deleted");
    private static final String[] MAIL_ROLES = {"Mail.Read", "Mail.ReadWrite", "Mail.ReadBasic", "Mail.ReadBasic.All"};

    private final SubscriptionService service;

    SubscriptionEndpoints(SubscriptionService service) {
        this.service = service;
    }

    SimResponse handle(Call call) {
        List<String> p = call.path();
        String tenantId = call.tenant().tenantId();
        String appId = call.token().appId();
        try {
            if (p.size() == 1) {
                return switch (call.method()) {
                    case "POST" -> create(call);
                    case "GET" -> list(call);
                    default -> throw GraphException.methodNotAllowed();
                };
            }
            String id = p.get(1);
            if (p.size() == 2) {
                return switch (call.method()) {
                    case "GET" -> entity(call, service.find(tenantId, appId, id), 200);
                    case "PATCH" -> entity(call, service.renew(tenantId, appId, id, expiration(body(call))), 200);
                    case "DELETE" -> {
                        service.delete(tenantId, appId, id);
                        yield SimResponse.empty(204);
                    }
                    default -> throw GraphException.methodNotAllowed();
                };
            }
            if (p.size() == 3 && p.get(2).equals("reauthorize")) {
                if (!call.method().equals("POST")) {
                    throw GraphException.methodNotAllowed();
                }
                service.find(tenantId, appId, id);
                return SimResponse.empty(204);
            }
            throw GraphException.segmentNotFound(p.get(p.size() - 1));
        } catch (SubscriptionService.Refusal refusal) {
            throw new GraphException(refusal.status(), refusal.code(), refusal.getMessage());
        }
    }

    private SimResponse create(Call call) {
        JsonNode body = body(call);
        String changeType = text(body, "changeType");
        String notificationUrl = text(body, "notificationUrl");
        String resource = text(body, "resource");
        if (changeType == null || notificationUrl == null || resource == null || !body.hasNonNull("expirationDateTime")) {
            throw GraphException.badRequest("InvalidRequest", "changeType, notificationUrl, resource and"
                    + " expirationDateTime are required.");
        }
        Set<String> changeTypes = new LinkedHashSet<>();
        for (String type : changeType.split(",")) {
            String trimmed = type.trim().toLowerCase(Locale.ROOT);
            if (!CHANGE_TYPES.contains(trimmed)) {
                throw GraphException.badRequest("InvalidRequest", "Invalid changeType '" + type.trim() + "'.");
            }
            changeTypes.add(trimmed);
        }
        String clientState = text(body, "clientState");
        if (clientState != null && clientState.length() > 128) {
            throw GraphException.badRequest("InvalidRequest", "The clientState property value exceeds the maximum"
                    + " length of 128 characters.");
        }
        if (body.path("includeResourceData").asBoolean(false)) {
            throw GraphException.badRequest("InvalidRequest", "A valid encryptionCertificate value was not provided.");
        }
        Tenant tenant = call.tenant();
        String[] target = target(call, resource);
        if (!call.token().allows(MAIL_ROLES)) {
            throw new GraphException(403, "ExtensionError", "Operation: Create; Exception: [Status Code: Forbidden;"
                    + " Reason: Access is denied. Check credentials and try again.]");
        }
        String creatorId = call.token().isAppOnly()
                ? UUID.nameUUIDFromBytes((tenant.tenantId() + "/sp/" + call.token().appId())
                        .getBytes(StandardCharsets.UTF_8)).toString()
                : call.token().userObjectId();
        Subscription subscription = service.create(new SubscriptionService.Request(tenant.tenantId(),
                call.token().appId(), creatorId, resource, target[0], target[1], changeTypes, changeType,
                notificationUrl, text(body, "lifecycleNotificationUrl"), clientState,
                body.path("latestSupportedTlsVersion").asText("v1_2"), Prefer.of(call.request()).immutableIds(),
                expiration(body)));
        return entity(call, subscription, 201);
    }

    /** The watched mailbox user id and folder id (null: every folder) of a message resource. */
    private static String[] target(Call call, String resource) {
        List<String> raw = new ArrayList<>();
        for (String segment : resource.split("/")) {
            if (!segment.isEmpty()) {
                raw.add(SimRequest.percentDecode(segment, false));
            }
        }
        List<String> segments = GraphPath.normalize(raw);
        if (!segments.isEmpty() && segments.get(0).equals("me")) {
            if (call.token().isAppOnly()) {
                throw GraphException.badRequest("BadRequest", "/me request is only valid with delegated authentication"
                        + " flow.");
            }
            segments.set(0, call.token().userObjectId());
            segments.add(0, "users");
        }
        boolean allFolders = segments.size() == 3 && segments.get(2).equals("messages");
        boolean oneFolder = segments.size() == 5 && segments.get(2).equals("mailFolders")
                && segments.get(4).equals("messages");
        if (!segments.isEmpty() && segments.get(0).equals("users") && (allFolders || oneFolder)) {
            Tenant tenant = call.tenant();
            User user = tenant.user(segments.get(1)).orElseThrow(() -> GraphException.badRequest("ExtensionError",
                    "Operation: Create; Exception: [Status Code: NotFound; Reason: The requested user '"
                            + segments.get(1) + "' is invalid.]"));
            Mailbox mailbox = tenant.mailbox(user.id()).orElseThrow(() -> GraphException.badRequest("ExtensionError",
                    "Operation: Create; Exception: [Status Code: NotFound; Reason: The mailbox is either inactive,"
                            + " soft-deleted, or is hosted on-premise.]"));
            String folderId = null;
            if (oneFolder) {
                MailFolder folder = mailbox.folder(segments.get(3)).orElseThrow(() -> GraphException.badRequest(
                        "ExtensionError", "Operation: Create; Exception: [Status Code: NotFound; Reason: The specified"
                                + " object was not found in the store.]"));
                folderId = folder.id();
            }
            return new String[] {user.id(), folderId};
        }
        throw GraphException.badRequest("InvalidRequest", "Resource '" + resource + "' is not supported: the"
                + " simulator takes users/{id}/messages and users/{id}/mailFolders('{id}')/messages.");
    }

    private SimResponse list(Call call) {
        ObjectNode body = Json.object().put("@odata.context", call.graphBase() + "/$metadata#subscriptions");
        ArrayNode value = body.putArray("value");
        service.list(call.tenant().tenantId(), call.token().appId()).forEach(s -> value.add(json(s)));
        return SimResponse.graphJson(200, body);
    }

    private static SimResponse entity(Call call, Subscription subscription, int status) {
        ObjectNode body = Json.object().put("@odata.context", call.graphBase() + "/$metadata#subscriptions/$entity");
        body.setAll(json(subscription));
        return SimResponse.graphJson(status, body);
    }

    static ObjectNode json(Subscription subscription) {
        ObjectNode json = Json.object()
                .put("id", subscription.id())
                .put("resource", subscription.resource())
                .put("applicationId", subscription.applicationId())
                .put("changeType", subscription.changeType())
                .put("clientState", subscription.clientState())
                .put("notificationUrl", subscription.notificationUrl());
        if (subscription.lifecycleNotificationUrl() != null) {
            json.put("lifecycleNotificationUrl", subscription.lifecycleNotificationUrl());
        }
        return json.put("expirationDateTime", SubscriptionService.dateTime(subscription.expirationDateTime()))
                .put("creatorId", subscription.creatorId())
                .put("latestSupportedTlsVersion", subscription.latestSupportedTlsVersion())
                .put("notificationContentType", "application/json");
    }

    private static Instant expiration(JsonNode body) {
        String value = text(body, "expirationDateTime");
        if (value == null) {
            throw GraphException.badRequest("InvalidRequest", "expirationDateTime is required.");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw GraphException.badRequest("InvalidRequest", "Invalid expirationDateTime '" + value + "'.");
        }
    }

    private static JsonNode body(Call call) {
        try {
            JsonNode body = Json.parse(call.request().body());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (RuntimeException e) {
            // fall through
        }
        throw GraphException.badRequest("BadRequest", "Empty Payload. JSON content expected.");
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
