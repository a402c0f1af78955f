package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.PAT;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private Simulator simulator;
    private SimHttp http;
    private String token;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorOptions.defaults());
        simulator.loadTenant(FABRIKAM);
        simulator.grantConsent(FABRIKAM_ID);
        http = new SimHttp(simulator);
        token = http.appToken(FABRIKAM_ID);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void faultsCanBeSwitchedOnAndOffLiveOverHttp() {
        String users = http.graph("/users");
        assertThat(http.get(users, token).statusCode()).isEqualTo(200);
        HttpResponse<String> on = http.send("PUT", simulator.baseUrl() + "/_sim/faults", "{\"spec\":\"unavailable=1\"}");
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(http.get(users, token).statusCode()).isEqualTo(503);
        assertThat(http.send("PUT", simulator.baseUrl() + "/_sim/faults", "{\"spec\":\"explode=1\"}").statusCode()).isEqualTo(400);
        assertThat(http.send("DELETE", simulator.baseUrl() + "/_sim/faults", "").statusCode()).isEqualTo(200);
        assertThat(http.get(users, token).statusCode()).isEqualTo(200);
    }

    @Test
    void aTenantDirectoryCanBeLoadedIntoTheRunningSimulator() {
        HttpResponse<String> loaded = http.postJson(simulator.baseUrl() + "/_sim/tenants", null,
                "{\"directory\":\"" + SimHttp.TRIAL.toAbsolutePath() + "\"}");
        assertThat(loaded.statusCode()).isEqualTo(201);
        assertThat(simulator.tenantIds()).contains(json(loaded.body()).path("tenantId").asText());
        assertThat(http.postJson(simulator.baseUrl() + "/_sim/tenants", null, "{\"directory\":\"/no/such/dir\"}")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void specStringsParseIntoSettingsAndBadOnesAreRejected() {
        Faults faults = Faults.parse("throttle=0.3, unavailable=0.05,latencyMs=40,retryAfter=0.25,mailboxBudget=50,"
                + "budgetWindowSeconds=60,mailboxConcurrency=2,seed=7");
        assertThat(faults.throttleFraction()).isEqualTo(0.3);
        assertThat(faults.unavailableFraction()).isEqualTo(0.05);
        assertThat(faults.latency()).isEqualTo(Duration.ofMillis(40));
        assertThat(faults.retryAfterSeconds()).isEqualTo(0.25);
        assertThat(faults.mailboxBudget()).isEqualTo(50);
        assertThat(faults.budgetWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(faults.mailboxConcurrency()).isEqualTo(2);
        assertThatThrownBy(() -> Faults.parse("throttle=2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Faults.parse("explode=1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Faults.parse("latencyMs=soon")).isInstanceOf(IllegalArgumentException.class);

        simulator.faults().copyFrom(faults);
        assertThat(simulator.faults().mailboxConcurrency()).isEqualTo(2);
    }

    @Test
    void throttledDirectoryCallsGet429WithAFractionalRetryAfterAndTheDocumentedBody() {
        simulator.faults().apply("throttle=1,retryAfter=2.128");
        HttpResponse<String> response = http.get(http.graph("/users"), token);
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2.128");
        JsonNode error = json(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("TooManyRequests");
        assertThat(error.get("message").asText()).isEqualTo("Please retry again later.");
        assertThat(error.get("innerError").get("status").asText()).isEqualTo("429");

        simulator.faults().reset();
        assertThat(http.get(http.graph("/users"), token).statusCode()).isEqualTo(200);
    }

    @Test
    void throttledMailCallsGetOutlooksApplicationThrottledAnswer() {
        simulator.faults().apply("throttle=1,retryAfter=3");
        HttpResponse<String> response = http.get(http.graph("/users/" + PAT + "/messages"), token);
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(json(response.body())).isEqualTo(json(
                "{\"error\":{\"code\":\"ApplicationThrottled\",\"message\":\"Application is over its MailboxConcurrency limit.\"}}"));
    }

    @Test
    void unavailableCallsGet503() {
        simulator.faults().unavailableFraction(1).retryAfterSeconds(1);
        HttpResponse<String> response = http.get(http.graph("/users"), token);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(response.body()).get("error").get("code").asText()).isEqualTo("serviceNotAvailable");
    }

    @Test
    void aMailboxBudgetRefusesTheRequestOverItWithTheTimeUntilASlotFrees() {
        simulator.faults().mailboxBudget(3, Duration.ofMinutes(10));
        for (int i = 0; i < 3; i++) {
            assertThat(http.get(http.graph("/users/" + PAT + "/messages"), token).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> over = http.get(http.graph("/users/" + PAT + "/mailFolders"), token);
        assertThat(over.statusCode()).isEqualTo(429);
        double retryAfter = Double.parseDouble(over.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isGreaterThan(500).isLessThanOrEqualTo(600);
        JsonNode error = json(over.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("ApplicationThrottled");
        assertThat(error.get("message").asText()).isEqualTo("Application is over its MailboxRequests limit.");
        // Another mailbox and the directory are not affected.
        assertThat(http.get(http.graph("/users/admin@fabrikam-test.example/messages"), token).statusCode()).isEqualTo(200);
        assertThat(http.get(http.graph("/users"), token).statusCode()).isEqualTo(200);
    }

    @Test
    void moreThanFourConcurrentRequestsToOneMailboxAreThrottled() throws Exception {
        simulator.faults().latency(Duration.ofMillis(1_000)).retryAfterSeconds(0.5);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> http.get(http.graph("/users/" + PAT + "/messages?$select=id"), token)));
            }
            List<HttpResponse<String>> throttled = new ArrayList<>();
            int ok = 0;
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                if (response.statusCode() == 429) {
                    throttled.add(response);
                } else if (response.statusCode() == 200) {
                    ok++;
                }
            }
            assertThat(ok).isPositive();
            assertThat(throttled).isNotEmpty();
            assertThat(throttled.get(0).headers().firstValue("Retry-After")).hasValue("0.5");
            assertThat(json(throttled.get(0).body()).get("error").get("message").asText())
                    .isEqualTo("Application is over its MailboxConcurrency limit.");
            // The summary shows the overlap: four in flight in that mailbox at the peak, and the cap's refusals.
            TenantSummary.Load load = simulator.summary(FABRIKAM_ID).load();
            assertThat(load.peakInFlightPerMailbox()).isEqualTo(4);
            assertThat(load.peakInFlight()).isGreaterThanOrEqualTo(4);
            assertThat(load.concurrencyRefusals()).isEqualTo(throttled.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expiringAllTokensGives401InvalidAuthenticationTokenAndANewTokenWorks() {
        assertThat(http.get(http.graph("/users"), token).statusCode()).isEqualTo(200);
        simulator.faults().expireAllTokens();
        HttpResponse<String> expired = http.get(http.graph("/users"), token);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).isPresent();
        JsonNode error = json(expired.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("InvalidAuthenticationToken");
        assertThat(error.get("message").asText()).isEqualTo("Lifetime validation failed, the token is expired.");

        assertThat(http.get(http.graph("/users"), http.appToken(FABRIKAM_ID)).statusCode()).isEqualTo(200);
        assertThat(http.get(http.graph("/users"), null).statusCode()).isEqualTo(401);
    }

    @Test
    void tokensNaturallyExpireAfterTheirLifetime() throws Exception {
        try (Simulator shortLived = Simulator.start(SimulatorOptions.builder().tokenLifetime(Duration.ofSeconds(1))
                .build())) {
            shortLived.loadTenant(FABRIKAM);
            shortLived.grantConsent(FABRIKAM_ID);
            SimHttp client = new SimHttp(shortLived);
            String shortToken = client.appToken(FABRIKAM_ID);
            Thread.sleep(2_100);
            assertThat(client.get(shortLived.graphBaseUrl() + "/users", shortToken).statusCode()).isEqualTo(401);
            assertThat(client.get(shortLived.graphBaseUrl() + "/users", token).statusCode())
                    .as("a token of another simulator").isEqualTo(401);
        }
    }

    @Test
    void batchItemsAreAnsweredIndependentlyAndEachCanBeThrottled() {
        StringBuilder requests = new StringBuilder("{\"requests\":[");
        for (int i = 1; i <= 20; i++) {
            requests.append(i == 1 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"method\":\"GET\",\"url\":\"")
                    .append(i % 2 == 0 ? "/users/" + PAT + "/messages?$select=id" : "users?$select=id").append("\"}");
        }
        requests.append("]}");
        simulator.faults().apply("throttle=0.5,seed=42,retryAfter=3");
        HttpResponse<String> response = http.postJson(http.graph("/$batch"), token, requests.toString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode responses = json(response.body()).get("responses");
        assertThat(responses).hasSize(20);
        int throttled = 0;
        int ok = 0;
        for (JsonNode item : responses) {
            if (item.get("status").asInt() == 429) {
                throttled++;
                assertThat(item.get("headers").get("Retry-After").asText()).isEqualTo("3");
                boolean mail = Integer.parseInt(item.get("id").asText()) % 2 == 0;
                assertThat(item.get("body").get("error").get("code").asText())
                        .isEqualTo(mail ? "ApplicationThrottled" : "TooManyRequests");
            } else {
                assertThat(item.get("status").asInt()).isEqualTo(200);
                assertThat(item.get("body").has("value")).isTrue();
                ok++;
            }
        }
        assertThat(throttled).isPositive();
        assertThat(ok).isPositive();

        String tooMany = requests.toString().replace("]}", ",{\"id\":\"21\",\"method\":\"GET\",\"url\":\"/users\"}]}");
        HttpResponse<String> refused = http.postJson(http.graph("/$batch"), token, tooMany);
        assertThat(refused.statusCode()).isEqualTo(400);
    }

    @Test
    void batchDependsOnFailsDependentsWith424() {
        String body = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users/nobody@x.example/messages\"},"
                + "{\"id\":\"2\",\"dependsOn\":[\"1\"],\"method\":\"GET\",\"url\":\"/users\"}]}";
        JsonNode responses = json(http.postJson(http.graph("/$batch"), token, body).body()).get("responses");
        assertThat(byId(responses, "1").get("status").asInt()).isEqualTo(404);
        assertThat(byId(responses, "2").get("status").asInt()).isEqualTo(424);
    }

    static JsonNode byId(JsonNode responses, String id) {
        for (JsonNode item : responses) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no answer with id " + id + " in " + responses);
    }
}
