package com.mailmoat.testkit;

import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionEvent;
import com.mailmoat.core.detection.DetectionPage;
import com.mailmoat.core.detection.DetectionQuery;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.DetectionTrail;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Detections in memory: stored once per id, searched like the DynamoDB store (newest received first). */
public final class InMemoryDetections implements DetectionRepository {
    private final Map<String, Detection> byKey = new ConcurrentHashMap<>();

    @Override
    public boolean putIfAbsent(Detection detection) {
        return byKey.putIfAbsent(detection.accountId() + "\n" + detection.detectionId(), detection) == null;
    }

    @Override
    public Optional<Detection> find(String accountId, String detectionId) {
        return Optional.ofNullable(byKey.get(accountId + "\n" + detectionId));
    }

    @Override
    public DetectionPage search(String accountId, DetectionQuery q) {
        Predicate<Detection> match = d -> d.accountId().equals(accountId)
                && (q.scanId() == null || q.scanId().equals(d.scanId()))
                && (q.level() == null || q.level() == d.level())
                && (q.source() == null || q.source() == d.source())
                && (q.category() == null || d.categories().contains(q.category().toUpperCase(Locale.ROOT)))
                && (q.status() == null || q.status() == d.status())
                && (q.mailbox() == null || d.mailbox().equalsIgnoreCase(q.mailbox()))
                && (q.sender() == null || d.sender().toLowerCase(Locale.ROOT).contains(q.sender().toLowerCase(Locale.ROOT)))
                && (q.text() == null || (d.subject() + "\n" + d.sender() + "\n" + d.senderName()).toLowerCase(Locale.ROOT)
                        .contains(q.text().toLowerCase(Locale.ROOT)))
                && (q.from() == null || !d.receivedAt().isBefore(q.from()))
                && (q.to() == null || !d.receivedAt().isAfter(q.to()));
        List<Detection> sorted = byKey.values().stream().filter(match)
                .sorted(Comparator.comparing(Detection::receivedAt).thenComparing(Detection::detectionId).reversed())
                .toList();
        int start = 0;
        if (q.cursor() != null) {
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).detectionId().equals(q.cursor())) {
                    start = i + 1;
                }
            }
        }
        List<Detection> page = sorted.subList(Math.min(start, sorted.size()), Math.min(sorted.size(), start + q.limit()));
        boolean more = start + q.limit() < sorted.size();
        return new DetectionPage(page, more ? Optional.of(page.get(page.size() - 1).detectionId()) : Optional.empty());
    }

    @Override
    public List<Detection> forScan(String accountId, String scanId) {
        return byKey.values().stream().filter(d -> d.accountId().equals(accountId) && scanId.equals(d.scanId())).toList();
    }

    @Override
    public boolean moveToScan(Detection rejudged) {
        return whileDetected(rejudged.accountId(), rejudged.detectionId(), d -> d.rejudgedBy(rejudged));
    }

    @Override
    public boolean markNotAThreat(String accountId, String detectionId, DetectionEvent event) {
        return whileDetected(accountId, detectionId, d -> {
            List<DetectionEvent> history = new ArrayList<>(d.trail().history());
            history.add(event);
            return d.withStatus(DetectionStatus.NOT_A_THREAT,
                    new DetectionTrail(d.trail().currentFolderId(), d.trail().messageGone(), history));
        });
    }

    /** Changes a detection still waiting for the administrator; false when it is not (or not there). */
    private boolean whileDetected(String accountId, String detectionId, UnaryOperator<Detection> change) {
        boolean[] changed = new boolean[1];
        byKey.computeIfPresent(accountId + "\n" + detectionId, (key, d) -> {
            if (d.status() != DetectionStatus.DETECTED) {
                return d;
            }
            changed[0] = true;
            return change.apply(d);
        });
        return changed[0];
    }

    /** Replaces a stored detection (the remediation fakes change status, place and trail this way). */
    public void replace(Detection detection) {
        byKey.put(detection.accountId() + "\n" + detection.detectionId(), detection);
    }

    public int size() {
        return byKey.size();
    }
}
