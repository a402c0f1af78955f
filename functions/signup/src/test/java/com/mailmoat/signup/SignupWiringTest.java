package com.mailmoat.signup;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.LocalAws;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The composition root against DynamoDB Local and ElasticMQ, with the template's settings. */
class SignupWiringTest {

    @Test
    void snapStartPrimingRunsEveryStepAgainstTheRealClientsAndWritesNothing() {
        LocalAws.Stack stack = LocalAws.stack();
        // The two-step key is read on the first two-step request, never while priming (nor into the snapshot).
        SignupWiring wiring = new SignupWiring(stack.settings("SignupFunction", Map.of()), LocalAws.Stack.noSecretStore(),
                Clock.systemUTC());

        assertThat(wiring.priming.run()).as("failed steps").isEmpty();
        wiring.priming.beforeCheckpoint(null); // as CRaC calls it before Lambda's snapshot

        assertThat(stack.writes()).as("items and messages written").isZero();
        assertThat(wiring.priming.stepNames()).contains("GET /api/password/rules", "notifications queue");
    }
}
