package com.mailmoat.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.upgrade.UpgradeTasks;
import com.mailmoat.lambda.Json;
import java.util.Map;

/**
 * The failure path of the upgrade state machine: every task's Catch leads here with the error at
 * {@code $.error} ({@code {"Error", "Cause"}}; for a Lambda task's exception the Cause is Lambda's
 * error document {@code {"errorMessage", "errorType", ...}}). Explains the failure on the upgrade,
 * leaves the tenant as it was and tells the administrator.
 */
public final class UpgradeFailedHandler extends UpgradeTaskHandler {
    public UpgradeFailedHandler() {
        this(UpgradeWiring.instance().tasks);
    }

    public UpgradeFailedHandler(UpgradeTasks tasks) {
        super(tasks);
    }

    @Override
    protected Map<String, Object> run(String accountId, String upgradeId, Map<String, Object> input) {
        Object error = input.get("error");
        String name = "";
        String message = "";
        if (error instanceof Map<?, ?> map) {
            name = String.valueOf(map.get("Error") == null ? "" : map.get("Error"));
            String cause = map.get("Cause") == null ? "" : String.valueOf(map.get("Cause"));
            message = cause;
            try {
                JsonNode document = Json.MAPPER.readTree(cause);
                if (document != null && document.isObject()) {
                    message = document.path("errorMessage").asText(cause);
                }
            } catch (java.io.IOException | RuntimeException notJson) {
                // A plain-text cause (States.* errors, our Pass state): kept as it is.
            }
        }
        tasks.failed(accountId, upgradeId, name, message);
        return Map.of("failed", true);
    }
}
