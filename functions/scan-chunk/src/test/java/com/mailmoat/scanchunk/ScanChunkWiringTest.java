package com.mailmoat.scanchunk;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.LocalAws;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The composition root against DynamoDB Local and ElasticMQ, with the template's settings. */
class ScanChunkWiringTest {

    @Test
    void snapStartPrimingRunsEveryStepWithoutWritingAnythingOrAskingMicrosoft() {
        LocalAws.Stack stack = LocalAws.stack();
        // Hosts that cannot resolve: a priming step that tried to reach Microsoft would fail.
        ScanChunkWiring wiring = new ScanChunkWiring(stack.primingSettings("ScanChunkFunction"), LocalAws.Stack.noSecretStore(), Clock.systemUTC());

        assertThat(wiring.priming.run()).as("failed steps").isEmpty();
        wiring.priming.beforeCheckpoint(null); // as CRaC calls it before Lambda's snapshot

        assertThat(stack.writes()).as("items and messages written").isZero();
    }
}
