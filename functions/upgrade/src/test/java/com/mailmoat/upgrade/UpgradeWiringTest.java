package com.mailmoat.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.LocalAws;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The composition root against DynamoDB Local and ElasticMQ, with the template's settings. */
class UpgradeWiringTest {

    @Test
    void snapStartPrimingRunsEveryStepAgainstTheRealClientsAndWritesNothing() {
        LocalAws.Stack stack = LocalAws.stack();
        UpgradeWiring wiring = new UpgradeWiring(stack.settings("InstallTransportRulesFunction",
                Map.of("M365_CLIENT_SECRET", "priming-secret")), name -> "unused", Clock.systemUTC());

        assertThat(wiring.priming.run()).as("failed steps").isEmpty();
        assertThat(stack.writes()).as("items and messages written").isZero();
        assertThat(wiring.priming.stepNames()).contains("Microsoft clients", "upgrade lookup");
    }
}
