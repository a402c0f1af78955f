package com.mailmoat.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.LocalAws;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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

    /** NotifyComplete calls no Microsoft API, so its role may not read the Microsoft secret, nor does it try. */
    @Test
    void theNotificationTaskStartsAndPrimesWithoutTheMicrosoftSecret() {
        LocalAws.Stack stack = LocalAws.stack();
        List<String> secretsRead = new ArrayList<>();
        UpgradeWiring wiring = new UpgradeWiring(stack.settings("NotifyCompleteFunction", Map.of()), name -> {
            secretsRead.add(name);
            throw new IllegalStateException("NotifyCompleteFunction may not read " + name);
        }, Clock.systemUTC());

        assertThat(wiring.priming.run()).as("failed steps").isEmpty();
        assertThat(secretsRead).isEmpty();
    }
}
