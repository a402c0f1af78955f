package com.mailmoat.upgrade;

import com.mailmoat.core.upgrade.UpgradeTasks;
import java.util.Map;

/** The CreateMailSubscriptions task of the upgrade state machine: Makes the Graph mail subscriptions match the protection; outputs {@code {"created", "renewed", "deleted"}}. */
public final class CreateMailSubscriptionsHandler extends UpgradeTaskHandler {
    public CreateMailSubscriptionsHandler() {
        this(UpgradeWiring.instance().tasks);
    }

    public CreateMailSubscriptionsHandler(UpgradeTasks tasks) {
        super(tasks);
    }

    @Override
    protected Map<String, Object> run(String accountId, String upgradeId, Map<String, Object> input) {
        var result = tasks.createMailSubscriptions(accountId, upgradeId);
        return Map.of("created", result.created(), "renewed", result.renewed(), "deleted", result.deleted());
    }
}
