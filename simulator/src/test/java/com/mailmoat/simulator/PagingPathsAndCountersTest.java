package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.PAT;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Prefer: odata.maxpagesize}, Graph's lenient path forms, and the summary's counters. */
class PagingPathsAndCountersTest {

    private static final String ADMIN = "admin@fabrikam-test.example";

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
    void maxPageSizeSetsTheMessagePageAndIsConfirmed() {
        HttpResponse<String> first = http.get(http.graph("/users/" + PAT + "/messages?$select=subject"), token,
                "Prefer", "odata.maxpagesize=2");
        assertThat(first.headers().firstValue("Preference-Applied")).hasValue("odata.maxpagesize=2");
        JsonNode page = json(first.body());
        assertThat(page.get("value")).hasSize(2);
        String next = page.get("@odata.nextLink").asText();
        assertThat(next).contains("$skip=2").contains("$top=2");
        // Followed without the header (as some clients do), the link keeps the page size.
        JsonNode second = json(http.get(next, token).body());
        assertThat(second.get("value")).hasSize(1);
        assertThat(second.has("@odata.nextLink")).isFalse();

        HttpResponse<String> withTop = http.get(http.graph("/users/" + PAT + "/messages?$top=1"), token,
                "Prefer", "odata.maxpagesize=2, outlook.body-content-type=\"text\"");
        assertThat(json(withTop.body()).get("value")).hasSize(1);
        assertThat(withTop.headers().firstValue("Preference-Applied"))
                .hasValue("outlook.body-content-type=\"text\", odata.maxpagesize=2");
        assertThat(http.get(http.graph("/users/" + PAT + "/messages"), token).headers()
                .firstValue("Preference-Applied")).isEmpty();
    }

    @Test
    void maxPageSizeAppliesToUsersToo() {
        HttpResponse<String> first = http.get(http.graph("/users?$select=id"), token, "Prefer", "odata.maxpagesize=1");
        assertThat(first.headers().firstValue("Preference-Applied")).hasValue("odata.maxpagesize=1");
        JsonNode page = json(first.body());
        assertThat(page.get("value")).hasSize(1);
        int seen = 1;
        String next = page.get("@odata.nextLink").asText();
        while (next != null) {
            JsonNode more = json(http.get(next, token).body());
            seen += more.get("value").size();
            assertThat(more.get("value").size()).isEqualTo(1);
            next = more.has("@odata.nextLink") ? more.get("@odata.nextLink").asText() : null;
        }
        assertThat(seen).isEqualTo(3);
    }

    @Test
    void pathSegmentsAreCaseInsensitiveAndKeysMayBeInParentheses() {
        String id = json(http.get(http.graph("/users/" + PAT + "/messages?$select=id&$top=1"), token).body())
                .get("value").get(0).get("id").asText();
        String inboxId = json(http.get(http.graph("/users/" + PAT + "/mailFolders/inbox"), token).body())
                .get("id").asText();
        for (String path : new String[] {
            "/Users/" + PAT + "/Messages?$select=id",
            "/users/" + PAT + "/MailFolders/Inbox/messages?$select=id",
            "/users/" + PAT + "/mailFolders('inbox')/messages?$select=id",
            "/users/" + PAT + "/mailfolders('" + inboxId + "')/messages?$select=id",
            "/users('" + PAT + "')/messages?$select=id"}) {
            HttpResponse<String> response = http.get(http.graph(path), token);
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
            assertThat(json(response.body()).get("value")).as(path).isNotEmpty();
        }
        HttpResponse<String> one = http.get(http.graph("/users/" + PAT + "/messages('" + id + "')"), token);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one.body()).get("id").asText()).isEqualTo(id);
        assertThat(http.get(http.graph("/USERS/" + PAT + "/messages/" + id + "/$value"), token).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theSummaryCountsGraphRequestsAndMimeFetchesPerMailbox() {
        String base = simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID;
        assertThat(http.send("DELETE", base + "/counters", null).statusCode()).isEqualTo(204);
        JsonNode list = json(http.get(http.graph("/users/" + PAT + "/messages?$select=id"), token).body());
        for (JsonNode message : list.get("value")) {
            http.getBytes(http.graph("/users/" + PAT + "/messages/" + message.get("id").asText() + "/$value"), token);
        }
        http.get(http.graph("/users/" + ADMIN + "/messages?$select=id"), token);
        http.get(http.graph("/users"), token);
        http.postJson(http.graph("/$batch"), token, "{\"requests\": [{\"id\": \"1\", \"method\": \"GET\", \"url\":"
                + " \"/users/" + PAT + "/mailFolders\"}, {\"id\": \"2\", \"method\": \"GET\", \"url\": \"/domains\"}]}");

        JsonNode summary = json(http.get(base + "/summary", null).body());
        assertThat(summary.get("graphRequests").asInt()).isEqualTo(1 + 3 + 1 + 1 + 2);
        assertThat(summary.get("mimeFetches").asInt()).isEqualTo(3);
        assertThat(summary.get("byMailbox").get(PAT).get("graphRequests").asInt()).isEqualTo(5);
        assertThat(summary.get("byMailbox").get(PAT).get("mimeFetches").asInt()).isEqualTo(3);
        assertThat(summary.get("byMailbox").get(ADMIN).get("graphRequests").asInt()).isEqualTo(1);
        assertThat(summary.get("byMailbox").get(ADMIN).get("mimeFetches").asInt()).isZero();
        for (String key : new String[] {"tenantId", "mailboxes", "messages", "messagesLast30Days", "plantedThreats",
            "quarantined", "churn", "subscriptions", "transportRules", "mailmoatRules"}) {
            assertThat(summary.has(key)).as(key).isTrue();
        }
        TenantSummary java = simulator.summary(FABRIKAM_ID);
        assertThat(java.graphRequests()).isEqualTo(8);
        assertThat(java.byMailbox().get(PAT).mimeFetches()).isEqualTo(3);
    }

    @Test
    void messagesLast30DaysLeavesOutWhatIsInTheQuarantine() {
        for (int i = 0; i < 2; i++) {
            simulator.deliver(FABRIKAM_ID, PAT, ("From: a@b.example\r\nTo: " + PAT + "\r\nSubject: recent " + i
                    + "\r\n\r\nhi\r\n").getBytes(StandardCharsets.US_ASCII), Instant.now().minus(Duration.ofDays(3)),
                    "inbox");
        }
        TenantSummary before = simulator.summary(FABRIKAM_ID);
        String quarantine = json(http.postJson(http.graph("/users/" + PAT + "/mailFolders"), token,
                "{\"displayName\":\"Mailmoat Quarantine\"}").body()).get("id").asText();
        SimMessage recent = simulator.messages(FABRIKAM_ID, PAT).get(0);
        assertThat(recent.subject()).startsWith("recent");
        http.postJson(http.graph("/users/" + PAT + "/messages/" + recent.id() + "/move"), token,
                "{\"destinationId\":\"" + quarantine + "\"}");
        TenantSummary after = simulator.summary(FABRIKAM_ID);
        assertThat(after.quarantined()).isEqualTo(1);
        assertThat(after.messagesLast30Days()).isEqualTo(before.messagesLast30Days() - 1);
        assertThat(after.messages()).isEqualTo(before.messages());
    }
}
