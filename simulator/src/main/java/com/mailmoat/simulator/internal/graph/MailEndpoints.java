package com.mailmoat.simulator.internal.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.simulator.Faults;
import com.mailmoat.simulator.internal.http.Json;
import com.mailmoat.simulator.internal.http.Prefer;
import com.mailmoat.simulator.internal.http.SimResponse;
import com.mailmoat.simulator.internal.tenant.FolderExistsException;
import com.mailmoat.simulator.internal.tenant.ItemNotFoundException;
import com.mailmoat.simulator.internal.tenant.MailFolder;
import com.mailmoat.simulator.internal.tenant.Mailbox;
import com.mailmoat.simulator.internal.tenant.StoredMessage;
import com.mailmoat.simulator.internal.tenant.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Mail endpoints under {@code /users/{id|upn}/}: {@code messages} (list with {@code $filter},
 * {@code $select}, {@code $top} ≤ 1000, {@code $orderby}, {@code $skip} paging), one message,
 * {@code $value} (the exact MIME bytes), {@code move} (201, new id), {@code DELETE}, and
 * {@code mailFolders} (list, get, {@code childFolders} list/create, messages of a folder).
 */
final class MailEndpoints {

    private static final int DELTA_DEFAULT_PAGE = 10;
    /** "Applying $filter in a delta query returns only up to 5,000 messages." (delta-query-messages.md) */
    private static final int DELTA_FILTER_CAP = 5_000;
    private static final java.util.regex.Pattern DELTA_FILTER = java.util.regex.Pattern.compile(
            "(?i)^\\s*receivedDateTime\\s+(ge|gt)\\s+(\\S+)\\s*$");

    private final Faults faults;
    private final DeltaTokens deltaTokens;

    MailEndpoints(Faults faults, DeltaTokens deltaTokens) {
        this.faults = faults;
        this.deltaTokens = deltaTokens;
    }

    private static final Set<String> FILTERABLE = Set.of("receivedDateTime", "sentDateTime", "createdDateTime",
            "lastModifiedDateTime", "isRead", "hasAttachments", "subject", "internetMessageId", "importance",
            "parentFolderId", "from/emailAddress/address", "sender/emailAddress/address", "conversationId");
    private static final Set<String> SORTABLE = Set.of("receivedDateTime", "sentDateTime", "createdDateTime",
            "lastModifiedDateTime");
    private static final Set<String> WELL_KNOWN = Set.of("archive", "clutter", "conflicts", "conversationhistory",
            "deleteditems", "drafts", "inbox", "junkemail", "localfailures", "msgfolderroot", "outbox",
            "recoverableitemsdeletions", "scheduled", "searchfolders", "sentitems", "serverfailures", "syncissues");

    SimResponse handle(Call call, User user, Mailbox mailbox) {
        List<String> p = call.path();
        String userSegment = p.get(1);
        List<String> rest = p.subList(2, p.size());
        if (rest.get(0).equals("messages")) {
            return messages(call, userSegment, mailbox, null, rest.subList(1, rest.size()));
        }
        return folders(call, userSegment, mailbox, rest.subList(1, rest.size()));
    }

    // ---- messages ------------------------------------------------------------------------------

    private SimResponse messages(Call call, String userSegment, Mailbox mailbox, MailFolder folder, List<String> rest) {
        if (rest.isEmpty()) {
            requireMethod(call, "GET");
            Churn.maybeChurn(faults, call.tenant(), mailbox);
            return listMessages(call, userSegment, mailbox, folder);
        }
        String messageId = rest.get(0);
        StoredMessage message = findMessage(mailbox, messageId, folder);
        if (rest.size() == 1) {
            return switch (call.method()) {
                case "GET" -> {
                    List<String> select = select(call);
                    ObjectNode body = Json.object().put("@odata.context", call.graphBase() + "/$metadata#users('"
                            + userSegment + "')/messages" + DirectoryEndpoints.selectSuffix(select) + "/$entity");
                    body.setAll(MessageJson.render(message, select, wantsText(call), webBase(call), immutable(call)));
                    yield withPreference(call, SimResponse.graphJson(200, body), null);
                }
                case "DELETE" -> {
                    mailbox.delete(message.id());
                    yield SimResponse.empty(204);
                }
                default -> throw GraphException.methodNotAllowed();
            };
        }
        String action = rest.get(1);
        if (rest.size() == 2 && action.equals("$value")) {
            requireMethod(call, "GET");
            call.tenant().counters().mimeFetch(mailbox.owner().userPrincipalName());
            return SimResponse.text(200, "text/plain", message.mime());
        }
        if (rest.size() == 2 && action.equals("move")) {
            requireMethod(call, "POST");
            return move(call, mailbox, message);
        }
        throw GraphException.segmentNotFound(action);
    }

    private SimResponse listMessages(Call call, String userSegment, Mailbox mailbox, MailFolder folder) {
        List<String> select = select(call);
        int top = topForMessages(call);
        Integer maxPageSize = maxPageSize(call, 1000);
        if (maxPageSize != null) {
            top = call.param("$top") == null ? maxPageSize : Math.min(top, maxPageSize);
        }
        int skip = Paging.skip(call);
        List<StoredMessage> messages = mailbox.messages();
        if (folder != null) {
            messages.removeIf(m -> !m.folderId().equals(folder.id()));
        }
        String filter = call.param("$filter");
        String orderBy = call.param("$orderby");
        List<String> filterProperties = List.of();
        if (filter != null) {
            FilterExpression expression = parseFilter(filter);
            filterProperties = List.copyOf(new LinkedHashSet<>(expression.properties()));
            for (String property : filterProperties) {
                if (!FILTERABLE.contains(property)) {
                    throw GraphException.badRequest("ErrorInvalidProperty", "Could not find a property named '"
                            + property + "' on type 'microsoft.graph.message'.");
                }
            }
            try {
                messages.removeIf(m -> !expression.test(property -> messageProperty(m, property)));
            } catch (FilterExpression.InvalidFilterException e) {
                throw GraphException.badRequest("BadRequest", e.getMessage());
            }
        }
        Comparator<StoredMessage> order = order(orderBy, filterProperties, filter != null);
        messages.sort(order);

        ObjectNode body = Json.object().put("@odata.context", call.graphBase() + "/$metadata#users('" + userSegment
                + "')/" + (folder == null ? "" : "mailFolders('" + folder.id() + "')/") + "messages"
                + DirectoryEndpoints.selectSuffix(select));
        if ("true".equalsIgnoreCase(call.param("$count"))) {
            body.put("@odata.count", messages.size());
        }
        ArrayNode value = body.putArray("value");
        boolean text = wantsText(call);
        boolean immutable = immutable(call);
        messages.stream().skip(skip).limit(top)
                .forEach(m -> value.add(MessageJson.render(m, select, text, webBase(call), immutable)));
        if (skip + top < messages.size()) {
            // Graph documents the field order as context, then value, then nextLink for messages.
            String next = Paging.nextLink(call, "$skip", String.valueOf(skip + top));
            if (maxPageSize != null && call.param("$top") == null) {
                // The page size the preference chose travels with the link, so a client that does not
                // repeat the header gets the same pages.
                next = next + "&$top=" + top;
            }
            body.put("@odata.nextLink", next);
        }
        return withPreference(call, SimResponse.graphJson(200, body), maxPageSize);
    }

    /**
     * Newest first by default. {@code $orderby} with {@code $filter} must follow Graph's rule:
     * ordered properties appear in the filter, first and in the same order, else
     * {@code InefficientFilter}. Ties keep a stable order (the original position of a message,
     * which a moved copy inherits) so {@code $skip} paging returns each message exactly once.
     */
    private static Comparator<StoredMessage> order(String orderBy, List<String> filterProperties, boolean hasFilter) {
        String property = "receivedDateTime";
        boolean descending = true;
        if (orderBy != null && !orderBy.isBlank()) {
            List<String> clauses = List.of(orderBy.split(","));
            if (clauses.size() > 1) {
                throw GraphException.badRequest("BadRequest", "The simulator sorts messages by one property only.");
            }
            String[] parts = clauses.get(0).trim().split("\\s+");
            property = parts[0];
            if (!SORTABLE.contains(property)) {
                throw GraphException.badRequest("ErrorInvalidProperty", "Could not find a property named '" + property
                        + "' on type 'microsoft.graph.message' that can be sorted.");
            }
            descending = parts.length > 1 && parts[1].equalsIgnoreCase("desc");
            if (hasFilter && (filterProperties.isEmpty() || !filterProperties.get(0).equals(property))) {
                throw GraphException.badRequest("InefficientFilter",
                        "The restriction or sort order is too complex for this operation.");
            }
        }
        String sortProperty = property;
        Comparator<StoredMessage> comparator = Comparator.comparing(
                (StoredMessage m) -> (Instant) messageProperty(m, sortProperty))
                .thenComparingLong(StoredMessage::orderKey);
        return descending ? comparator.reversed() : comparator;
    }

    private SimResponse move(Call call, Mailbox mailbox, StoredMessage message) {
        JsonNode body = jsonBody(call);
        String destination = null;
        var fields = body.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            // The Graph SDKs send "DestinationId"; Graph matches parameter names case-insensitively.
            if (field.getKey().equalsIgnoreCase("destinationId") && field.getValue().isTextual()) {
                destination = field.getValue().asText();
            }
        }
        if (destination == null || destination.isBlank()) {
            throw GraphException.badRequest("ErrorInvalidParameter",
                    "The value of the parameter 'DestinationId' is empty.");
        }
        MailFolder folder = resolveFolder(mailbox, destination);
        StoredMessage moved;
        try {
            moved = mailbox.move(message.id(), folder.id());
        } catch (ItemNotFoundException e) {
            throw GraphException.itemNotFound();
        }
        mailbox.countGraphMove(moved.immutableId());
        ObjectNode json = Json.object()
                .put("@odata.context", call.graphBase() + "/$metadata#message")
                .put("@odata.type", "#microsoft.graph.message");
        json.setAll(MessageJson.render(moved, null, false, webBase(call), immutable(call)));
        return SimResponse.graphJson(201, json);
    }

    // ---- delta ---------------------------------------------------------------------------------

    /**
     * One request of a delta round on a folder's messages: the first request (query options, no
     * token), a page ({@code $skiptoken}) or the next round ({@code $deltatoken}: what was created,
     * updated or removed since). Pages end with {@code @odata.nextLink}, a round with
     * {@code @odata.deltaLink}; both use the {@code mailfolders('{id}')} form of Microsoft's examples.
     */
    private SimResponse delta(Call call, String userSegment, Mailbox mailbox, MailFolder folder) {
        boolean immutable = immutable(call);
        Integer maxPageSize = maxPageSize(call, 1000);
        String skipToken = call.param("$skiptoken");
        String deltaToken = call.param("$deltatoken");
        DeltaTokens.Round round;
        int offset;
        if (skipToken != null) {
            DeltaTokens.Page page = deltaTokens.page(skipToken);
            if (page == null || !belongs(page.round().query(), call, mailbox, folder)) {
                throw syncStateNotFound();
            }
            round = page.round();
            offset = page.offset();
        } else {
            DeltaTokens.Query query;
            Map<String, DeltaTokens.Entry> previous = null;
            if (deltaToken != null) {
                DeltaTokens.State state = deltaTokens.state(deltaToken);
                if (state == null || !belongs(state.query(), call, mailbox, folder)) {
                    throw syncStateNotFound();
                }
                query = state.query();
                previous = state.snapshot();
            } else {
                query = deltaQuery(call, mailbox, folder, maxPageSize);
            }
            round = newRound(query, mailbox, previous);
            offset = 0;
        }
        int pageSize = maxPageSize != null ? maxPageSize : round.query().pageSize();
        List<DeltaTokens.Item> items = round.items();
        int end = Math.min(items.size(), offset + pageSize);
        ObjectNode body = Json.object().put("@odata.context", call.graphBase() + "/$metadata#Collection(message)");
        String link = call.graphBase() + "/users/" + Paging.encode(userSegment, "@") + "/mailfolders('"
                + Paging.encode(folder.id(), "=") + "')/messages/delta?";
        if (end < items.size()) {
            body.put("@odata.nextLink", link + "$skiptoken=" + deltaTokens.putPage(round, end));
        } else {
            body.put("@odata.deltaLink", link + "$deltatoken=" + deltaTokens.putState(new DeltaTokens.State(
                    round.query(), round.snapshot(), round.generation())));
        }
        ArrayNode value = body.putArray("value");
        boolean text = wantsText(call);
        for (DeltaTokens.Item item : items.subList(offset, end)) {
            ObjectNode json = Json.object().put("@odata.type", "#microsoft.graph.message");
            if (item.removed()) {
                json.put("id", immutable ? item.immutableId() : item.restIdAtSnapshot());
                json.putObject("@removed").put("reason", "deleted");
                value.add(json);
                continue;
            }
            StoredMessage message = mailbox.message(item.immutableId()).orElse(null);
            if (message == null || !message.folderId().equals(folder.id())) {
                continue; // gone since the round started: the next round reports it removed
            }
            json.put("@odata.etag", "W/\"" + message.changeKey() + "\"");
            MessageJson.putProperties(json, message, round.query().select(), text, webBase(call), immutable);
            json.put("id", message.id(immutable));
            value.add(json);
        }
        return withPreference(call, SimResponse.graphJson(200, body), maxPageSize);
    }

    private DeltaTokens.Query deltaQuery(Call call, Mailbox mailbox, MailFolder folder, Integer maxPageSize) {
        if (call.param("$search") != null) {
            throw unsupportedInDelta("$search");
        }
        String orderBy = call.param("$orderby");
        if (orderBy != null && !orderBy.trim().replaceAll("\\s+", " ").equalsIgnoreCase("receivedDateTime desc")) {
            throw unsupportedInDelta("$orderby");
        }
        String operator = null;
        Instant value = null;
        String filter = call.param("$filter");
        if (filter != null) {
            java.util.regex.Matcher matcher = DELTA_FILTER.matcher(filter);
            if (!matcher.matches()) {
                throw unsupportedInDelta("$filter");
            }
            operator = matcher.group(1).toLowerCase(Locale.ROOT);
            try {
                value = java.time.OffsetDateTime.parse(matcher.group(2)).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw GraphException.badRequest("BadRequest", "Invalid filter value '" + matcher.group(2) + "'.");
            }
        }
        Set<String> changeTypes = Set.of("created", "updated", "deleted");
        String changeType = call.param("changeType");
        if (changeType != null) {
            String lower = changeType.toLowerCase(Locale.ROOT);
            if (!changeTypes.contains(lower)) {
                throw GraphException.badRequest("BadRequest", "Invalid changeType '" + changeType + "'.");
            }
            changeTypes = Set.of(lower);
        }
        int pageSize = maxPageSize != null ? maxPageSize : call.param("$top") != null ? topForMessages(call)
                : DELTA_DEFAULT_PAGE;
        return new DeltaTokens.Query(call.tenant().tenantId(), mailbox.owner().id(), folder.id(), select(call),
                operator, value, changeTypes, pageSize);
    }

    private DeltaTokens.Round newRound(DeltaTokens.Query query, Mailbox mailbox,
                                       Map<String, DeltaTokens.Entry> previous) {
        List<StoredMessage> current = new ArrayList<>(mailbox.messages());
        current.removeIf(m -> !m.folderId().equals(query.folderId()) || !matches(query, m));
        current.sort(Comparator.comparing(StoredMessage::receivedDateTime)
                .thenComparingLong(StoredMessage::orderKey).reversed());
        if (query.filterOperator() != null && previous == null && current.size() > DELTA_FILTER_CAP) {
            current = new ArrayList<>(current.subList(0, DELTA_FILTER_CAP));
        }
        Map<String, DeltaTokens.Entry> snapshot = new java.util.LinkedHashMap<>();
        current.forEach(m -> snapshot.put(m.immutableId(), new DeltaTokens.Entry(m.id(), m.changeKey())));
        List<DeltaTokens.Item> items = new ArrayList<>();
        if (previous == null) {
            if (query.changeTypes().contains("created")) {
                current.forEach(m -> items.add(new DeltaTokens.Item(m.immutableId(), false, null)));
            }
        } else {
            if (query.changeTypes().contains("deleted")) {
                previous.forEach((immutableId, entry) -> {
                    if (!snapshot.containsKey(immutableId)) {
                        items.add(new DeltaTokens.Item(immutableId, true, entry.restId()));
                    }
                });
            }
            for (StoredMessage message : current) {
                DeltaTokens.Entry before = previous.get(message.immutableId());
                boolean created = before == null;
                boolean updated = before != null && !before.changeKey().equals(message.changeKey());
                if ((created && query.changeTypes().contains("created"))
                        || (updated && query.changeTypes().contains("updated"))) {
                    items.add(new DeltaTokens.Item(message.immutableId(), false, null));
                }
            }
        }
        return new DeltaTokens.Round(query, List.copyOf(items), snapshot, deltaTokens.nextGeneration());
    }

    private static boolean matches(DeltaTokens.Query query, StoredMessage message) {
        if (query.filterOperator() == null) {
            return true;
        }
        int comparison = message.receivedDateTime().compareTo(query.filterValue());
        return query.filterOperator().equals("ge") ? comparison >= 0 : comparison > 0;
    }

    private static boolean belongs(DeltaTokens.Query query, Call call, Mailbox mailbox, MailFolder folder) {
        return query.tenantId().equals(call.tenant().tenantId()) && query.userId().equals(mailbox.owner().id())
                && query.folderId().equals(folder.id());
    }

    private GraphException syncStateNotFound() {
        long highest = deltaTokens.highestGeneration();
        return new GraphException(410, "SyncStateNotFound", "The sync state generation is not found; generation=0;"
                + "[highest=" + highest + "].");
    }

    private static GraphException unsupportedInDelta(String parameter) {
        return GraphException.badRequest("ErrorInvalidUrlQuery", "The following parameters are not supported with"
                + " change tracking over the 'Messages' resource: '" + parameter + "'.");
    }

    // ---- folders -------------------------------------------------------------------------------

    private SimResponse folders(Call call, String userSegment, Mailbox mailbox, List<String> rest) {
        if (rest.isEmpty()) {
            if (call.method().equals("POST")) {
                return createFolder(call, userSegment, mailbox, mailbox.root(), false);
            }
            requireMethod(call, "GET");
            return listFolders(call, userSegment, mailbox, mailbox.root(), "mailFolders");
        }
        MailFolder folder = resolveFolder(mailbox, rest.get(0));
        if (rest.size() == 1) {
            requireMethod(call, "GET");
            ObjectNode body = Json.object().put("@odata.context", call.graphBase() + "/$metadata#users('" + userSegment
                    + "')/mailFolders/$entity");
            body.setAll(folderJson(mailbox, folder));
            return SimResponse.graphJson(200, body);
        }
        String segment = rest.get(1);
        if (segment.equals("childFolders") && rest.size() == 2) {
            if (call.method().equals("POST")) {
                return createFolder(call, userSegment, mailbox, folder, true);
            }
            requireMethod(call, "GET");
            return listFolders(call, userSegment, mailbox, folder, "mailFolders('" + rest.get(0) + "')/childFolders");
        }
        if (segment.equals("messages") && rest.size() == 3 && rest.get(2).equals("delta")) {
            requireMethod(call, "GET");
            Churn.maybeChurn(faults, call.tenant(), mailbox);
            return delta(call, userSegment, mailbox, folder);
        }
        if (segment.equals("messages")) {
            return messages(call, userSegment, mailbox, folder, rest.subList(2, rest.size()));
        }
        throw GraphException.segmentNotFound(segment);
    }

    private SimResponse listFolders(Call call, String userSegment, Mailbox mailbox, MailFolder parent, String context) {
        boolean includeHidden = "true".equalsIgnoreCase(call.param("includeHiddenFolders"));
        List<MailFolder> folders = new ArrayList<>(mailbox.childFolders(parent.id()));
        folders.removeIf(f -> f.isHidden() && !includeHidden);
        folders.sort(Comparator.comparing(f -> f.displayName().toLowerCase(Locale.ROOT)));
        String filter = call.param("$filter");
        if (filter != null) {
            FilterExpression expression = parseFilter(filter);
            try {
                folders.removeIf(f -> !expression.test(property -> switch (property) {
                    case "displayName" -> f.displayName();
                    case "id" -> f.id();
                    case "parentFolderId" -> f.parentFolderId();
                    case "isHidden" -> f.isHidden();
                    default -> throw GraphException.badRequest("ErrorInvalidProperty", "Could not find a property"
                            + " named '" + property + "' on type 'microsoft.graph.mailFolder'.");
                }));
            } catch (FilterExpression.InvalidFilterException e) {
                throw GraphException.badRequest("BadRequest", e.getMessage());
            }
        }
        int top = Paging.top(call, 10, 1000);
        int skip = Paging.skip(call);
        ObjectNode body = Json.object().put("@odata.context", call.graphBase() + "/$metadata#users('" + userSegment
                + "')/" + context);
        ArrayNode value = body.putArray("value");
        folders.stream().skip(skip).limit(top).forEach(f -> value.add(folderJson(mailbox, f)));
        if (skip + top < folders.size()) {
            body.put("@odata.nextLink", Paging.nextLink(call, "$skip", String.valueOf(skip + top)));
        }
        return SimResponse.graphJson(200, body);
    }

    private SimResponse createFolder(Call call, String userSegment, Mailbox mailbox, MailFolder parent,
                                     boolean child) {
        JsonNode body = jsonBody(call);
        String displayName = body.path("displayName").asText("").trim();
        if (displayName.isEmpty()) {
            throw GraphException.badRequest("ErrorInvalidParameter", "The value of the parameter 'DisplayName' is empty.");
        }
        MailFolder created;
        try {
            created = mailbox.createFolder(parent.id(), displayName, body.path("isHidden").asBoolean(false), true);
        } catch (FolderExistsException e) {
            throw new GraphException(409, "ErrorFolderExists", "A folder with the specified name already exists.");
        }
        String context = child ? "mailFolders('" + parent.id() + "')/childFolders/$entity" : "mailFolders/$entity";
        ObjectNode json = Json.object().put("@odata.context", call.graphBase() + "/$metadata#users('" + userSegment
                + "')/" + context);
        json.setAll(folderJson(mailbox, created));
        return SimResponse.graphJson(201, json);
    }

    private static ObjectNode folderJson(Mailbox mailbox, MailFolder folder) {
        List<StoredMessage> inFolder = mailbox.messages().stream().filter(m -> m.folderId().equals(folder.id())).toList();
        return Json.object()
                .put("id", folder.id())
                .put("displayName", folder.displayName())
                .put("parentFolderId", folder.parentFolderId())
                .put("childFolderCount", mailbox.childFolders(folder.id()).size())
                .put("unreadItemCount", inFolder.stream().filter(Predicate.not(StoredMessage::isRead)).count())
                .put("totalItemCount", inFolder.size())
                .put("isHidden", folder.isHidden());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static StoredMessage findMessage(Mailbox mailbox, String messageId, MailFolder folder) {
        StoredMessage message = mailbox.message(messageId).orElse(null);
        if (message == null || (folder != null && !message.folderId().equals(folder.id()))) {
            if (!looksLikeId(messageId)) {
                throw GraphException.badRequest("ErrorInvalidIdMalformed", "Id is malformed.");
            }
            throw GraphException.itemNotFound();
        }
        return message;
    }

    private static MailFolder resolveFolder(Mailbox mailbox, String idOrName) {
        return mailbox.folder(idOrName).orElseThrow(() -> {
            if (WELL_KNOWN.contains(idOrName.toLowerCase(Locale.ROOT)) || looksLikeId(idOrName)) {
                return GraphException.itemNotFound();
            }
            return GraphException.badRequest("ErrorInvalidIdMalformed", "Id is malformed.");
        });
    }

    private static boolean looksLikeId(String id) {
        return id.length() >= 20 && id.matches("[A-Za-z0-9_=+/-]+");
    }

    private static Object messageProperty(StoredMessage message, String property) {
        return switch (property) {
            case "receivedDateTime" -> message.receivedDateTime();
            case "sentDateTime" -> message.parsed().sentDateTime() != null ? message.parsed().sentDateTime()
                    : message.receivedDateTime();
            case "createdDateTime" -> message.createdDateTime();
            case "lastModifiedDateTime" -> message.lastModifiedDateTime();
            case "isRead" -> message.isRead();
            case "hasAttachments" -> message.parsed().hasAttachments();
            case "subject" -> message.parsed().subject();
            case "internetMessageId" -> message.parsed().internetMessageId();
            case "importance" -> "normal";
            case "parentFolderId" -> message.folderId();
            case "conversationId" -> MessageJson.conversationId(message.parsed().subject());
            case "from/emailAddress/address" -> message.parsed().from() == null ? null
                    : message.parsed().from().address();
            case "sender/emailAddress/address" -> message.parsed().sender() == null ? null
                    : message.parsed().sender().address();
            default -> null;
        };
    }

    private static FilterExpression parseFilter(String filter) {
        try {
            return FilterExpression.parse(filter);
        } catch (FilterExpression.InvalidFilterException e) {
            throw GraphException.badRequest("BadRequest", e.getMessage());
        }
    }

    private static int topForMessages(Call call) {
        String top = call.param("$top");
        if (top == null) {
            return 10;
        }
        try {
            int value = Integer.parseInt(top.trim());
            if (value < 1 || value > 1000) {
                throw GraphException.badRequest("ErrorInvalidParameter",
                        "The value of $top must be between 1 and 1000 for messages.");
            }
            return value;
        } catch (NumberFormatException e) {
            throw GraphException.badRequest("BadRequest", "Invalid value '" + top + "' for query option '$top'.");
        }
    }

    private static List<String> select(Call call) {
        String select = call.param("$select");
        if (select == null || select.isBlank()) {
            return null;
        }
        List<String> properties = new ArrayList<>();
        for (String property : select.split(",")) {
            String trimmed = property.trim();
            if (!MessageJson.SELECTABLE.contains(trimmed)) {
                throw GraphException.badRequest("RequestBroker--ParseUri",
                        "Could not find a property named '" + trimmed + "' on type 'microsoft.graph.message'.");
            }
            properties.add(trimmed);
        }
        return properties;
    }

    private static boolean wantsText(Call call) {
        return Prefer.of(call.request()).textBody();
    }

    /** {@code Prefer: IdType="ImmutableId"}: message ids in the answer are the immutable ones. */
    static boolean immutable(Call call) {
        return Prefer.of(call.request()).immutableIds();
    }

    /** The honoured {@code Prefer: odata.maxpagesize}, bounded by the collection's largest page, or null. */
    static Integer maxPageSize(Call call, int largest) {
        var size = Prefer.of(call.request()).maxPageSize();
        return size.isPresent() ? Math.min(size.getAsInt(), largest) : null;
    }

    /** Adds {@code Preference-Applied} for the preferences this answer honoured. */
    static SimResponse withPreference(Call call, SimResponse response, Integer maxPageSize) {
        List<String> applied = new ArrayList<>();
        if (wantsText(call)) {
            applied.add("outlook.body-content-type=\"text\"");
        }
        if (maxPageSize != null) {
            applied.add("odata.maxpagesize=" + maxPageSize);
        }
        return applied.isEmpty() ? response : response.header("Preference-Applied", String.join(", ", applied));
    }

    private static String webBase(Call call) {
        return call.graphBase().substring(0, call.graphBase().length() - "/v1.0".length());
    }

    private static void requireMethod(Call call, String method) {
        if (!call.method().equals(method)) {
            throw GraphException.methodNotAllowed();
        }
    }

    private static JsonNode jsonBody(Call call) {
        try {
            JsonNode body = Json.parse(call.request().body());
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException();
            }
            return body;
        } catch (RuntimeException e) {
            throw GraphException.badRequest("RequestBodyRead", "Cannot read the request body as a JSON object.");
        }
    }

    static boolean isMailPath(List<String> path) {
        return path.size() >= 3 && path.get(0).equals("users")
                && (path.get(2).equals("messages") || path.get(2).equals("mailFolders"));
    }

}
