package com.mailmoat.upgrade;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.mailmoat.core.upgrade.UpgradeFailures;
import com.mailmoat.core.upgrade.UpgradeTasks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Base of the upgrade state machine's task handlers: input {@code {"accountId", "upgradeId"}} (the
 * execution's input, passed by the task's Parameters), output a small JSON object the next states
 * may use. Failures reach Step Functions as two error names: {@link TransientStepException} (retried
 * with backoff) and {@link StepFailedException} (caught into the failure path, its message explaining
 * what to do).
 */
public abstract class UpgradeTaskHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeTaskHandler.class);

    protected final UpgradeTasks tasks;

    protected UpgradeTaskHandler(UpgradeTasks tasks) {
        this.tasks = tasks;
    }

    /** Runs the step; returns what the task outputs. */
    protected abstract Map<String, Object> run(String accountId, String upgradeId, Map<String, Object> input);

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            String accountId = text(input, "accountId");
            String upgradeId = text(input, "upgradeId");
            String step = getClass().getSimpleName().replace("Handler", "");
            try {
                Map<String, Object> output = new LinkedHashMap<>(run(accountId, upgradeId, input));
                LOG.info("Upgrade {} of account {}: {} done", upgradeId, accountId, step);
                return output;
            } catch (RuntimeException e) {
                if (UpgradeFailures.transient_(e) || e instanceof SdkException sdk && sdk.retryable()) {
                    LOG.warn("Upgrade {}: {} will be retried ({})", upgradeId, step, e.getClass().getSimpleName());
                    throw new TransientStepException(step + ": " + e.getMessage(), e);
                }
                var explained = UpgradeFailures.explain(e);
                if (explained.isPresent()) {
                    LOG.warn("Upgrade {}: {} failed ({})", upgradeId, step, e.getClass().getSimpleName());
                    throw new StepFailedException(explained.get(), e);
                }
                LOG.error("Upgrade {}: {} failed: {}", upgradeId, step, e.getClass().getName());
                throw e;
            }
        });
    }

    static String text(Map<String, Object> input, String name) {
        Object value = input == null ? null : input.get(name);
        if (!(value instanceof String text) || text.isBlank() || text.length() > 200) {
            throw new StepFailedException("The task input lacks " + name + ".", null);
        }
        return text;
    }
}
