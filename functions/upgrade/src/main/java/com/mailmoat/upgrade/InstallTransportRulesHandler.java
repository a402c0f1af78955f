package com.mailmoat.upgrade;

import com.mailmoat.core.upgrade.UpgradeTasks;
import java.util.Map;

/** The InstallTransportRules task of the upgrade state machine: Installs Mailmoat's transport rules at priority 0 for Targeted To; outputs {@code {"rulesPushedDown": n}}. */
public final class InstallTransportRulesHandler extends UpgradeTaskHandler {
    public InstallTransportRulesHandler() {
        this(UpgradeWiring.instance().tasks);
    }

    public InstallTransportRulesHandler(UpgradeTasks tasks) {
        super(tasks);
    }

    @Override
    protected Map<String, Object> run(String accountId, String upgradeId, Map<String, Object> input) {
        return Map.of("rulesPushedDown", tasks.installTransportRules(accountId, upgradeId).size());
    }
}
