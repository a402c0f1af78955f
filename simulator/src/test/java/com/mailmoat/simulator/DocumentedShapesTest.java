package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.PAT;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Answers compared with the examples in shared/reference/microsoft/ field by field. */
class DocumentedShapesTest {

    private static Simulator simulator;
    private static SimHttp http;
    private static String token;

    @BeforeAll
    static void start() {
        simulator = Simulator.start(SimulatorOptions.defaults());
        simulator.loadTenant(FABRIKAM);
        simulator.grantConsent(FABRIKAM_ID);
        http = new SimHttp(simulator);
        token = http.appToken(FABRIKAM_ID);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void clientCredentialsSuccessHasTheDocumentedFields() {
        HttpResponse<String> response = http.postForm(simulator.baseUrl() + "/" + FABRIKAM_ID + "/oauth2/v2.0/token",
                Map.of("client_id", simulator.clientId(), "client_secret", simulator.clientSecret(),
                        "scope", "https://graph.microsoft.com/.default", "grant_type", "client_credentials"));
        assertThat(fields(json(response.body()))).contains("token_type", "expires_in", "access_token")
                .doesNotContain("refresh_token", "id_token");
    }

    @Test
    void graphErrorsCarryTheEnvelopeAndRequestIds() {
        HttpResponse<String> response = http.get(http.graph("/users/" + PAT + "/messages/AAMkAGdoesnotexistAAAAAAAAAAAA="),
                token, "client-request-id", "c0ffee00-0000-4000-8000-000000000001");
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = json(response.body()).get("error");
        assertThat(fields(error)).containsExactly("code", "message", "innerError");
        assertThat(fields(error.get("innerError"))).containsExactly("date", "request-id", "client-request-id");
        assertThat(error.get("innerError").get("client-request-id").asText())
                .isEqualTo("c0ffee00-0000-4000-8000-000000000001");
        assertThat(response.headers().firstValue("request-id")).isPresent();
        assertThat(response.headers().firstValue("client-request-id")).hasValue("c0ffee00-0000-4000-8000-000000000001");
    }

    @Test
    void aMessageHasTheDocumentedDefaultProperties() {
        JsonNode page = json(http.get(http.graph("/users/" + PAT + "/messages?$top=1"), token).body());
        JsonNode message = page.get("value").get(0);
        assertThat(fields(message)).contains("@odata.etag", "id", "createdDateTime", "lastModifiedDateTime",
                "changeKey", "categories", "receivedDateTime", "sentDateTime", "hasAttachments", "internetMessageId",
                "subject", "bodyPreview", "importance", "parentFolderId", "conversationId",
                "isDeliveryReceiptRequested", "isReadReceiptRequested", "isRead", "isDraft", "webLink",
                "inferenceClassification", "body", "sender", "from", "toRecipients", "ccRecipients", "bccRecipients",
                "replyTo", "flag").doesNotContain("internetMessageHeaders");
        assertThat(message.get("receivedDateTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(message.get("webLink").asText()).startsWith(simulator.baseUrl());
    }

    @Test
    void mailFoldersHaveTheDocumentedFields() {
        JsonNode folder = json(http.get(http.graph("/users/" + PAT + "/mailFolders"), token).body()).get("value").get(0);
        assertThat(fields(folder)).containsExactly("id", "displayName", "parentFolderId", "childFolderCount",
                "unreadItemCount", "totalItemCount", "isHidden");
    }

    @Test
    void companySubscriptionHasTheDocumentedFields() {
        JsonNode subscription = json(http.get(http.graph("/directory/subscriptions"), token).body()).get("value").get(0);
        assertThat(fields(subscription)).contains("createdDateTime", "commerceSubscriptionId", "id", "isTrial",
                "nextLifecycleDateTime", "serviceStatus", "skuId", "skuPartNumber", "status", "totalLicenses",
                "ownerId", "ownerTenantId", "ownerType");
    }

    @Test
    void batchAnswersHaveIdStatusHeadersAndBodyAndMimeIsBase64() throws Exception {
        String id = json(http.get(http.graph("/users/" + PAT + "/messages?$filter=subject eq 'Q1 budget review'"
                + "&$select=id"), token).body()).get("value").get(0).get("id").asText();
        HttpResponse<String> response = http.postJson(http.graph("/$batch"), token, "{\"requests\":["
                + "{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users/" + PAT + "/messages/" + id + "/$value\"},"
                + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/organization\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode responses = json(response.body()).get("responses");
        for (JsonNode item : responses) {
            assertThat(fields(item)).containsExactly("id", "status", "headers", "body");
        }
        JsonNode mime = responses.get(0).get("id").asText().equals("1") ? responses.get(0) : responses.get(1);
        assertThat(Base64.getDecoder().decode(mime.get("body").asText())).isEqualTo(Files.readAllBytes(
                FABRIKAM.resolve("mailboxes/" + PAT + "/budget.eml")));
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
