package com.mailmoat.testkit;

import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.scan.ScanRequests;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the scan requests made, as "accountId/tenantId" (and their kinds and ids apart). */
public final class RecordingScanRequests implements ScanRequests {
    public final List<String> requested = new CopyOnWriteArrayList<>();
    public final List<ScanKind> kinds = new CopyOnWriteArrayList<>();
    public final List<String> scanIds = new CopyOnWriteArrayList<>();

    @Override
    public void request(ScanKind kind, String accountId, String tenantId, String scanId) {
        requested.add(accountId + "/" + tenantId);
        kinds.add(kind);
        scanIds.add(scanId);
    }
}
