package com.mailmoat.core.setup;

import com.mailmoat.core.account.Account;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionPage;
import com.mailmoat.core.detection.DetectionQuery;
import com.mailmoat.core.detection.DetectionRepository;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.scan.Scan;
import com.mailmoat.core.scan.ScanRepository;
import com.mailmoat.core.scan.ScanStatus;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the Threat Scan steps of the checklist are judged on: a finished scan (completed or ended
 * early) makes "Run the 30-day Threat Scan" done; no threat of the last finished scan still in a
 * mailbox (none found, or every one removed, released or marked "Not a threat") makes "Review and
 * remove the threats found" done.
 */
public interface ScanEvidence {

    StepState threatScan(Account account);

    StepState threatsReviewed(Account account);

    /** Before the Threat Scan existed: both steps come later. */
    static ScanEvidence notYet() {
        return new ScanEvidence() {
            @Override
            public StepState threatScan(Account account) {
                return StepState.NOT_AVAILABLE_YET;
            }

            @Override
            public StepState threatsReviewed(Account account) {
                return StepState.NOT_AVAILABLE_YET;
            }
        };
    }

    /**
     * Judged on the account's scans and detections, and the detections the administrator said are
     * not threats ({@code declaredLegitimate}: account id to detection ids).
     */
    static ScanEvidence of(ScanRepository scans, DetectionRepository detections,
                           Function<String, Set<String>> declaredLegitimate) {
        return new ScanEvidence() {
            @Override
            public StepState threatScan(Account account) {
                return lastFinished(account).isPresent() ? StepState.DONE : StepState.TODO;
            }

            @Override
            public StepState threatsReviewed(Account account) {
                Optional<Scan> last = lastFinished(account);
                if (last.isEmpty()) {
                    return StepState.TODO;
                }
                Set<String> notThreats = null;
                String cursor = null;
                do {
                    DetectionPage page = detections.search(account.accountId(), new DetectionQuery(DetectionQuery.MAX_LIMIT,
                            cursor, null, null, DetectionStatus.DETECTED, null, null, null, null, null, last.get().scanId()));
                    if (!page.items().isEmpty() && notThreats == null) {
                        notThreats = declaredLegitimate.apply(account.accountId());
                    }
                    for (Detection waiting : page.items()) {
                        if (!notThreats.contains(waiting.detectionId())) {
                            return StepState.TODO;
                        }
                    }
                    cursor = page.nextCursor().orElse(null);
                } while (cursor != null);
                return StepState.DONE;
            }

            private Optional<Scan> lastFinished(Account account) {
                return scans.recent(account.accountId(), 5).stream()
                        .filter(scan -> scan.status() != ScanStatus.RUNNING).findFirst();
            }
        };
    }
}
