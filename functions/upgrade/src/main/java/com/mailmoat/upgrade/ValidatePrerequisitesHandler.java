package com.mailmoat.upgrade;

import com.mailmoat.core.upgrade.UpgradeTasks;
import java.util.Map;

/** The ValidatePrerequisites task of the upgrade state machine: checks the prerequisites; outputs {@code {"ready": true|false}} (blockers and warnings are kept on the upgrade). */
public final class ValidatePrerequisitesHandler extends UpgradeTaskHandler {
    public ValidatePrerequisitesHandler() {
        this(UpgradeWiring.instance().tasks);
    }

    public ValidatePrerequisitesHandler(UpgradeTasks tasks) {
        super(tasks);
    }

    @Override
    protected Map<String, Object> run(String accountId, String upgradeId, Map<String, Object> input) {
        boolean ready = tasks.validatePrerequisites(accountId, upgradeId);
        return Map.of("ready", ready);
    }
}
