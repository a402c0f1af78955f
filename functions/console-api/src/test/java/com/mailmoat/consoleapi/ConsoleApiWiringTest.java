package com.mailmoat.consoleapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.testkit.LocalAws;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The composition root against DynamoDB Local, with the template's settings. */
class ConsoleApiWiringTest {

    @Test
    void snapStartPrimingRunsEveryStepAgainstTheRealClientsAndWritesNothing() {
        LocalAws.Stack stack = LocalAws.stack();
        ConsoleApiWiring wiring = new ConsoleApiWiring(stack.settings("ConsoleApiFunction",
                Map.of("DNS_RESOLVER", "127.0.0.1:9")), Clock.systemUTC());

        assertThat(wiring.priming.run()).as("failed steps").isEmpty();
        wiring.priming.beforeCheckpoint(null); // as CRaC calls it before Lambda's snapshot

        assertThat(stack.writes()).as("items and messages written").isZero();
    }
}
