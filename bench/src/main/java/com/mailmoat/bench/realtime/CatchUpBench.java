package com.mailmoat.bench.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catch-up's benchmark (issue 17) against a running local runtime whose catch-up schedule runs
 * every {@code --period} seconds ({@code bench/scripts/catchup.sh} starts it so):
 *
 * <ol>
 *   <li><b>Time until every message is checked</b> with a fraction ({@code --drop}, default 0.3) of
 *       change notifications dropped by the simulator: malicious messages (so that "checked" is
 *       visible as "in quarantine") delivered at a steady rate; for each, the time from delivery to
 *       quarantine (p50, p99, max). A notified message takes the real-time path's seconds; a dropped
 *       one waits for the next catch-up, so p99 is about one period plus a check.</li>
 *   <li><b>What the catch-up costs at Graph</b>: with no mail and no notifications, the simulator's
 *       request counter over {@code --quiet-periods} catch-up periods, per mailbox and run; then per
 *       mailbox and day at AWS's period (15 minutes: 96 runs a day).</li>
 * </ol>
 */
public final class CatchUpBench {
    /** The template's schedule: rate(15 minutes). */
    static final int AWS_RUNS_PER_DAY = 24 * 60 / 15;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (List.of("period", "drop", "quiet-periods").contains(key)) {
                a.put(key, args[i + 1]);
            } else {
                rest.add(args[i]);
                rest.add(args[i + 1]);
            }
        }
        int period = Integer.parseInt(a.getOrDefault("period", "30"));
        double drop = Double.parseDouble(a.getOrDefault("drop", "0.3"));
        int quietPeriods = Integer.parseInt(a.getOrDefault("quiet-periods", "4"));
        RealTimeBench bench = new RealTimeBench(RealTimeBench.Options.parse(rest.toArray(String[]::new)));
        bench.protectedTenant();
        // The first catch-up sets every folder's delta link.
        Thread.sleep((period + 5) * 1000L);
        untilChecked(bench, period, drop);
        cost(bench, period, quietPeriods);
        System.exit(0);
    }

    private static void untilChecked(RealTimeBench bench, int period, double drop) throws Exception {
        RealTimeBench.Options options = bench.options();
        bench.faults("notifyDrop=" + drop + ",latencyMs=" + options.graphLatencyMs());
        Map<String, Instant> delivered = new ConcurrentHashMap<>();
        Map<String, Instant> checked = new ConcurrentHashMap<>();
        long droppedBefore = dropped(bench);
        String load = RealTimeBench.load();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    watch(bench, delivered, checked);
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the next round
                }
            }
        }, "quarantine-watcher");
        watcher.setDaemon(true);
        watcher.start();
        long gap = Math.round(1000 / options.perSecond());
        Instant started = Instant.now();
        for (int i = 0; i < options.latencyMessages(); i++) {
            String upn = bench.mailboxes.get(i % bench.mailboxes.size());
            Instant at = Instant.now();
            JsonNode message = bench.deliver(upn, i % 2 == 0 ? "phish-password.eml" : "phish-invoice-attachment.eml", null);
            delivered.put(message.path("immutableId").asText(), at);
            long sleep = started.plusMillis(gap * (i + 1)).toEpochMilli() - System.currentTimeMillis();
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        long droppedNow = dropped(bench) - droppedBefore;
        Instant deadline = Instant.now().plusSeconds(period * 3L + 120);
        int moreThanOnce = 0;
        while (checked.size() < delivered.size() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        watcher.interrupt();
        // One more period: a late catch-up must not move anything a second time.
        Thread.sleep(period * 1000L);
        for (String upn : bench.mailboxes) {
            for (JsonNode m : bench.sim("GET", "/_sim/tenants/" + bench.tenantId + "/mailboxes/" + upn + "/messages", null)
                    .path("value")) {
                if (delivered.containsKey(m.path("immutableId").asText()) && m.path("graphMoves").asInt() > 1) {
                    moreThanOnce++;
                }
            }
        }
        List<Long> times = new ArrayList<>();
        checked.forEach((id, at) -> times.add(Duration.between(delivered.get(id), at).toMillis()));
        System.out.printf("until checked: %d malicious messages at %.1f/s over %d mailboxes, notifyDrop=%.2f (%d notifications"
                        + " dropped), catch-up every %d s, Graph latency %d ms, load %s%n", delivered.size(), options.perSecond(),
                bench.mailboxes.size(), drop, droppedNow, period, options.graphLatencyMs(), load);
        System.out.printf("  delivery -> checked (in quarantine): p50 %d ms, p99 %d ms, max %d ms; %d of %d checked;"
                        + " moved more than once: %d%n", RealTimeBench.pct(times, 50), RealTimeBench.pct(times, 99),
                RealTimeBench.pct(times, 100), times.size(), delivered.size(), moreThanOnce);
        bench.faults(null);
    }

    private static void cost(RealTimeBench bench, int period, int quietPeriods) throws Exception {
        bench.faults("notifyDrop=1");
        Thread.sleep(period * 1000L); // the last messages' checks are over
        bench.sim("DELETE", "/_sim/tenants/" + bench.tenantId + "/counters", null);
        String load = RealTimeBench.load();
        Thread.sleep((long) quietPeriods * period * 1000L);
        long requests = bench.sim("GET", "/_sim/tenants/" + bench.tenantId + "/summary", null).path("graphRequests").asLong();
        double perMailboxPerRun = (double) requests / bench.mailboxes.size() / quietPeriods;
        System.out.printf("catch-up cost, no new mail: %d Graph requests over %d periods and %d mailboxes = %.2f per mailbox"
                        + " and run (Inbox + Junk Email); at AWS's 15-minute schedule: %.0f per mailbox per day, load %s%n",
                requests, quietPeriods, bench.mailboxes.size(), perMailboxPerRun, perMailboxPerRun * AWS_RUNS_PER_DAY, load);
        bench.faults(null);
    }

    private static void watch(RealTimeBench bench, Map<String, Instant> delivered, Map<String, Instant> checked)
            throws Exception {
        for (String upn : bench.mailboxes) {
            for (JsonNode m : bench.sim("GET", "/_sim/tenants/" + bench.tenantId + "/mailboxes/" + upn + "/messages", null)
                    .path("value")) {
                String id = m.path("immutableId").asText();
                if (delivered.containsKey(id) && m.path("folder").asText().startsWith("Mailmoat")) {
                    checked.putIfAbsent(id, Instant.now());
                }
            }
        }
    }

    private static long dropped(RealTimeBench bench) throws Exception {
        long dropped = 0;
        for (JsonNode s : bench.sim("GET", "/_sim/tenants/" + bench.tenantId + "/subscriptions", null).path("value")) {
            dropped += s.path("notificationsDropped").asLong();
        }
        return dropped;
    }
}
