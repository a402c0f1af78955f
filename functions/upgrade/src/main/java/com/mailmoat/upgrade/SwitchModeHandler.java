package com.mailmoat.upgrade;

import com.mailmoat.core.upgrade.UpgradeTasks;
import java.util.Map;

/** The SwitchMode task of the upgrade state machine: Switches the account to the chosen mode and Targeted To; outputs {@code {"mode"}}. */
public final class SwitchModeHandler extends UpgradeTaskHandler {
    public SwitchModeHandler() {
        this(UpgradeWiring.instance().tasks);
    }

    public SwitchModeHandler(UpgradeTasks tasks) {
        super(tasks);
    }

    @Override
    protected Map<String, Object> run(String accountId, String upgradeId, Map<String, Object> input) {
        return Map.of("mode", tasks.switchMode(accountId, upgradeId).name());
    }
}
