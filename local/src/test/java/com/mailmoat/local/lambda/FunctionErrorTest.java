package com.mailmoat.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the queue poller logs of a failed invocation: one line, down to the root cause. */
class FunctionErrorTest {

    @Test
    void aWiringThatFailedToInitialiseShowsItsRootCause() {
        IllegalStateException missing = new IllegalStateException("LEARNING_TABLE is not set");
        NoClassDefFoundError later = new NoClassDefFoundError("Could not initialize class LearningWiring$Holder");
        later.initCause(new ExceptionInInitializerError(missing));

        String line = LambdaFunction.FunctionError.causes(new LambdaFunction.FunctionError("LearningFunction", later));

        assertThat(line).startsWith("java.lang.NoClassDefFoundError: Could not initialize class LearningWiring$Holder <- ")
                .contains("java.lang.ExceptionInInitializerError")
                .endsWith("<- java.lang.IllegalStateException: LEARNING_TABLE is not set");
    }
}
