package com.mailmoat.core.realtime;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The real-time path's figures per account and day (UTC) and its latest events, for the console's
 * Home page. Counters are best effort: a check that fails after counting and is retried may count twice.
 */
public interface RealTimeStats {

    /** One day's counters. {@code blocked}: moved to quarantine; {@code rejected}: notifications refused (forged clientState). */
    record Day(LocalDate date, long checked, long threats, long blocked, long rejected) {
        public static Day empty(LocalDate date) {
            return new Day(date, 0, 0, 0, 0);
        }
    }

    /** Counts a checked message in its day and keeps it among the latest events. */
    void recordChecked(String accountId, RealTimeEvent event);

    /** Counts notifications refused for the account (a wrong clientState on one of its subscriptions). */
    void recordRejected(String accountId, Instant at, int count);

    Day day(String accountId, LocalDate date);

    /** The latest events, newest first. */
    List<RealTimeEvent> latest(String accountId, int limit);
}
