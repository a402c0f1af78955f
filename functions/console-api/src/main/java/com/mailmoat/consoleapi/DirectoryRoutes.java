package com.mailmoat.consoleapi;

import com.mailmoat.core.directory.DirectoryRepository;
import com.mailmoat.core.session.Session;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.SessionRoutes;
import java.util.LinkedHashMap;
import java.util.Map;
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
                .get("/api/directory/groups", (request, session) -> Map.of("items", directory.groups(session.accountId(),
                        query(request), PICKER_SIZE).stream().map(g -> Map.of("id", g.id(), "displayName", g.displayName(),
                        "mail", g.mail(), "members", g.members())).toList(), "importedAt", importedAt(session)))
                .json("POST /api/directory/refresh", 202, (request, session) -> {
                    refresh.accept(session.accountId());
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", "REQUESTED");
                    return body;
                });
    }

    private String importedAt(Session session) {
        return directory.importedAt(session.accountId()).map(Object::toString).orElse("");
    }

    private static String query(ApiRequest request) {
        String q = request.queryParameter("q").orElse("");
        return q.length() > 100 ? q.substring(0, 100) : q;
    }
}
