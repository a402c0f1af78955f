package com.mailmoat.upgrade;

import com.mailmoat.core.upgrade.UpgradeTasks;
import java.util.Map;

/** The NotifyComplete task of the upgrade state machine: Sends the "Congratulations! The email configuration is complete" email and notice (once); outputs {@code {"notified": true}}. */
public final class NotifyCompleteHandler extends UpgradeTaskHandler {
    public NotifyCompleteHandler() {
        this(UpgradeWiring.instance().tasks);
    }

    public NotifyCompleteHandler(UpgradeTasks tasks) {
        super(tasks);
    }

    @Override
    protected Map<String, Object> run(String accountId, String upgradeId, Map<String, Object> input) {
        tasks.notifyComplete(accountId, upgradeId);
        return Map.of("notified", true);
    }
}
