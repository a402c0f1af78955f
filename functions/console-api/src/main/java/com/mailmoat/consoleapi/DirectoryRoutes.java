package com.mailmoat.consoleapi;

import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.session.Session;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.SessionRoutes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The tenant's users and groups for pickers (Targeted To, policy targets), and a refresh on demand. */
public final class DirectoryRoutes implements SessionRoutes.Group {
    private static final int PICKER_SIZE = 50;

    private final DirectoryRepository directory;
    private final Consumer<String> refresh;

    /** @param refresh queues a directory import for an account */
    public DirectoryRoutes(DirectoryRepository directory, Consumer<String> refresh) {
        this.directory = directory;
        this.refresh = refresh;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/directory/users", (request, session) -> Map.of("items", directory.users(session.accountId(),
                        query(request), PICKER_SIZE).stream().map(u -> Map.of("id", u.id(), "address", u.address(),
                        "displayName", u.displayName(), "groupIds", u.groupIds().stream().sorted().toList())).toList(),
                        "importedAt", importedAt(session)))
                .get("/api/directory/groups", (request, session) -> Map.of("items", groups(request, session).stream()
                        .map(g -> Map.of("id", g.id(), "displayName", g.displayName(), "mail", g.mail(), "members", g.members()))
                        .toList(), "importedAt", importedAt(session)))
                .json("POST /api/directory/refresh", 202, (request, session) -> {
                    refresh.accept(session.accountId());
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", "REQUESTED");
                    return body;
                });
    }

    /**
     * {@code ids=a,b}: those groups (a saved Targeted To named by display name, not id; unknown ids are left
     * out); otherwise the picker's search.
     */
    private List<DirectoryRepository.GroupEntry> groups(ApiRequest request, Session session) {
        Optional<String> ids = request.queryParameter("ids").filter(v -> !v.isBlank());
        if (ids.isEmpty()) {
            return directory.groups(session.accountId(), query(request), PICKER_SIZE);
        }
        return Arrays.stream(ids.get().split(",")).map(String::strip).filter(id -> !id.isEmpty() && id.length() <= 200)
                .distinct().limit(PICKER_SIZE)
                .flatMap(id -> directory.group(session.accountId(), id).stream()).toList();
    }

    private String importedAt(Session session) {
        return directory.importedAt(session.accountId()).map(Object::toString).orElse("");
    }

    private static String query(ApiRequest request) {
        String q = request.queryParameter("q").orElse("");
        return q.length() > 100 ? q.substring(0, 100) : q;
    }
}
