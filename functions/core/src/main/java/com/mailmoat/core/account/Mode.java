package com.mailmoat.core.account;

/** How Mailmoat treats a tenant's mail. New accounts only run the Threat Scan. */
public enum Mode {
    THREAT_SCAN_ONLY("Threat Scan only"),
    MONITOR("Monitor"),
    PROTECT("Protect"),
    DISABLED("Disabled");

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    /** As the console names it. */
    public String label() {
        return label;
    }
}
