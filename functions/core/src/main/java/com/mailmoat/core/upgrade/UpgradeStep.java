package com.mailmoat.core.upgrade;

/** The workflow's steps, in order; {@link #stateName()} is the state's name in upgrade.asl.json. */
public enum UpgradeStep {
    VALIDATE_PREREQUISITES("ValidatePrerequisites", "Checking the prerequisites"),
    RECORD_TRANSPORT_RULE_ORDER("RecordTransportRuleOrder", "Recording the order of your transport rules"),
    INSTALL_TRANSPORT_RULES("InstallTransportRules", "Configuring email flow"),
    IMPORT_USERS_AND_GROUPS("ImportUsersAndGroups", "Importing users and groups"),
    CREATE_MAIL_SUBSCRIPTIONS("CreateMailSubscriptions", "Watching mailboxes for new mail"),
    SWITCH_MODE("SwitchMode", "Switching the protection mode"),
    NOTIFY_COMPLETE("NotifyComplete", "Telling you it is done");

    private final String stateName;
    private final String label;

    UpgradeStep(String stateName, String label) {
        this.stateName = stateName;
        this.label = label;
    }

    public String stateName() {
        return stateName;
    }

    /** What the progress banner says while the step runs. */
    public String label() {
        return label;
    }

    public static UpgradeStep fromStateName(String name) {
        for (UpgradeStep step : values()) {
            if (step.stateName.equals(name)) {
                return step;
            }
        }
        throw new IllegalArgumentException("No upgrade step " + name);
    }
}
