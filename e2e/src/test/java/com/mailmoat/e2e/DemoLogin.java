package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The ready console login {@code --demo} prints ({@code Demo console login: <email> <password>}):
 * connected to its own demo tenant, whose first Threat Scan starts with the runtime. Tests only
 * read through it (several share it).
 */
final class DemoLogin {
    private DemoLogin() {
    }

    static String email() {
        return LocalStack.get().startupValue("Demo console login").split(" ")[0];
    }

    static String password() {
        return LocalStack.get().startupValue("Demo console login").split(" ")[1];
    }

    /** "Demo console tenant: <id> <domain>". */
    static String[] tenant() {
        return LocalStack.get().startupValue("Demo console tenant").split(" ");
    }

    static Browser signIn() {
        Browser browser = Browser.forLocalStack();
        Browser.Response login = browser.postJson("/api/login", Map.of("email", email(), "password", password()));
        assertThat(login.status()).as("the printed demo login signs in: " + login).isEqualTo(200);
        return browser;
    }

    /** Waits for the demo account's first scan to finish and returns it. */
    static JsonNode awaitFinishedScan(Browser signedIn) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        Browser.Response last = null;
        while (Instant.now().isBefore(deadline)) {
            last = signedIn.get("/api/scans/current");
            if (last.status() == 200 && TenantJourney.scanFinished(last.json())) {
                return last.json();
            }
            Outbox.sleep(500);
        }
        throw new AssertionError("The demo login's first Threat Scan did not finish; last answer " + last);
    }
}
