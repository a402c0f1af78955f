package com.mailmoat.upgrade;

import com.mailmoat.core.upgrade.UpgradeTasks;
import java.util.Map;

/** The ImportUsersAndGroups task of the upgrade state machine: Imports the tenant's users and groups; outputs {@code {"users", "groups"}}. */
public final class ImportUsersAndGroupsHandler extends UpgradeTaskHandler {
    public ImportUsersAndGroupsHandler() {
        this(UpgradeWiring.instance().tasks);
    }

    public ImportUsersAndGroupsHandler(UpgradeTasks tasks) {
        super(tasks);
    }

    @Override
    protected Map<String, Object> run(String accountId, String upgradeId, Map<String, Object> input) {
        var result = tasks.importUsersAndGroups(accountId, upgradeId);
        return Map.of("users", result.users(), "groups", result.groups());
    }
}
