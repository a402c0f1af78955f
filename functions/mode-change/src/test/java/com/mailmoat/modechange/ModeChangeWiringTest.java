package com.mailmoat.modechange;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.LocalAws;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The composition root against DynamoDB Local and ElasticMQ, with the template's settings. */
class ModeChangeWiringTest {

    @Test
    void snapStartPrimingRunsEveryStepWithoutWritingAnything() {
        LocalAws.Stack stack = LocalAws.stack();
        ModeChangeWiring wiring = new ModeChangeWiring(stack.settings("ModeChangeFunction", Map.of()), Clock.systemUTC());

        assertThat(wiring.priming.run()).as("failed steps").isEmpty();
        wiring.priming.beforeCheckpoint(null); // as CRaC calls it before Lambda's snapshot

        assertThat(stack.writes()).as("items and messages written").isZero();
    }
}
