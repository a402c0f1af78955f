package com.mailmoat.core.scan;

/** Asks for a Threat Scan to start (the scan-start worker picks the request up). */
public interface ScanRequests {
    void requestFirstScan(String accountId, String tenantId);
}
