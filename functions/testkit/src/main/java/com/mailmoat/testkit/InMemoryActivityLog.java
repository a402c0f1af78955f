package com.mailmoat.testkit;

import com.mailmoat.core.activity.ActivityCursor;
import com.mailmoat.core.activity.ActivityEntry;
import com.mailmoat.core.activity.ActivityFilter;
import com.mailmoat.core.activity.ActivityLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Activity logs in memory, ordered as the Dynamo one (time, then id, newest first); a repeated id is ignored. */
public final class InMemoryActivityLog implements ActivityLog {
    private static final Comparator<ActivityEntry> NEWEST_FIRST =
            Comparator.comparing(ActivityEntry::at).thenComparing(ActivityEntry::id).reversed();

    private final Map<String, Map<String, ActivityEntry>> byAccount = new ConcurrentHashMap<>();
    private volatile boolean failing;

    @Override
    public void append(String accountId, ActivityEntry entry) {
        if (failing) {
            throw new IllegalStateException("activity log unavailable");
        }
        byAccount.computeIfAbsent(accountId, a -> new ConcurrentHashMap<>()).putIfAbsent(entry.id(), entry);
    }

    @Override
    public Page page(String accountId, ActivityFilter filter, Optional<ActivityCursor> after, int limit) {
        List<ActivityEntry> older = new ArrayList<>(entries(accountId).stream().filter(filter::matches).toList());
        after.ifPresent(c -> older.removeIf(e -> e.at().isAfter(c.at())
                || e.at().equals(c.at()) && e.id().compareTo(c.id()) >= 0));
        List<ActivityEntry> page = older.subList(0, Math.min(limit, older.size()));
        ActivityEntry last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new Page(page, older.size() > limit ? Optional.of(new ActivityCursor(last.at(), last.id())) : Optional.empty());
    }

    /** Every entry of the account, newest first. */
    public List<ActivityEntry> entries(String accountId) {
        return byAccount.getOrDefault(accountId, Map.of()).values().stream().sorted(NEWEST_FIRST).toList();
    }

    /** Makes every append throw, as a log that cannot be reached. */
    public void failing(boolean failing) {
        this.failing = failing;
    }
}
