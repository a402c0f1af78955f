package com.mailmoat.core.account;

/** How Mailmoat treats a tenant's mail. New accounts only run the Threat Scan. */
public enum Mode {
    THREAT_SCAN_ONLY,
    MONITOR,
    PROTECT,
    DISABLED
}
