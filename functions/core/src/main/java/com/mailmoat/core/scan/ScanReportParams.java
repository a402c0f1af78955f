package com.mailmoat.core.scan;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A scan report as notification parameters (flat strings, as queue messages carry them) and back,
 * for the email and in-app templates. Lists are {@code name=count} pairs separated by newlines;
 * names are addresses and domains, which contain neither.
 */
public final class ScanReportParams {
    private ScanReportParams() {
    }

    /** @param ownDomains the tenant's domains: mail "from" them among the threats was forged */
    public static Map<String, String> of(Scan scan, ScanReport report, String consoleUrl, List<String> ownDomains) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("scanId", scan.scanId());
        params.put("status", scan.status().name());
        params.put("kind", scan.kind().name());
        params.put("windowStart", String.valueOf(scan.windowStart()));
        params.put("windowEnd", String.valueOf(scan.windowEnd()));
        params.put("mailboxesTotal", String.valueOf(scan.mailboxesTotal()));
        params.put("mailboxesDone", String.valueOf(scan.mailboxesDone()));
        params.put("mailboxesSkipped", String.valueOf(scan.mailboxesSkipped()));
        params.put("messagesScanned", String.valueOf(report.messagesScanned()));
        params.put("threatsFound", String.valueOf(report.threatsFound()));
        params.put("threatsReportedBefore", String.valueOf(report.threatsReportedBefore()));
        params.put("byLevel", pairs(report.byLevel()));
        params.put("byCategory", pairs(report.byCategory()));
        params.put("topMailboxes", tallies(report.topMailboxes()));
        params.put("topSenders", tallies(report.topMaliciousSenders()));
        params.put("topDomains", tallies(report.topMaliciousDomains()));
        Map<String, Long> perDay = new LinkedHashMap<>();
        new TreeMap<>(report.threatsPerDay()).forEach((LocalDate day, Long count) -> perDay.put(day.toString(), count));
        params.put("threatsPerDay", pairs(perDay));
        params.put("link", consoleUrl + "#/detections?scanId=" + scan.scanId());
        params.put("ownDomains", String.join("\n", ownDomains));
        return params;
    }

    /** The {@code name=count} pairs of one list parameter, in order. */
    public static Map<String, Long> read(String encoded) {
        Map<String, Long> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return values;
        }
        for (String line : encoded.split("\n")) {
            int eq = line.lastIndexOf('=');
            if (eq > 0) {
                try {
                    values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).strip()));
                } catch (NumberFormatException e) {
                    // not a pair: skip it rather than fail the whole email
                }
            }
        }
        return values;
    }

    private static String pairs(Map<String, Long> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    private static String tallies(List<ScanReport.Tally> tallies) {
        return tallies.stream().map(t -> t.name() + "=" + t.count()).collect(Collectors.joining("\n"));
    }
}
