package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.PAT;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Prefer: IdType="ImmutableId"} on every mail request, and move's accepted destinations. */
class ImmutableIdAndMoveTest {

    private static final String IMMUTABLE = "IdType=\"ImmutableId\"";

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
    void withThePreferHeaderAMoveKeepsTheIdAndEveryRequestFindsTheMessageByIt() {
        String id = idBySubject("Q1 budget review", true);
        SimMessage before = simulator.messages(FABRIKAM_ID, PAT).stream()
                .filter(m -> m.subject().equals("Q1 budget review")).findFirst().orElseThrow();
        assertThat(id).isEqualTo(before.immutableId()).isNotEqualTo(before.id());

        HttpResponse<String> moved = post("/users/" + PAT + "/messages/" + id + "/move",
                "{\"destinationId\":\"archive\"}", IMMUTABLE);
        assertThat(moved.statusCode()).isEqualTo(201);
        assertThat(json(moved.body()).get("id").asText()).as("the move answer's id").isEqualTo(id);

        HttpResponse<String> again = http.get(http.graph("/users/" + PAT + "/messages/" + id), token, "Prefer", IMMUTABLE);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body()).get("id").asText()).isEqualTo(id);
        assertThat(json(again.body()).get("parentFolderId").asText()).isEqualTo(folderId("archive"));
        assertThat(http.getBytes(http.graph("/users/" + PAT + "/messages/" + id + "/$value"), token).statusCode())
                .isEqualTo(200);

        // The REST id it had before the move is gone, as without the header.
        HttpResponse<String> old = http.get(http.graph("/users/" + PAT + "/messages/" + before.id()), token);
        assertThat(old.statusCode()).isEqualTo(404);
        assertThat(json(old.body()).get("error").get("code").asText()).isEqualTo("ErrorItemNotFound");

        // Without the header the same message answers with its new REST id; both ids reach it.
        SimMessage after = simulator.messages(FABRIKAM_ID, PAT).stream()
                .filter(m -> m.immutableId().equals(id)).findFirst().orElseThrow();
        assertThat(after.folder()).isEqualTo("Archive");
        assertThat(after.id()).isNotEqualTo(before.id());
        HttpResponse<String> byRestId = http.get(http.graph("/users/" + PAT + "/messages/" + after.id()), token);
        assertThat(json(byRestId.body()).get("id").asText()).isEqualTo(after.id());
        HttpResponse<String> byImmutableWithoutHeader = http.get(http.graph("/users/" + PAT + "/messages/" + id), token);
        assertThat(byImmutableWithoutHeader.statusCode()).isEqualTo(200);
        assertThat(json(byImmutableWithoutHeader.body()).get("id").asText()).isEqualTo(after.id());
    }

    @Test
    void withoutThePreferHeaderAMoveGivesANewIdAndTheOldOneIsGone() {
        String id = idBySubject("Q1 budget review", false);
        HttpResponse<String> moved = post("/users/" + PAT + "/messages/" + id + "/move",
                "{\"destinationId\":\"deleteditems\"}");
        String newId = json(moved.body()).get("id").asText();
        assertThat(newId).isNotEqualTo(id);
        assertThat(http.get(http.graph("/users/" + PAT + "/messages/" + id), token).statusCode()).isEqualTo(404);
        assertThat(post("/users/" + PAT + "/messages/" + id + "/move", "{\"destinationId\":\"inbox\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void folderListsBatchItemsAndMoveAnswersHonourTheHeader() {
        JsonNode list = json(http.get(http.graph("/users/" + PAT + "/mailFolders/inbox/messages?$select=id"), token,
                "Prefer", IMMUTABLE).body());
        List<String> immutableIds = simulator.messages(FABRIKAM_ID, PAT).stream().map(SimMessage::immutableId).toList();
        assertThat(list.get("value")).isNotEmpty();
        list.get("value").forEach(m -> assertThat(immutableIds).contains(m.get("id").asText()));

        String id = list.get("value").get(0).get("id").asText();
        String batch = """
                {"requests": [
                  {"id": "a", "method": "GET", "url": "/users/%1$s/messages/%2$s?$select=id",
                   "headers": {"Prefer": "IdType=\\"ImmutableId\\""}},
                  {"id": "b", "method": "GET", "url": "/users/%1$s/messages/%2$s?$select=id"},
                  {"id": "c", "method": "POST", "url": "/users/%1$s/messages/%2$s/move",
                   "body": {"DestinationId": "junkemail"},
                   "headers": {"Content-Type": "application/json", "Prefer": "IdType=\\"ImmutableId\\""},
                   "dependsOn": ["b"]}
                ]}""".formatted(PAT, id);
        JsonNode responses = json(http.postJson(http.graph("/$batch"), token, batch).body()).get("responses");
        assertThat(FaultsTest.byId(responses, "a").get("body").get("id").asText()).isEqualTo(id);
        assertThat(FaultsTest.byId(responses, "b").get("body").get("id").asText()).isNotEqualTo(id);
        JsonNode move = FaultsTest.byId(responses, "c");
        assertThat(move.get("status").asInt()).isEqualTo(201);
        assertThat(move.get("body").get("id").asText()).isEqualTo(id);
        assertThat(move.get("body").get("parentFolderId").asText()).isEqualTo(folderId("junkemail"));
    }

    @Test
    void moveTakesDestinationIdInAnyCasingWellKnownNamesAndFolderIds() {
        String quarantine = json(post("/users/" + PAT + "/mailFolders", "{\"displayName\":\"Mailmoat Quarantine\"}")
                .body()).get("id").asText();
        String id = idBySubject("Q1 budget review", true);
        assertThat(moveTo(id, "{\"DestinationId\":\"" + quarantine + "\"}")).isEqualTo(quarantine);
        assertThat(moveTo(id, "{\"destinationid\":\"JunkEmail\"}")).isEqualTo(folderId("junkemail"));
        assertThat(moveTo(id, "{\"destinationId\":\"archive\"}")).isEqualTo(folderId("archive"));
        assertThat(moveTo(id, "{\"destinationId\":\"inbox\"}")).isEqualTo(folderId("inbox"));

        HttpResponse<String> missing = post("/users/" + PAT + "/messages/" + id + "/move", "{\"folder\":\"inbox\"}",
                IMMUTABLE);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing.body()).get("error").get("code").asText()).isEqualTo("ErrorInvalidParameter");
    }

    @Test
    void theSimControlApiListsMovesAndDeletesMessagesAsAUserWould() throws Exception {
        String base = simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID + "/mailboxes/" + PAT + "/messages";
        JsonNode listed = json(http.get(base, null).body()).get("value");
        assertThat(listed).hasSize(3);
        JsonNode phish = null;
        for (JsonNode message : listed) {
            assertThat(message.has("id") && message.has("immutableId") && message.has("internetMessageId")
                    && message.has("folder") && message.has("folderId") && message.has("receivedDateTime")
                    && message.has("threat")).as(message.toString()).isTrue();
            if (message.get("threat").asBoolean()) {
                phish = message;
            }
        }
        assertThat(phish).isNotNull();
        assertThat(phish.get("internetMessageId").asText()).isEqualTo("<inv-4471@fabrikarn-test.example>");
        assertThat(phish.get("folder").asText()).isEqualTo("Inbox");

        // By immutable id, to a folder named by its display name.
        HttpResponse<String> moved = http.send("POST", base + "/" + phish.get("immutableId").asText() + "/move",
                "{\"folder\": \"Junk Email\"}");
        assertThat(moved.statusCode()).isEqualTo(200);
        JsonNode state = json(moved.body());
        assertThat(state.get("folder").asText()).isEqualTo("Junk Email");
        assertThat(state.get("folderId").asText()).isEqualTo(folderId("junkemail"));
        assertThat(state.get("immutableId").asText()).isEqualTo(phish.get("immutableId").asText());
        assertThat(state.get("id").asText()).isNotEqualTo(phish.get("id").asText());
        // The REST id the scan saw no longer works; Graph finds it under the new one.
        assertThat(http.get(http.graph("/users/" + PAT + "/messages/" + phish.get("id").asText()), token).statusCode())
                .isEqualTo(404);
        assertThat(http.get(http.graph("/users/" + PAT + "/messages/" + state.get("id").asText()), token).statusCode())
                .isEqualTo(200);

        // By REST id, to a folder id; then deleted for good.
        HttpResponse<String> back = http.send("POST", base + "/" + state.get("id").asText() + "/move",
                "{\"folder\": \"" + folderId("inbox") + "\"}");
        assertThat(json(back.body()).get("folder").asText()).isEqualTo("Inbox");
        assertThat(http.send("DELETE", base + "/" + phish.get("immutableId").asText(), null).statusCode()).isEqualTo(204);
        assertThat(json(http.get(base, null).body()).get("value")).hasSize(2);
        assertThat(http.get(http.graph("/users/" + PAT + "/messages/" + phish.get("immutableId").asText()), token)
                .statusCode()).isEqualTo(404);
        assertThat(http.send("DELETE", base + "/" + phish.get("immutableId").asText(), null).statusCode()).isEqualTo(404);
        assertThat(http.send("POST", base + "/" + json(http.get(base, null).body()).get("value").get(0).get("id")
                .asText() + "/move", "{\"folder\": \"No Such Folder\"}").statusCode()).isEqualTo(404);

        // Deliver over HTTP: new mail arriving now.
        HttpResponse<String> delivered = http.send("POST", simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID
                + "/deliver", "{\"to\": \"" + PAT + "\", \"folder\": \"inbox\", \"eml\": \""
                + "From: someone@elsewhere.example\\r\\nTo: " + PAT + "\\r\\nSubject: Hello there\\r\\n"
                + "Message-ID: <hello-1@elsewhere.example>\\r\\n\\r\\nHi!\\r\\n\"}");
        assertThat(delivered.statusCode()).isEqualTo(201);
        JsonNode arrived = json(delivered.body());
        assertThat(arrived.get("immutableId").asText()).isNotBlank();
        JsonNode viaGraph = json(http.get(http.graph("/users/" + PAT + "/messages/" + arrived.get("id").asText()),
                token).body());
        assertThat(viaGraph.get("subject").asText()).isEqualTo("Hello there");
    }

    private String moveTo(String id, String body) {
        HttpResponse<String> moved = post("/users/" + PAT + "/messages/" + id + "/move", body, IMMUTABLE);
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(201);
        assertThat(json(moved.body()).get("id").asText()).isEqualTo(id);
        return json(moved.body()).get("parentFolderId").asText();
    }

    private HttpResponse<String> post(String path, String body, String... prefer) {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.graph(path)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (prefer.length > 0) {
            request.header("Prefer", prefer[0]);
        }
        return http.send(request.build());
    }

    private String folderId(String wellKnown) {
        return json(http.get(http.graph("/users/" + PAT + "/mailFolders/" + wellKnown), token).body()).get("id").asText();
    }

    private String idBySubject(String subject, boolean immutable) {
        List<String> headers = new ArrayList<>();
        if (immutable) {
            headers.add("Prefer");
            headers.add(IMMUTABLE);
        }
        JsonNode page = json(http.get(http.graph("/users/" + PAT + "/messages?$select=subject&$top=100"), token,
                headers.toArray(String[]::new)).body());
        for (JsonNode message : page.get("value")) {
            if (message.get("subject").asText().equals(subject)) {
                return message.get("id").asText();
            }
        }
        throw new AssertionError("No message " + subject);
    }
}
