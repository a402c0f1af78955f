package com.mailmoat.testkit;

import com.mailmoat.core.realtime.RealTimeAction;
import com.mailmoat.core.realtime.RealTimeEvent;
import com.mailmoat.core.realtime.RealTimeStats;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Real-time figures in memory. */
public final class InMemoryRealTimeStats implements RealTimeStats {
    private final Map<String, Day> days = new ConcurrentHashMap<>();
    private final Map<String, List<RealTimeEvent>> events = new ConcurrentHashMap<>();

    @Override
    public synchronized void recordChecked(String accountId, RealTimeEvent event) {
        LocalDate date = LocalDate.ofInstant(event.at(), ZoneOffset.UTC);
        Day day = day(accountId, date);
        boolean threat = event.action() != RealTimeAction.PASSED;
        days.put(accountId + "#" + date, new Day(date, day.checked() + 1, day.threats() + (threat ? 1 : 0),
                day.blocked() + (event.action() == RealTimeAction.QUARANTINED ? 1 : 0), day.rejected()));
        events.computeIfAbsent(accountId, a -> new CopyOnWriteArrayList<>()).add(event);
    }

    @Override
    public synchronized void recordRejected(String accountId, Instant at, int count) {
        LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
        Day day = day(accountId, date);
        days.put(accountId + "#" + date, new Day(date, day.checked(), day.threats(), day.blocked(), day.rejected() + count));
    }

    @Override
    public Day day(String accountId, LocalDate date) {
        return days.getOrDefault(accountId + "#" + date, Day.empty(date));
    }

    @Override
    public List<RealTimeEvent> latest(String accountId, int limit) {
        List<RealTimeEvent> all = new ArrayList<>(events.getOrDefault(accountId, List.of()));
        all.sort(Comparator.comparing(RealTimeEvent::at).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** Every event of the account, in the order recorded. */
    public List<RealTimeEvent> events(String accountId) {
        return List.copyOf(events.getOrDefault(accountId, List.of()));
    }
}
