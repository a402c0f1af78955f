package com.mailmoat.core.scan;

/** Asks for a Threat Scan to start (the scan-start worker picks the request up). */
public interface ScanRequests {

    /** The first scan, right after consent. */
    default void requestFirstScan(String accountId, String tenantId) {
        request(ScanKind.FIRST, accountId, tenantId, null);
    }

    /**
     * Queues a request.
     *
     * @param scanId the scan's id when the caller fixes it (to answer with it), else null
     */
    void request(ScanKind kind, String accountId, String tenantId, String scanId);
}
