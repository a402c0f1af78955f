package com.mailmoat.directorysync;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.LocalAws;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The composition root against DynamoDB Local and ElasticMQ, with the template's settings. */
class DirectorySyncWiringTest {

    @Test
    void snapStartPrimingRunsEveryStepWithoutWritingAnythingOrAskingMicrosoft() {
        LocalAws.Stack stack = LocalAws.stack();
        // Hosts that cannot resolve: a priming step that tried to reach Microsoft would fail.
        DirectorySyncWiring wiring = new DirectorySyncWiring(stack.settings("DirectorySyncFunction", Map.of(
                        "M365_CLIENT_SECRET", "priming-secret",
                        "M365_LOGIN_BASE_URL", "https://login.priming.invalid",
                        "M365_GRAPH_BASE_URL", "https://graph.priming.invalid/v1.0")),
                name -> {
                    throw new AssertionError("the secret is configured directly");
                }, Clock.systemUTC());

        assertThat(wiring.priming.run()).as("failed steps").isEmpty();
        wiring.priming.beforeCheckpoint(null); // as CRaC calls it before Lambda's snapshot

        assertThat(stack.writes()).as("items and messages written").isZero();
    }
}
