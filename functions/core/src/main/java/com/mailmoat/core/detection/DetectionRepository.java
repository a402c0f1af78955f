package com.mailmoat.core.detection;

import java.util.List;
import java.util.Optional;

/** Stored detections, each account's apart (every method takes the account id from the caller's session or records). */
public interface DetectionRepository {

    /** Stores the detection unless one with its id exists; false when it did (nothing is overwritten). */
    boolean putIfAbsent(Detection detection);

    Optional<Detection> find(String accountId, String detectionId);

    /** A page of the account's detections matching the query, newest received first. */
    DetectionPage search(String accountId, DetectionQuery query);

    /**
     * How many of the account's messages Mailmoat holds in quarantine now ({@link Detection#inQuarantine()}),
     * counting no further than {@code cap}.
     */
    default long countInQuarantine(String accountId, int cap) {
        long counted = 0;
        String cursor = null;
        do {
            DetectionPage page = search(accountId, new DetectionQuery(DetectionQuery.MAX_LIMIT, cursor, null, null,
                    DetectionStatus.REMOVED, null, null, null, null, null, null));
            counted += page.items().stream().filter(Detection::inQuarantine).count();
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null && counted < cap);
        return Math.min(counted, cap);
    }

    /** Every detection a scan recorded (for its report). */
    List<Detection> forScan(String accountId, String scanId);

    /**
     * How many of the detections a scan lists now have each status (statuses with none left out): what is
     * still waiting for the administrator, and what was done about the rest. A later scan that found a
     * waiting message again lists it from then on ({@link #moveToScan}).
     */
    default java.util.Map<DetectionStatus, Long> statusCounts(String accountId, String scanId) {
        java.util.Map<DetectionStatus, Long> counts = new java.util.EnumMap<>(DetectionStatus.class);
        forScan(accountId, scanId).forEach(d -> counts.merge(d.status(), 1L, Long::sum));
        return counts;
    }

    /**
     * A later scan found the message of a detection still waiting for the administrator (status
     * {@link DetectionStatus#DETECTED}): it is listed with that scan from now on, so the scan's report,
     * its Detections and its Remove Threats all include it, and it takes that scan's judgement (level,
     * score, categories, reasons) so the scan's figures and its list agree. False when it is no longer
     * waiting.
     *
     * @param rejudged the detection as the later scan judged it (same id; its scan id is the later scan)
     */
    boolean moveToScan(Detection rejudged);

    /**
     * The administrator said the message of a detection still waiting for them is not a threat:
     * {@link DetectionStatus#NOT_A_THREAT}, with the event in its history. False when it was not
     * waiting (removed or released meanwhile, or marked before).
     */
    boolean markNotAThreat(String accountId, String detectionId, DetectionEvent event);
}
