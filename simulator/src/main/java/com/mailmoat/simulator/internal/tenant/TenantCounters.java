package com.mailmoat.simulator.internal.tenant;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many Graph requests reached the tenant (each {@code $batch} item counted, the envelope not;
 * refused and throttled requests included) and how many of them fetched MIME ({@code $value}),
 * in total and per mailbox (by user principal name).
 */
public final class TenantCounters {

    /** One mailbox's counts. */
    public record MailboxCounts(long graphRequests, long mimeFetches) {
    }

    /** Mail requests holding a mailbox slot, their peak over the tenant and over any one mailbox, and refusals by Outlook's caps. */
    public record Load(long peakInFlight, long peakInFlightPerMailbox, long concurrencyRefusals, long budgetRefusals) {
    }

    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong peakInFlight = new AtomicLong();
    private final AtomicLong peakPerMailbox = new AtomicLong();
    private final AtomicLong concurrencyRefusals = new AtomicLong();
    private final AtomicLong budgetRefusals = new AtomicLong();
    private final AtomicLong graphRequests = new AtomicLong();
    private final AtomicLong mimeFetches = new AtomicLong();
    private final Map<String, AtomicLong> graphRequestsByUpn = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> mimeFetchesByUpn = new ConcurrentHashMap<>();

    public void graphRequest(String upn) {
        graphRequests.incrementAndGet();
        if (upn != null) {
            graphRequestsByUpn.computeIfAbsent(upn.toLowerCase(java.util.Locale.ROOT), k -> new AtomicLong())
                    .incrementAndGet();
        }
    }

    public void mimeFetch(String upn) {
        mimeFetches.incrementAndGet();
        mimeFetchesByUpn.computeIfAbsent(upn.toLowerCase(java.util.Locale.ROOT), k -> new AtomicLong())
                .incrementAndGet();
    }

    /** A mail request took one of its mailbox's slots ({@code inMailbox}: that mailbox's requests in flight now). */
    public void mailStarted(int inMailbox) {
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        peakPerMailbox.accumulateAndGet(inMailbox, Math::max);
    }

    public void mailEnded() {
        inFlight.decrementAndGet();
    }

    /** Outlook's per-mailbox cap refused a request: "MailboxConcurrency" or "MailboxRequests". */
    public void refused(String limit) {
        ("MailboxConcurrency".equals(limit) ? concurrencyRefusals : budgetRefusals).incrementAndGet();
    }

    public Load load() {
        return new Load(peakInFlight.get(), peakPerMailbox.get(), concurrencyRefusals.get(), budgetRefusals.get());
    }

    public long graphRequests() {
        return graphRequests.get();
    }

    public long mimeFetches() {
        return mimeFetches.get();
    }

    /** Counts per mailbox that saw at least one request, by lower-case UPN. */
    public Map<String, MailboxCounts> byMailbox() {
        Map<String, MailboxCounts> result = new TreeMap<>();
        graphRequestsByUpn.forEach((upn, count) -> result.put(upn, new MailboxCounts(count.get(),
                mimeFetchesByUpn.getOrDefault(upn, new AtomicLong()).get())));
        return result;
    }

    public void reset() {
        peakInFlight.set(inFlight.get());
        peakPerMailbox.set(0);
        concurrencyRefusals.set(0);
        budgetRefusals.set(0);
        graphRequests.set(0);
        mimeFetches.set(0);
        graphRequestsByUpn.clear();
        mimeFetchesByUpn.clear();
    }
}
