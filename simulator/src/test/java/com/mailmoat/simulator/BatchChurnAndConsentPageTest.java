package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.REDIRECT;
import static com.mailmoat.simulator.SimHttp.enc;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shuffled {@code $batch} answers, the churn fault, and what the admin-consent page shows. */
class BatchChurnAndConsentPageTest {

    @Test
    void batchAnswersComeInASeededShuffledOrderUnlessShufflingIsOff() {
        List<String> first = batchOrder("seed=11");
        assertThat(first).containsExactlyInAnyOrderElementsOf(requestIds());
        assertThat(first).isNotEqualTo(requestIds());
        assertThat(batchOrder("seed=11")).as("the same seed, the same order").isEqualTo(first);
        assertThat(batchOrder("batchShuffle=false")).isEqualTo(requestIds());
    }

    @Test
    void churnMovesDeletesAndDeliversWhileAMailboxIsListedAndTheSummarySaysWhat(@TempDir Path dir) {
        Path tenant = BulkTenant.write(dir, 60);
        List<String> first = churn(tenant, 12);
        assertThat(churn(tenant, 12)).as("the same seed, the same changes").isEqualTo(first);
    }

    /** Lists a mailbox {@code lists} times with churn=1 and checks each recorded change against the mailbox. */
    private static List<String> churn(Path tenantDir, int lists) {
        try (Simulator simulator = Simulator.start(SimulatorOptions.builder().faultSpec("churn=1,seed=5").build())) {
            simulator.loadTenant(tenantDir);
            simulator.grantConsent(BulkTenant.TENANT_ID);
            SimHttp http = new SimHttp(simulator);
            String token = http.appToken(BulkTenant.TENANT_ID);
            for (int i = 0; i < lists; i++) {
                assertThat(http.get(http.graph("/users/" + BulkTenant.UPN + "/messages?$select=id"), token)
                        .statusCode()).isEqualTo(200);
            }
            TenantSummary.Churn churn = simulator.summary(BulkTenant.TENANT_ID).churn();
            assertThat(churn.moved().size() + churn.deleted().size() + churn.delivered().size()).isEqualTo(lists);
            assertThat(churn.moved()).isNotEmpty();
            assertThat(churn.deleted()).isNotEmpty();
            assertThat(churn.delivered()).isNotEmpty();
            List<SimMessage> now = simulator.messages(BulkTenant.TENANT_ID, BulkTenant.UPN);
            List<String> described = new ArrayList<>();
            for (TenantSummary.ChurnEvent moved : churn.moved()) {
                SimMessage message = now.stream().filter(m -> m.immutableId().equals(moved.immutableId()))
                        .findFirst().orElse(null);
                if (message != null && message.id().equals(moved.newId())) {
                    assertThat(message.folder()).isEqualTo(moved.folder());
                }
                assertThat(moved.newId()).isNotEqualTo(moved.id());
                described.add("moved to " + moved.folder());
            }
            for (TenantSummary.ChurnEvent deleted : churn.deleted()) {
                assertThat(now).noneMatch(m -> m.immutableId().equals(deleted.immutableId()));
                described.add("deleted");
            }
            for (TenantSummary.ChurnEvent delivered : churn.delivered()) {
                described.add("delivered");
                assertThat(delivered.userPrincipalName()).isEqualTo(BulkTenant.UPN);
            }
            assertThat(now).hasSize(60 - churn.deleted().size() + churn.delivered().size());
            JsonNode summary = json(http.get(simulator.baseUrl() + "/_sim/tenants/" + BulkTenant.TENANT_ID + "/summary",
                    null).body()).get("churn");
            assertThat(summary.get("moved").size()).isEqualTo(churn.moved().size());
            assertThat(summary.get("moved").get(0).has("newId")).isTrue();

            simulator.faults().reset();
            http.get(http.graph("/users/" + BulkTenant.UPN + "/messages?$select=id"), token);
            TenantSummary.Churn after = simulator.summary(BulkTenant.TENANT_ID).churn();
            assertThat(after.moved().size() + after.deleted().size() + after.delivered().size()).isEqualTo(lists);
            return described;
        }
    }

    @Test
    void theConsentPageNamesTheAppAndThePermissionsItAsksFor() {
        try (Simulator simulator = Simulator.start(SimulatorOptions.defaults())) {
            simulator.loadTenant(FABRIKAM);
            SimHttp http = new SimHttp(simulator);
            String page = consentPage(simulator, http, "https://graph.microsoft.com/.default");
            assertThat(page).contains("<b>Mailmoat</b>")
                    .contains("Read mail in all mailboxes").contains("Read and write mail in all mailboxes")
                    .contains("Read all users' full profiles").contains("Read organization information")
                    .contains("Read domains").contains("Read all group memberships")
                    .contains("Manage Exchange As Application").contains("Office 365 Exchange Online")
                    .contains("id=\"accept\"").contains("id=\"cancel\"")
                    .doesNotContain(simulator.clientId()).doesNotContain(".default");
            assertThat(page.split("data-permission=", -1)).hasSize(8);

            String dynamic = consentPage(simulator, http, "https://graph.microsoft.com/Mail.Read");
            assertThat(dynamic).contains("Read mail in all mailboxes").doesNotContain("Read domains");
        }
        try (Simulator named = Simulator.start(SimulatorOptions.builder().appDisplayName("Mailmoat Staging").build())) {
            named.loadTenant(FABRIKAM);
            assertThat(consentPage(named, new SimHttp(named), "https://graph.microsoft.com/.default"))
                    .contains("<b>Mailmoat Staging</b>");
        }
    }

    private static String consentPage(Simulator simulator, SimHttp http, String scope) {
        HttpResponse<String> page = http.get(simulator.baseUrl() + "/" + FABRIKAM_ID + "/v2.0/adminconsent?client_id="
                + simulator.clientId() + "&scope=" + enc(scope) + "&redirect_uri=" + enc(REDIRECT) + "&state=s", null);
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    private static List<String> batchOrder(String faults) {
        try (Simulator simulator = Simulator.start(SimulatorOptions.builder().faultSpec(faults).build())) {
            simulator.loadTenant(FABRIKAM);
            simulator.grantConsent(FABRIKAM_ID);
            SimHttp http = new SimHttp(simulator);
            StringBuilder requests = new StringBuilder("{\"requests\":[");
            for (String id : requestIds()) {
                requests.append(id.equals("1") ? "" : ",").append("{\"id\":\"").append(id)
                        .append("\",\"method\":\"GET\",\"url\":\"/users?$select=id\"}");
            }
            HttpResponse<String> response = http.postJson(http.graph("/$batch"), http.appToken(FABRIKAM_ID),
                    requests.append("]}").toString());
            List<String> order = new ArrayList<>();
            json(response.body()).get("responses").forEach(r -> order.add(r.get("id").asText()));
            return order;
        }
    }

    private static List<String> requestIds() {
        return IntStream.rangeClosed(1, 20).mapToObj(String::valueOf).toList();
    }
}
