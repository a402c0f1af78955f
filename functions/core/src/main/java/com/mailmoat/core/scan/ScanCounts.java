package com.mailmoat.core.scan;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one page (or a whole scan) added up to. Threat counts are of detections, i.e. messages whose
 * verdict is not CLEAN; by level ({@code SUSPICIOUS}, {@code MALICIOUS}) and by category
 * ({@code PHISHING}, ...; a message may count in several).
 */
public record ScanCounts(long messagesScanned, long threatsFound, Map<String, Long> byLevel,
                         Map<String, Long> byCategory) {
    public static final ScanCounts NONE = new ScanCounts(0, 0, Map.of(), Map.of());

    public ScanCounts {
        byLevel = Map.copyOf(byLevel);
        byCategory = Map.copyOf(byCategory);
    }

    public ScanCounts plus(ScanCounts other) {
        return new ScanCounts(messagesScanned + other.messagesScanned, threatsFound + other.threatsFound,
                merge(byLevel, other.byLevel), merge(byCategory, other.byCategory));
    }

    private static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> sum = new TreeMap<>(a);
        b.forEach((key, value) -> sum.merge(key, value, Long::sum));
        return sum;
    }
}
