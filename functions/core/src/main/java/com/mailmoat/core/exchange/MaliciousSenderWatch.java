package com.mailmoat.core.exchange;

import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionPage;
import com.mailmoat.core.detection.DetectionQuery;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.ThreatLevel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The detections store as scans use it, telling {@code maliciousSenderFound} (the rules' sync queue)
 * when a new MALICIOUS detection was recorded, at most once per account per {@code quietPeriod} from
 * this process: Mailmoat's transport rules then block its sender before delivery.
 */
public final class MaliciousSenderWatch implements DetectionRepository {
    private final DetectionRepository store;
    private final Consumer<String> maliciousSenderFound;
    private final Clock clock;
    private final Duration quietPeriod;
    private final Map<String, Instant> lastTold = new ConcurrentHashMap<>();

    public MaliciousSenderWatch(DetectionRepository store, Consumer<String> maliciousSenderFound, Clock clock,
                                Duration quietPeriod) {
        this.store = store;
        this.maliciousSenderFound = maliciousSenderFound;
        this.clock = clock;
        this.quietPeriod = quietPeriod;
    }

    @Override
    public boolean putIfAbsent(Detection detection) {
        boolean recorded = store.putIfAbsent(detection);
        if (recorded) {
            tellIfMalicious(detection);
        }
        return recorded;
    }

    private void tellIfMalicious(Detection detection) {
        if (detection.level() == ThreatLevel.MALICIOUS) {
            Instant now = clock.instant();
            Instant previous = lastTold.get(detection.accountId());
            if (previous == null || !now.isBefore(previous.plus(quietPeriod))) {
                lastTold.put(detection.accountId(), now);
                try {
                    maliciousSenderFound.accept(detection.accountId());
                } catch (RuntimeException e) {
                    // The detection is stored; the next malicious detection or list change asks again.
                    lastTold.remove(detection.accountId());
                }
            }
        }
    }

    @Override
    public Optional<Detection> find(String accountId, String detectionId) {
        return store.find(accountId, detectionId);
    }

    @Override
    public DetectionPage search(String accountId, DetectionQuery query) {
        return store.search(accountId, query);
    }

    @Override
    public List<Detection> forScan(String accountId, String scanId) {
        return store.forScan(accountId, scanId);
    }

    @Override
    public boolean moveToScan(Detection rejudged) {
        boolean moved = store.moveToScan(rejudged);
        if (moved) {
            // A later scan may judge a waiting message malicious that was only suspicious before.
            tellIfMalicious(rejudged);
        }
        return moved;
    }

    @Override
    public boolean markNotAThreat(String accountId, String detectionId, com.mailmoat.core.detection.DetectionEvent event) {
        return store.markNotAThreat(accountId, detectionId, event);
    }
}
