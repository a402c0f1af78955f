package com.mailmoat.testkit;

import com.mailmoat.core.scan.ScanRequests;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the scan requests made, as "accountId/tenantId". */
public final class RecordingScanRequests implements ScanRequests {
    public final List<String> requested = new CopyOnWriteArrayList<>();

    @Override
    public void requestFirstScan(String accountId, String tenantId) {
        requested.add(accountId + "/" + tenantId);
    }
}
