package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class during which a local runtime refused a call for IAM ("IAM denied: ..."): the
 * function's role in template.yaml lacks a grant that AWS would enforce. Checked on the runtime's
 * output, because a function that logs and carries on (e.g. a verdict left queued for the sweep)
 * would not fail the test by itself. Registered for every class (junit-platform.properties).
 */
public final class IamDenials implements BeforeAllCallback, AfterAllCallback {
    private static final String DENIED = "IAM denied: ";
    private final Map<LocalStack, Integer> seenBefore = new IdentityHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        seenBefore.clear();
        LocalStack.STARTED.forEach(stack -> seenBefore.put(stack, stack.output().size()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (LocalStack stack : LocalStack.STARTED) {
            List<String> output = stack.output();
            List<String> denied;
            synchronized (output) {
                int from = Math.min(seenBefore.getOrDefault(stack, 0), output.size());
                denied = output.subList(from, output.size()).stream().filter(line -> line.contains(DENIED)).toList();
            }
            assertThat(denied).as("calls the local runtime refused for IAM during " + context.getDisplayName()
                    + " (add the grant to the function's Policies in template.yaml)").isEmpty();
        }
    }
}
