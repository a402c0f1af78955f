package com.mailmoat.core.detection;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console's words for a detection's codes (web/js/labels.js), for what Mailmoat writes outside the
 * console: emails and the CSV export say "Business email compromise", not {@code BEC}.
 */
public final class DetectionWords {
    private static final Map<String, String> LEVELS = Map.of("MALICIOUS", "Malicious", "SUSPICIOUS", "Suspicious",
            "CLEAN", "Clean");
    private static final Map<String, String> CATEGORIES = Map.of("PHISHING", "Phishing", "MALWARE", "Malware",
            "IMPERSONATION", "Impersonation", "SPOOFING", "Spoofing", "BEC", "Business email compromise",
            "EXTORTION", "Extortion", "SPAM", "Spam");
    private static final Map<DetectionStatus, String> STATUSES = Map.of(DetectionStatus.DETECTED, "Detected",
            DetectionStatus.REMOVED, "Removed", DetectionStatus.RELEASED, "Released",
            DetectionStatus.NOT_A_THREAT, "Not a threat");
    private static final Map<DetectionSource, String> SOURCES = Map.of(DetectionSource.SCAN, "Threat Scan",
            DetectionSource.REAL_TIME, "Real time (as it arrived)", DetectionSource.REPORTED, "Reported missed threat");

    private DetectionWords() {
    }

    /** A level's word; an unknown code as it is. */
    public static String level(String code) {
        return LEVELS.getOrDefault(code, code);
    }

    /** A category's words; an unknown code as it is. */
    public static String category(String code) {
        return CATEGORIES.getOrDefault(code, code);
    }

    /** Categories in words, in the order of their codes, joined by {@code separator}. */
    public static String categories(Collection<String> codes, String separator) {
        return codes.stream().sorted().map(DetectionWords::category).collect(Collectors.joining(separator));
    }

    public static String status(DetectionStatus status) {
        return STATUSES.getOrDefault(status, status.name());
    }

    public static String source(DetectionSource source) {
        return SOURCES.getOrDefault(source, source.name());
    }

    /** The codes' words as a map, for tables keyed by code. */
    public static Map<String, String> levels() {
        return LEVELS;
    }

    public static Map<String, String> categories() {
        return CATEGORIES;
    }
}
