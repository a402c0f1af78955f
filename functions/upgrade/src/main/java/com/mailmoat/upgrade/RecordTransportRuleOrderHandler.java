package com.mailmoat.upgrade;

import com.mailmoat.core.upgrade.UpgradeTasks;
import java.util.Map;

/** The RecordTransportRuleOrder task of the upgrade state machine: Records the customer's transport rules and their priorities before Mailmoat's go in; outputs {@code {"rules": n}}. */
public final class RecordTransportRuleOrderHandler extends UpgradeTaskHandler {
    public RecordTransportRuleOrderHandler() {
        this(UpgradeWiring.instance().tasks);
    }

    public RecordTransportRuleOrderHandler(UpgradeTasks tasks) {
        super(tasks);
    }

    @Override
    protected Map<String, Object> run(String accountId, String upgradeId, Map<String, Object> input) {
        return Map.of("rules", tasks.recordTransportRuleOrder(accountId, upgradeId).size());
    }
}
