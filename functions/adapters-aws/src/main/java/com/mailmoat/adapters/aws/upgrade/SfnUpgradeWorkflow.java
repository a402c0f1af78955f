package com.mailmoat.adapters.aws.upgrade;

import com.mailmoat.core.upgrade.UpgradeWorkflow;
import com.mailmoat.lambda.Json;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts the upgrade state machine: one execution per upgrade, named after it, with input
 * {@code {"accountId", "upgradeId"}}. Step Functions refuses a second execution of that name
 * ({@code ExecutionAlreadyExists}), which is exactly "already started".
 */
public final class SfnUpgradeWorkflow implements UpgradeWorkflow {
    private final SfnClient sfn;
    private final String stateMachineArn;

    public SfnUpgradeWorkflow(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public void start(String accountId, String upgradeId) {
        try {
            sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name("upgrade-" + upgradeId)
                    .input(Json.write(Map.of("accountId", accountId, "upgradeId", upgradeId))));
        } catch (ExecutionAlreadyExistsException e) {
            // Started before (a repeated consent callback): nothing to do.
        }
    }
}
