package com.mailmoat.consoleapi;

import com.mailmoat.core.activity.Activity;
import com.mailmoat.core.activity.ActivityEntry;
import com.mailmoat.core.activity.ActivityLog;
import com.mailmoat.lambda.http.SessionRoutes;
import java.util.LinkedHashMap;
import java.util.Map;

/** The account's activity log ("who changed what, when"), newest first, a page at a time. */
public final class ActivityRoutes implements SessionRoutes.Group {
    private final Activity activity;

    public ActivityRoutes(Activity activity) {
        this.activity = activity;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/activity", (request, session) -> {
            ActivityLog.Page page = activity.page(session.accountId(), request.queryParameter("cursor"),
                    request.queryParameter("limit"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", page.entries().stream().map(ActivityRoutes::write).toList());
            body.put("nextCursor", page.next().map(c -> c.encode()).orElse(null));
            return body;
        });
    }

    private static Map<String, Object> write(ActivityEntry entry) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", entry.id());
        item.put("at", entry.at().toString());
        item.put("actor", entry.actor());
        item.put("kind", entry.kind().name());
        item.put("summary", entry.summary());
        return item;
    }
}
