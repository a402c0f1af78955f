package com.mailmoat.consoleapi;

import com.mailmoat.core.activity.Activity;
import com.mailmoat.core.activity.ActivityCategory;
import com.mailmoat.core.activity.ActivityCsv;
import com.mailmoat.core.activity.ActivityEntry;
import com.mailmoat.core.activity.ActivityFilter;
import com.mailmoat.core.activity.ActivityLog;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.SessionRoutes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The account's activity log ("who changed what, when"), newest first, a page at a time, filtered by
 * kind of change ({@code category}) and dates ({@code from}, {@code to}); and the same filter's
 * entries as a CSV file.
 */
public final class ActivityRoutes implements SessionRoutes.Group {
    private final Activity activity;

    public ActivityRoutes(Activity activity) {
        this.activity = activity;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/activity", (request, session) -> {
            ActivityLog.Page page = activity.page(session.accountId(), filter(request), request.queryParameter("cursor"),
                    request.queryParameter("limit"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", page.entries().stream().map(ActivityRoutes::write).toList());
            body.put("nextCursor", page.next().map(c -> c.encode()).orElse(null));
            return body;
        }).route("GET /api/activity/export", (request, session) -> {
            ActivityCsv.Export export = activity.export(session.accountId(), filter(request));
            return ApiResponses.csvAttachment("mailmoat-activity.csv", export.csv(), Map.of(
                    "X-Mailmoat-Rows", Integer.toString(export.rows()),
                    "X-Mailmoat-Truncated", Boolean.toString(export.truncated())));
        });
    }

    private static ActivityFilter filter(ApiRequest request) {
        return Activity.filter(request.queryParameter("category"), request.queryParameter("from"),
                request.queryParameter("to"));
    }

    private static Map<String, Object> write(ActivityEntry entry) {
        ActivityCategory category = ActivityCategory.of(entry.kind());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", entry.id());
        item.put("at", entry.at().toString());
        item.put("actor", entry.actor());
        item.put("kind", entry.kind().name());
        item.put("category", category.slug());
        item.put("categoryName", category.label());
        item.put("summary", entry.summary());
        return item;
    }
}
