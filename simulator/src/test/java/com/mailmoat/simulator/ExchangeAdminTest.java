package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.simulator.generate.GeneratorOptions;
import com.mailmoat.simulator.generate.TenantGenerator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Exchange Online admin endpoint: transport rules with Exchange's priority rules, ARC, domains, connectors. */
class ExchangeAdminTest {

    private Simulator simulator;
    private SimHttp http;
    private String token;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorOptions.defaults());
        simulator.loadTenant(FABRIKAM);
        simulator.grantConsent(FABRIKAM_ID);
        http = new SimHttp(simulator);
        token = exchangeToken();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void seededRulesComeBackInPriorityOrderWithTheirParameters() {
        JsonNode answer = invoke("Get-TransportRule", "{}");
        assertThat(answer.get("@odata.context").asText()).contains("/adminapi/beta/" + FABRIKAM_ID + "/$metadata#");
        assertThat(names(answer)).containsExactly("Disclaimer", "Block executables");
        JsonNode disclaimer = answer.get("value").get(0);
        assertThat(disclaimer.get("Priority").asInt()).isZero();
        assertThat(disclaimer.get("State").asText()).isEqualTo("Enabled");
        assertThat(disclaimer.get("Mode").asText()).isEqualTo("Enforce");
        assertThat(disclaimer.get("ApplyHtmlDisclaimerText").asText()).isEqualTo("<p>Fabrikam legal notice</p>");
        assertThat(disclaimer.get("Guid").asText()).hasSize(36);
        JsonNode one = invoke("Get-TransportRule", "{\"Identity\": \"block EXECUTABLES\"}");
        assertThat(names(one)).containsExactly("Block executables");
        assertThat(one.get("value").get(0).get("AttachmentExtensionMatchesWords")).hasSize(2);
        assertThat(simulator.summary(FABRIKAM_ID).transportRules()).isEqualTo(2);
    }

    @Test
    void aNewRuleAtPriorityZeroPushesEveryOtherRuleDownAndRemoveClosesTheGap() {
        JsonNode created = invoke("New-TransportRule", """
                {"Name": "Mailmoat - Block known-malicious senders", "Priority": 0,
                 "From": ["bad@evil.example"], "SenderDomainIs": ["evil.example"], "SentToMemberOf": ["Everyone"],
                 "ExceptIfFromAddressContains": ["newsletter"], "Quarantine": true, "SetSCL": 9,
                 "PrependSubject": "[Mailmoat] ", "StopRuleProcessing": true, "Comments": "Installed by Mailmoat",
                 "Mode": "Enforce", "Enabled": true}""");
        JsonNode rule = created.get("value").get(0);
        assertThat(rule.get("Priority").asInt()).isZero();
        assertThat(rule.get("SetSCL").asInt()).isEqualTo(9);
        assertThat(rule.get("Comments").asText()).isEqualTo("Installed by Mailmoat");
        assertThat(rule.get("SentToMemberOf").get(0).asText()).isEqualTo("Everyone");
        assertThat(priorities()).containsExactly(
                "Mailmoat - Block known-malicious senders=0", "Disclaimer=1", "Block executables=2");

        invoke("New-TransportRule", "{\"Name\": \"Mailmoat - Targeted\", \"Priority\": 1, \"SentTo\": [\"pat.lee@"
                + "fabrikam-test.example\"]}");
        invoke("New-TransportRule", "{\"Name\": \"Last by default\"}");
        assertThat(priorities()).containsExactly("Mailmoat - Block known-malicious senders=0",
                "Mailmoat - Targeted=1", "Disclaimer=2", "Block executables=3", "Last by default=4");
        assertThat(simulator.summary(FABRIKAM_ID).mailmoatRules()).isEqualTo(2);

        invoke("Remove-TransportRule", "{\"Identity\": \"Mailmoat - Targeted\", \"Confirm\": false}");
        assertThat(priorities()).containsExactly("Mailmoat - Block known-malicious senders=0", "Disclaimer=1",
                "Block executables=2", "Last by default=3");
        assertThat(simulator.transportRuleNames(FABRIKAM_ID)).containsExactly(
                "Mailmoat - Block known-malicious senders", "Disclaimer", "Block executables", "Last by default");
    }

    @Test
    void setTransportRulePriorityMovesTheRuleAndKeepsTheOthersInOrder() {
        invoke("New-TransportRule", "{\"Name\": \"Third\"}");
        invoke("New-TransportRule", "{\"Name\": \"Fourth\"}");
        JsonNode moved = invoke("Set-TransportRule", "{\"Identity\": \"Fourth\", \"Priority\": 0}");
        assertThat(moved.get("value")).isEmpty();
        assertThat(moved.has("@adminapi.warnings")).isFalse();
        assertThat(priorities()).containsExactly("Fourth=0", "Disclaimer=1", "Block executables=2", "Third=3");
        invoke("Set-TransportRule", "{\"Identity\": \"Fourth\", \"Priority\": 3, \"Comments\": \"moved last\"}");
        assertThat(priorities()).containsExactly("Disclaimer=0", "Block executables=1", "Third=2", "Fourth=3");
        JsonNode unchanged = invoke("Set-TransportRule", "{\"Identity\": \"Fourth\", \"Priority\": 3}");
        assertThat(unchanged.get("@adminapi.warnings").get(0).asText()).isEqualTo(
                "The command completed successfully but no settings of 'Fourth' have been modified.");

        invoke("Disable-TransportRule", "{\"Identity\": \"Third\"}");
        assertThat(invoke("Get-TransportRule", "{\"Identity\": \"Third\"}").get("value").get(0).get("State").asText())
                .isEqualTo("Disabled");
    }

    @Test
    void cmdletErrorsComeBackInExchangesShape() {
        HttpResponse<String> outOfRange = post("New-TransportRule", "{\"Name\": \"Far\", \"Priority\": 7}");
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        JsonNode error = json(outOfRange.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("BadRequest");
        assertThat(error.get("details").get(0).get("message").asText()).startsWith("|").contains("Priority");
        assertThat(error.get("innererror").get("type").asText()).isNotBlank();

        JsonNode missing = json(post("Remove-TransportRule", "{\"Identity\": \"Nope\"}").body()).get("error");
        assertThat(missing.get("details").get(0).get("message").asText()).contains("ManagementObjectNotFoundException")
                .contains("couldn't be found");
        assertThat(post("New-TransportRule", "{\"Name\": \"disclaimer\"}").statusCode()).isEqualTo(400);
        assertThat(post("Set-TransportRule", "{\"Identity\": \"Disclaimer\", \"Priority\": 2}").statusCode())
                .isEqualTo(400);
        assertThat(post("Get-Mailbox", "{}").statusCode()).isEqualTo(400);
        assertThat(priorities()).containsExactly("Disclaimer=0", "Block executables=1");
    }

    @Test
    void acceptedDomainsArcAndConnectorsAreReportedAndArcCanBeSet() {
        JsonNode domains = invoke("Get-AcceptedDomain", "{}").get("value");
        assertThat(domains).hasSize(1);
        assertThat(domains.get(0).get("DomainName").asText()).isEqualTo("fabrikam-test.example");
        assertThat(domains.get(0).get("Default").asBoolean()).isTrue();

        assertThat(invoke("Get-ArcConfig", "{}").get("value").get(0).get("ArcTrustedSealers").asText())
                .isEqualTo("relay.fabrikam-partner.example");
        invoke("Set-ArcConfig", "{\"Identity\": \"Default\", \"ArcTrustedSealers\": [\"relay.fabrikam-partner.example\","
                + " \"sealer.mailmoat.example\"]}");
        assertThat(invoke("Get-ArcConfig", "{}").get("value").get(0).get("ArcTrustedSealers").asText())
                .isEqualTo("relay.fabrikam-partner.example,sealer.mailmoat.example");
        invoke("Set-ArcConfig", "{\"Identity\": \"Default\", \"ArcTrustedSealers\": \" \"}");
        assertThat(invoke("Get-ArcConfig", "{}").get("value").get(0).get("ArcTrustedSealers").isNull()).isTrue();

        JsonNode inbound = invoke("Get-InboundConnector", "{}").get("value");
        assertThat(inbound).hasSize(1);
        assertThat(inbound.get(0).get("Name").asText()).isEqualTo("Partner relay");
        assertThat(inbound.get(0).get("Identity").asText()).isEqualTo("Partner relay");
        assertThat(invoke("Get-OutboundConnector", "{}").get("value")).isEmpty();
    }

    @Test
    void theControlEndpointShowsTheWholeExchangeState() {
        invoke("New-TransportRule", "{\"Name\": \"Mailmoat - Quarantine\", \"Priority\": 0, \"Quarantine\": true}");
        JsonNode state = json(http.get(simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID + "/exchange", null).body());
        assertThat(state.get("exchangeRoleAssigned").asBoolean()).isTrue();
        List<String> names = new ArrayList<>();
        state.get("transportRules").forEach(r -> names.add(r.get("Name").asText() + "=" + r.get("Priority").asInt()));
        assertThat(names).containsExactly("Mailmoat - Quarantine=0", "Disclaimer=1", "Block executables=2");
        assertThat(state.get("transportRules").get(0).get("Quarantine").asBoolean()).isTrue();
        assertThat(state.get("arcConfig").get("ArcTrustedSealers")).hasSize(1);
        assertThat(state.get("inboundConnectors")).hasSize(1);
        assertThat(state.get("outboundConnectors")).isEmpty();
        assertThat(state.get("acceptedDomains")).hasSize(1);
        JsonNode summary = json(http.get(simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID + "/summary", null).body());
        assertThat(summary.get("transportRules").asInt()).isEqualTo(3);
        assertThat(summary.get("mailmoatRules").asInt()).isEqualTo(1);
    }

    @Test
    void withoutTheExchangeRoleOrTheApplicationPermissionCallsAreRefused() {
        assertThat(http.send("PUT", simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID + "/exchange/role",
                "{\"assigned\": false}").statusCode()).isEqualTo(204);
        HttpResponse<String> noRole = post("Get-TransportRule", "{}");
        assertThat(noRole.statusCode()).isEqualTo(401);
        assertThat(json(noRole.body()).get("error").get("code").asText()).isEqualTo("Unauthorized");
        assertThat(json(noRole.body()).get("error").get("message").asText())
                .isEqualTo("User is not allowed to call Get-TransportRule");
        simulator.setExchangeRoleAssigned(FABRIKAM_ID, true);
        assertThat(post("Get-TransportRule", "{}").statusCode()).isEqualTo(200);

        simulator.grantConsent(FABRIKAM_ID, Set.of("Mail.Read", "User.Read.All"));
        token = exchangeToken();
        assertThat(post("Get-TransportRule", "{}").statusCode()).isEqualTo(403);

        // A Graph token is not an Exchange token; another tenant's path is not this token's.
        simulator.grantConsent(FABRIKAM_ID);
        token = http.appToken(FABRIKAM_ID);
        assertThat(post("Get-TransportRule", "{}").statusCode()).isEqualTo(401);
        token = exchangeToken();
        HttpRequest otherTenant = HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                        + "/adminapi/beta/00000000-0000-0000-0000-000000000000/InvokeCommand"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"CmdletInput\":{\"CmdletName\":\"Get-TransportRule\"}}"))
                .build();
        assertThat(http.send(otherTenant).statusCode()).isEqualTo(401);
    }

    @Test
    void aSeededTenantCanStartWithoutTheExchangeRoleAndTheGeneratedTenantHasRules(@TempDir Path dir) throws Exception {
        TenantGenerator.generate(dir, GeneratorOptions.defaults().withMailboxes(1).withDays(2)
                .withDomain("norole-demo.example", "No Role Demo"));
        String tenantJson = java.nio.file.Files.readString(dir.resolve("tenant.json"))
                .replace("\"exchangeRoleAssigned\" : true", "\"exchangeRoleAssigned\" : false");
        java.nio.file.Files.writeString(dir.resolve("tenant.json"), tenantJson);
        String tenantId = simulator.loadTenant(dir);
        assertThat(simulator.transportRuleNames(tenantId)).containsExactly("Disclaimer", "Tag external mail");
        simulator.grantConsent(tenantId);
        String other = exchangeToken(tenantId);
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/adminapi/beta/" + tenantId
                        + "/InvokeCommand"))
                .header("Authorization", "Bearer " + other).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"CmdletInput\":{\"CmdletName\":\"Get-TransportRule\"}}"))
                .build();
        assertThat(http.send(request).statusCode()).isEqualTo(401);
    }

    private List<String> priorities() {
        List<String> result = new ArrayList<>();
        invoke("Get-TransportRule", "{}").get("value")
                .forEach(r -> result.add(r.get("Name").asText() + "=" + r.get("Priority").asInt()));
        return result;
    }

    private static List<String> names(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.get("value").forEach(r -> names.add(r.get("Name").asText()));
        return names;
    }

    private JsonNode invoke(String cmdlet, String parameters) {
        HttpResponse<String> response = post(cmdlet, parameters);
        assertThat(response.statusCode()).as(cmdlet + " " + response.body()).isEqualTo(200);
        return json(response.body());
    }

    private HttpResponse<String> post(String cmdlet, String parameters) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/adminapi/beta/" + FABRIKAM_ID
                        + "/InvokeCommand"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("X-AnchorMailbox", "UPN:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@fabrikam-test.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"CmdletInput\":{\"CmdletName\":\"" + cmdlet
                        + "\",\"Parameters\":" + parameters + "}}"))
                .build();
        return http.send(request);
    }

    private String exchangeToken() {
        return exchangeToken(FABRIKAM_ID);
    }

    private String exchangeToken(String tenantId) {
        HttpResponse<String> response = http.postForm(simulator.baseUrl() + "/" + tenantId + "/oauth2/v2.0/token",
                Map.of("client_id", simulator.clientId(), "client_secret", simulator.clientSecret(),
                        "scope", "https://outlook.office365.com/.default", "grant_type", "client_credentials"));
        return json(response.body()).get("access_token").asText();
    }
}
