package com.mailmoat.core.scan;

import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.ThreatLevel;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The figures a finished scan reports, fixed when it finishes so the console and the email show the
 * same numbers: what was found by level and category, who was targeted most, who sent the most
 * malicious mail, and threats per day over the window.
 *
 * @param threatsReportedBefore of {@code threatsFound}, those found before this scan began (by an earlier
 *                              scan, or as they arrived) and still waiting for the administrator when this
 *                              scan found them again: they were reported before, and are listed with this
 *                              scan now
 */
public record ScanReport(long messagesScanned, long threatsFound, Map<String, Long> byLevel,
                         Map<String, Long> byCategory, List<Tally> topMailboxes, List<Tally> topMaliciousSenders,
                         List<Tally> topMaliciousDomains, Map<LocalDate, Long> threatsPerDay,
                         long threatsReportedBefore) {
    /** How many entries the "top" lists keep. */
    public static final int TOP = 5;

    /** One row of a ranking: a mailbox, a sender or a domain, and its count. */
    public record Tally(String name, long count) {
    }

    public ScanReport {
        byLevel = Map.copyOf(byLevel);
        byCategory = Map.copyOf(byCategory);
        topMailboxes = List.copyOf(topMailboxes);
        topMaliciousSenders = List.copyOf(topMaliciousSenders);
        topMaliciousDomains = List.copyOf(topMaliciousDomains);
        threatsPerDay = Map.copyOf(threatsPerDay);
    }

    /** The report of {@code scan} (its counters) and the detections it recorded (the rankings). */
    public static ScanReport of(Scan scan, List<Detection> detections) {
        List<Detection> malicious = detections.stream().filter(d -> d.level() == ThreatLevel.MALICIOUS).toList();
        Map<LocalDate, Long> perDay = new TreeMap<>();
        if (scan.windowStart() != null && scan.windowEnd() != null) {
            for (LocalDate day = scan.windowStart().atZone(ZoneOffset.UTC).toLocalDate();
                 !day.isAfter(scan.windowEnd().atZone(ZoneOffset.UTC).toLocalDate()); day = day.plusDays(1)) {
                perDay.put(day, 0L);
            }
        }
        detections.forEach(d -> perDay.merge(d.receivedAt().atZone(ZoneOffset.UTC).toLocalDate(), 1L, Long::sum));
        // A detection keeps when it was first made when a later scan takes it over.
        long reportedBefore = scan.startedAt() == null ? 0 : detections.stream()
                .filter(d -> d.detectedAt() != null && d.detectedAt().isBefore(scan.startedAt())).count();
        return new ScanReport(scan.counts().messagesScanned(), scan.counts().threatsFound(), scan.counts().byLevel(),
                scan.counts().byCategory(), top(detections, Detection::mailbox), top(malicious, Detection::sender),
                top(malicious, Detection::senderDomain), perDay, Math.min(reportedBefore, scan.counts().threatsFound()));
    }

    private static List<Tally> top(List<Detection> detections, Function<Detection, String> key) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Detection detection : detections) {
            String name = key.apply(detection);
            if (name != null && !name.isBlank()) {
                counts.merge(name.toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
            }
        }
        List<Tally> tallies = new ArrayList<>();
        counts.forEach((name, count) -> tallies.add(new Tally(name, count)));
        tallies.sort(Comparator.comparingLong(Tally::count).reversed().thenComparing(Tally::name));
        return tallies.subList(0, Math.min(TOP, tallies.size()));
    }
}
