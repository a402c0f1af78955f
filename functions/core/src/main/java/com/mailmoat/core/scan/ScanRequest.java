package com.mailmoat.core.scan;

import java.time.Instant;
import java.util.Objects;

/**
 * A request to start a Threat Scan, as the scan-start worker receives it.
 *
 * @param scanId the id the scan will have: fixed by whoever asks (so a redelivered request starts
 *               the same scan, not a second one), or derived from the request when absent
 */
public record ScanRequest(ScanKind kind, String accountId, String tenantId, Instant requestedAt, String scanId) {
    public ScanRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
