package com.mailmoat.consoleapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountRepository;
import com.mailmoat.core.policy.ManagedSenders;
import com.mailmoat.core.policy.SenderListEntry;
import com.mailmoat.core.policy.SenderListKind;
import com.mailmoat.core.policy.SenderListService;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.SessionRoutes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sender lists ({@code permitted}, {@code blocked}, {@code spoofing-exceptions}): read, replace,
 * import CSV (all or nothing; sent as JSON {@code {"csv": "...", "mode": "replace"|"add"}}, since
 * changes are JSON-only), export CSV; and each user's managed senders, with CSV import (added, all or
 * nothing) and export of their own.
 */
public final class SenderListRoutes implements SessionRoutes.Group {
    private final SenderListService lists;
    private final AccountRepository accounts;

    /** @param accounts who changed a list is recorded by the account's address */
    public SenderListRoutes(SenderListService lists, AccountRepository accounts) {
        this.lists = lists;
        this.accounts = accounts;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/sender-lists/{list}", (request, session) -> Map.of("list", kind(request).slug(), "entries",
                        entries(session, kind(request), lists.list(session.accountId(), kind(request)))))
                .json("PUT /api/sender-lists/{list}", 200, this::replace)
                .json("POST /api/sender-lists/{list}/import", 200, this::importCsv)
                .json("POST /api/sender-lists/{list}/entries", 200, this::addEntry)
                .route("GET /api/sender-lists/{list}/export", this::export)
                .get("/api/managed-senders", (request, session) -> managed(lists.managed(session.accountId(),
                        request.queryParameter("user").orElseThrow(() -> new InvalidInputException(
                                List.of(new FieldError("user", "is required")))))))
                .json("POST /api/managed-senders/import", 200, this::importManaged)
                .route("GET /api/managed-senders/export", this::exportManaged)
                .json("PUT /api/managed-senders", 200, (request, session) -> {
                    JsonNode body = request.json();
                    return managed(lists.saveManaged(session.accountId(), body.path("user").asText(""),
                            drafts(body.path("permitted"), "permitted"), drafts(body.path("blocked"), "blocked"), by(session)));
                });
    }

    private Map<String, Object> importCsv(ApiRequest request, Session session) {
        JsonNode body = request.json();
        if (!body.path("csv").isTextual()) {
            throw new InvalidInputException(List.of(new FieldError("csv", "is required: the CSV text")));
        }
        String mode = body.path("mode").asText("replace");
        if (!mode.equals("replace") && !mode.equals("add")) {
            throw new InvalidInputException(List.of(new FieldError("mode", "must be replace or add")));
        }
        SenderListService.Imported result = lists.importCsv(session.accountId(), kind(request), body.path("csv").asText(),
                mode.equals("replace"), by(session));
        return Map.of("list", kind(request).slug(), "entries", entries(session, kind(request), result.entries()),
                "notices", result.notices());
    }

    /** One user's own senders added from a CSV ({@code {"user": "...", "csv": "..."}}); all or nothing, never a duplicate. */
    private Map<String, Object> importManaged(ApiRequest request, Session session) {
        JsonNode body = request.json();
        if (!body.path("csv").isTextual()) {
            throw new InvalidInputException(List.of(new FieldError("csv", "is required: the CSV text")));
        }
        SenderListService.ManagedImported result = lists.importManaged(session.accountId(), body.path("user").asText(""),
                body.path("csv").asText(), by(session));
        Map<String, Object> answer = new LinkedHashMap<>(managed(result.senders()));
        answer.put("added", result.added());
        answer.put("alreadyListed", result.alreadyListed());
        answer.put("notices", result.notices());
        return answer;
    }

    private APIGatewayV2HTTPResponse exportManaged(ApiRequest request, Session session) {
        String user = request.queryParameter("user").orElseThrow(() -> new InvalidInputException(
                List.of(new FieldError("user", "is required"))));
        String csv = lists.exportManagedCsv(session.accountId(), user);
        String fileName = "mailmoat-senders-" + user.strip().toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9.@_-]", "_") + ".csv";
        return csvFile(fileName, csv);
    }

    private static APIGatewayV2HTTPResponse csvFile(String fileName, String csv) {
        return ApiResponses.csvAttachment(fileName, csv, Map.of());
    }

    /** The whole list replaced; {@code notices} say how wildcard spellings were read (as in the other answers). */
    private Map<String, Object> replace(ApiRequest request, Session session) {
        List<SenderListEntry> drafts = requiredDrafts(request.json().path("entries"));
        List<SenderListEntry> result = lists.replace(session.accountId(), kind(request), drafts, by(session));
        List<String> notices = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            String note = com.mailmoat.core.policy.AddressMatcher.wildcardNote(drafts.get(i).value());
            if (note != null) {
                notices.add("entries[" + i + "]: " + note);
            }
        }
        return Map.of("list", kind(request).slug(), "entries", entries(session, kind(request), result), "notices", notices);
    }

    /** One sender added (the detail panel's Block sender), without the console sending the whole list back. */
    private Map<String, Object> addEntry(ApiRequest request, Session session) {
        SenderListKind kind = kind(request);
        JsonNode body = request.json();
        if (!body.path("value").isTextual() || body.path("value").asText().isBlank()) {
            throw new InvalidInputException(List.of(new FieldError("value", "is required: an address or a domain")));
        }
        if (!body.path("note").isMissingNode() && !body.path("note").isNull() && !body.path("note").isTextual()) {
            throw new InvalidInputException(List.of(new FieldError("note", "must be text")));
        }
        SenderListService.Added added = lists.add(session.accountId(), kind, body.path("value").asText(),
                body.path("note").asText(""), by(session));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("list", kind.slug());
        answer.put("entry", entries(session, kind, List.of(added.entry())).get(0));
        answer.put("alreadyListed", added.alreadyListed());
        // "*@evil.example" is stored as the domain evil.example: say so, so nobody thinks it was kept as typed
        answer.put("notice", added.notice());
        answer.put("entries", entries(session, kind, added.entries()));
        return answer;
    }

    private APIGatewayV2HTTPResponse export(ApiRequest request, Session session) {
        SenderListKind kind = kind(request);
        return csvFile("mailmoat-" + kind.slug() + ".csv", lists.exportCsv(session.accountId(), kind));
    }

    private static SenderListKind kind(ApiRequest request) {
        String slug = request.pathParameter("list").orElse("");
        try {
            return SenderListKind.fromSlug(slug);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound("There is no such sender list: use permitted, blocked or spoofing-exceptions.");
        }
    }

    /** A list replaced whole must be named whole: a body without {@code entries} is a mistake, not "empty it". */
    private static List<SenderListEntry> requiredDrafts(JsonNode array) {
        if (array.isMissingNode() || array.isNull()) {
            throw new InvalidInputException(List.of(new FieldError("entries", "is required: the whole list ([] empties it)")));
        }
        return drafts(array, "entries");
    }

    private static List<SenderListEntry> drafts(JsonNode array, String field) {
        List<SenderListEntry> drafts = new ArrayList<>();
        if (array.isMissingNode() || array.isNull()) {
            return drafts;
        }
        if (!array.isArray()) {
            throw new InvalidInputException(List.of(new FieldError(field, "must be a list")));
        }
        for (JsonNode entry : array) {
            if (entry.isTextual()) {
                drafts.add(new SenderListEntry(entry.asText(), "", "", null));
            } else {
                drafts.add(new SenderListEntry(entry.path("value").asText(""), entry.path("note").asText(""), "", null));
            }
        }
        return drafts;
    }

    /** The entries as the console shows them; {@code notice} says what an entry cannot do (null when nothing). */
    private List<Map<String, Object>> entries(Session session, SenderListKind kind, List<SenderListEntry> entries) {
        Map<String, String> notices = lists.entryNotices(session.accountId(), kind, entries);
        List<Map<String, Object>> json = entries(entries);
        json.forEach(entry -> entry.put("notice", notices.get((String) entry.get("value"))));
        return json;
    }

    private static List<Map<String, Object>> entries(List<SenderListEntry> entries) {
        return entries.stream().map(e -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("value", e.value());
            json.put("note", e.note());
            json.put("addedBy", e.addedBy());
            json.put("addedAt", e.addedAt() == null ? null : e.addedAt().toString());
            return json;
        }).toList();
    }

    private static Map<String, Object> managed(ManagedSenders senders) {
        return Map.of("user", senders.user(), "permitted", entries(senders.permitted()), "blocked", entries(senders.blocked()));
    }

    private String by(Session session) {
        if (!session.isOwner()) {
            return session.memberEmail();
        }
        return accounts.findById(session.accountId()).map(Account::email).orElse("account:" + session.accountId());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
