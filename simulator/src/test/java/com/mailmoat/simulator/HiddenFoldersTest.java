package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.PAT;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hidden mail folders as Microsoft documents them (user-post-mailfolders, mailfolder-post-childfolders,
 * user-list-mailfolders, mailfolder-list-childfolders): {@code isHidden} is set only at creation
 * (default false), list endpoints leave hidden folders out unless {@code includeHiddenFolders=true},
 * and a hidden folder is reached by its id like any other.
 */
class HiddenFoldersTest {

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

    private static JsonNode create(String path, String body) {
        HttpResponse<String> created = http.postJson(http.graph("/users/" + PAT + path), token, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body());
    }

    private static List<String> names(String pathAndQuery) {
        HttpResponse<String> response = http.get(http.graph("/users/" + PAT + pathAndQuery), token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        json(response.body()).get("value").forEach(f -> names.add(f.get("displayName").asText()));
        return names;
    }

    @Test
    void aTopLevelFolderCreatedHiddenIsListedOnlyWithIncludeHiddenFolders() {
        JsonNode folder = create("/mailFolders", "{\"displayName\":\"Hidden Top\",\"isHidden\":true}");
        assertThat(folder.get("isHidden").asBoolean()).isTrue();
        assertThat(folder.get("@odata.context").asText()).endsWith("/mailFolders/$entity");

        assertThat(names("/mailFolders?$top=100")).contains("Inbox").doesNotContain("Hidden Top");
        assertThat(names("/mailFolders?$top=100&includeHiddenFolders=false")).doesNotContain("Hidden Top");
        HttpResponse<String> all = http.get(http.graph("/users/" + PAT + "/mailFolders/?includeHiddenFolders=true"
                + "&$top=100"), token);
        JsonNode listed = null;
        for (JsonNode f : json(all.body()).get("value")) {
            if (f.get("displayName").asText().equals("Hidden Top")) {
                listed = f;
            } else if (f.get("displayName").asText().equals("Inbox")) {
                assertThat(f.get("isHidden").asBoolean()).as(f.toString()).isFalse();
            }
        }
        assertThat(listed).as(all.body()).isNotNull();
        assertThat(listed.get("isHidden").asBoolean()).isTrue();
        assertThat(listed.get("id").asText()).isEqualTo(folder.get("id").asText());

        // By id it answers like any folder, hidden or not.
        HttpResponse<String> byId = http.get(http.graph("/users/" + PAT + "/mailFolders/" + folder.get("id").asText()),
                token);
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(json(byId.body()).get("isHidden").asBoolean()).isTrue();
        assertThat(json(byId.body()).get("displayName").asText()).isEqualTo("Hidden Top");
    }

    @Test
    void isHiddenDefaultsToFalse() {
        JsonNode folder = create("/mailFolders", "{\"displayName\":\"Plain Top\"}");
        assertThat(folder.get("isHidden").asBoolean()).isFalse();
        assertThat(names("/mailFolders?$top=100")).contains("Plain Top");
    }

    @Test
    void aHiddenFolderStillTakesItsNameAVisibleSiblingOfTheSameNameIsRefused() {
        create("/mailFolders", "{\"displayName\":\"Taken Name\",\"isHidden\":true}");
        for (String body : List.of("{\"displayName\":\"Taken Name\"}", "{\"displayName\":\"taken name\",\"isHidden\":true}")) {
            HttpResponse<String> again = http.postJson(http.graph("/users/" + PAT + "/mailFolders"), token, body);
            assertThat(again.statusCode()).as(body).isEqualTo(409);
            assertThat(json(again.body()).get("error").get("code").asText()).isEqualTo("ErrorFolderExists");
        }
        assertThat(simulator.folders(FABRIKAM_ID, PAT).stream().filter(f -> f.displayName().equalsIgnoreCase("Taken Name")))
                .hasSize(1);
    }

    @Test
    void hiddenChildFoldersFollowTheSameRuleAlsoWithAFilter() {
        JsonNode child = create("/mailFolders/inbox/childFolders", "{\"displayName\":\"Hidden Child\",\"isHidden\":true}");
        assertThat(child.get("isHidden").asBoolean()).isTrue();

        assertThat(names("/mailFolders/inbox/childFolders")).doesNotContain("Hidden Child");
        assertThat(names("/mailFolders/inbox/childFolders?includeHiddenFolders=true")).contains("Hidden Child");
        assertThat(names("/mailFolders/inbox/childFolders?$filter=displayName eq 'Hidden Child'")).isEmpty();
        assertThat(names("/mailFolders/inbox/childFolders?includeHiddenFolders=true"
                + "&$filter=displayName eq 'Hidden Child'")).containsExactly("Hidden Child");
        // Only the top level is listed at /mailFolders, hidden or not.
        assertThat(names("/mailFolders?includeHiddenFolders=true&$top=100")).doesNotContain("Hidden Child");
    }

    @Test
    void theNextLinkKeepsIncludeHiddenFolders() {
        create("/mailFolders", "{\"displayName\":\"Zz Hidden Last\",\"isHidden\":true}");
        String url = http.graph("/users/" + PAT + "/mailFolders?includeHiddenFolders=true&$top=2");
        List<String> seen = new ArrayList<>();
        while (url != null) {
            JsonNode page = json(http.get(url, token).body());
            page.get("value").forEach(f -> seen.add(f.get("displayName").asText()));
            url = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
            if (url != null) {
                assertThat(url).contains("includeHiddenFolders=true");
            }
        }
        assertThat(seen).contains("Inbox", "Zz Hidden Last").doesNotHaveDuplicates();
    }

    @Test
    void messagesMoveIntoAndOutOfAHiddenFolderByItsId() {
        String hidden = create("/mailFolders", "{\"displayName\":\"Hidden Store\",\"isHidden\":true}").get("id").asText();
        SimMessage delivered = simulator.deliverMessage(FABRIKAM_ID, PAT, ("From: a@evil.example\r\nTo: " + PAT
                + "\r\nSubject: into hiding\r\nMessage-ID: <hide-1@evil.example>\r\n\r\nx\r\n")
                .getBytes(StandardCharsets.US_ASCII), Instant.now(), "inbox");

        HttpResponse<String> moved = http.postJson(http.graph("/users/" + PAT + "/messages/" + delivered.id() + "/move"),
                token, "{\"destinationId\":\"" + hidden + "\"}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(201);
        String movedId = json(moved.body()).get("id").asText();
        assertThat(json(moved.body()).get("parentFolderId").asText()).isEqualTo(hidden);
        JsonNode inFolder = json(http.get(http.graph("/users/" + PAT + "/mailFolders/" + hidden + "/messages"), token)
                .body());
        assertThat(inFolder.get("value")).hasSize(1);
        JsonNode folder = json(http.get(http.graph("/users/" + PAT + "/mailFolders/" + hidden), token).body());
        assertThat(folder.get("totalItemCount").asInt()).isEqualTo(1);

        HttpResponse<String> back = http.postJson(http.graph("/users/" + PAT + "/messages/" + movedId + "/move"),
                token, "{\"destinationId\":\"inbox\"}");
        assertThat(back.statusCode()).isEqualTo(201);
        assertThat(simulator.messages(FABRIKAM_ID, PAT).stream().filter(m -> m.subject().equals("into hiding"))
                .findFirst().orElseThrow().folder()).isEqualTo("Inbox");
    }

    @Test
    void simFoldersListsHiddenFoldersWithTheirFlag() {
        String id = create("/mailFolders", "{\"displayName\":\"Seen By Sim\",\"isHidden\":true}").get("id").asText();
        HttpResponse<String> response = http.get(simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID + "/mailboxes/"
                + PAT + "/folders", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode found = null;
        for (JsonNode f : json(response.body()).get("value")) {
            if (f.get("id").asText().equals(id)) {
                found = f;
            }
        }
        assertThat(found).as(response.body()).isNotNull();
        assertThat(found.get("isHidden").asBoolean()).isTrue();
        assertThat(found.get("createdThroughGraph").asBoolean()).isTrue();
        assertThat(found.get("displayName").asText()).isEqualTo("Seen By Sim");
        assertThat(simulator.folders(FABRIKAM_ID, PAT)).filteredOn(f -> f.id().equals(id))
                .singleElement().satisfies(f -> assertThat(f.isHidden()).isTrue());
        assertThat(simulator.folders(FABRIKAM_ID, PAT)).filteredOn(f -> "inbox".equals(f.wellKnownName()))
                .singleElement().satisfies(f -> assertThat(f.isHidden()).isFalse());
    }
}
