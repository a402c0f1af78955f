package com.mailmoat.core.upgrade;

/** Starts the upgrade workflow (the Step Functions state machine of statemachine/upgrade.asl.json). */
public interface UpgradeWorkflow {
    /**
     * Starts an execution for the upgrade; starting the same upgrade again is harmless (the
     * execution is named after the upgrade id).
     */
    void start(String accountId, String upgradeId);
}
