package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.FABRIKAM;
import static com.mailmoat.simulator.SimHttp.FABRIKAM_ID;
import static com.mailmoat.simulator.SimHttp.PAT;
import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphMailTest {

    private static Simulator simulator;
    private static SimHttp http;
    private static String token;
    private static String bulkToken;

    @BeforeAll
    static void start(@TempDir Path bulkDir) {
        simulator = Simulator.start(SimulatorOptions.defaults());
        simulator.loadTenant(FABRIKAM);
        simulator.loadTenant(BulkTenant.write(bulkDir, 2_500));
        simulator.grantConsent(FABRIKAM_ID);
        simulator.grantConsent(BulkTenant.TENANT_ID);
        http = new SimHttp(simulator);
        token = http.appToken(FABRIKAM_ID);
        bulkToken = http.appToken(BulkTenant.TENANT_ID);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void pagingThroughTwoAndAHalfThousandMessagesReturnsEachExactlyOnce() {
        String since = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        String url = http.graph("/users/" + BulkTenant.UPN + "/messages?$filter=receivedDateTime ge " + since
                + "&$select=id,subject,receivedDateTime&$top=333");
        Set<String> ids = new HashSet<>();
        Set<String> subjects = new HashSet<>();
        List<Instant> received = new ArrayList<>();
        int pages = 0;
        while (url != null) {
            HttpResponse<String> response = http.get(url, bulkToken);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = json(response.body());
            for (JsonNode message : page.get("value")) {
                assertThat(ids.add(message.get("id").asText())).as("duplicate id").isTrue();
                subjects.add(message.get("subject").asText());
                received.add(Instant.parse(message.get("receivedDateTime").asText()));
                assertThat(message.has("body")).as("$select leaves out body").isFalse();
            }
            url = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
            if (url != null) {
                assertThat(url).startsWith(simulator.graphBaseUrl() + "/users/").contains("$skip=")
                        .contains("$top=333").contains("$filter=");
            }
            pages++;
        }
        assertThat(ids).hasSize(2_500);
        assertThat(subjects).hasSize(2_500);
        assertThat(pages).isEqualTo(8);
        List<Instant> sorted = new ArrayList<>(received);
        sorted.sort(java.util.Comparator.reverseOrder());
        assertThat(received).as("newest first").isEqualTo(sorted);
    }

    @Test
    void pagingStaysExactWhileMessagesAreMovedBetweenPages() {
        String quarantine = json(http.postJson(http.graph("/users/" + BulkTenant.UPN + "/mailFolders"), bulkToken,
                "{\"displayName\":\"Paging move test\"}").body()).get("id").asText();
        String url = http.graph("/users/" + BulkTenant.UPN + "/messages?$select=id,subject&$top=500"
                + "&$orderby=receivedDateTime desc");
        Set<String> subjects = new HashSet<>();
        while (url != null) {
            JsonNode page = json(http.get(url, bulkToken).body());
            for (JsonNode message : page.get("value")) {
                assertThat(subjects.add(message.get("subject").asText())).isTrue();
            }
            // Move one message of the page just read, as remediation running beside a scan would.
            String id = page.get("value").get(0).get("id").asText();
            assertThat(http.postJson(http.graph("/users/" + BulkTenant.UPN + "/messages/" + id + "/move"), bulkToken,
                    "{\"destinationId\":\"" + quarantine + "\"}").statusCode()).isEqualTo(201);
            url = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
        }
        assertThat(subjects).hasSize(2_500);
    }

    @Test
    void defaultPageIsTenAndTopAboveOneThousandIsRefused() {
        JsonNode page = json(http.get(http.graph("/users/" + BulkTenant.UPN + "/messages"), bulkToken).body());
        assertThat(page.get("value")).hasSize(10);
        assertThat(page.get("@odata.nextLink").asText()).endsWith("$skip=10");
        assertThat(page.get("@odata.context").asText())
                .isEqualTo(simulator.graphBaseUrl() + "/$metadata#users('" + BulkTenant.UPN + "')/messages");
        JsonNode message = page.get("value").get(0);
        assertThat(message.get("@odata.etag").asText()).startsWith("W/\"");
        assertThat(message.get("body").get("contentType").asText()).isEqualTo("html");
        assertThat(message.get("from").get("emailAddress").get("address").asText()).endsWith("@elsewhere.example");

        HttpResponse<String> tooMany = http.get(http.graph("/users/" + BulkTenant.UPN + "/messages?$top=1001"),
                bulkToken);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany.body()).get("error").has("innerError")).isTrue();
    }

    @Test
    void valueReturnsTheExactMimeBytesAsTextPlain() throws Exception {
        Path eml = FABRIKAM.resolve("mailboxes/" + PAT + "/invoice-phish.eml");
        String id = messageIdBySubject("Overdue invoice 4471");
        HttpResponse<byte[]> mime = http.getBytes(http.graph("/users/" + PAT + "/messages/" + id + "/$value"), token);
        assertThat(mime.statusCode()).isEqualTo(200);
        assertThat(mime.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(mime.body()).isEqualTo(Files.readAllBytes(eml));
    }

    @Test
    void messagePropertiesComeFromTheMime() {
        String id = messageIdBySubject("Overdue invoice 4471");
        HttpResponse<String> response = http.get(http.graph("/users/" + PAT + "/messages/" + id
                + "?$select=subject,from,replyTo,hasAttachments,internetMessageId,internetMessageHeaders"), token);
        JsonNode message = json(response.body());
        assertThat(message.get("@odata.context").asText()).isEqualTo(simulator.graphBaseUrl()
                + "/$metadata#users('" + PAT + "')/messages(subject,from,replyTo,hasAttachments,internetMessageId,"
                + "internetMessageHeaders)/$entity");
        assertThat(message.get("from").get("emailAddress").get("name").asText()).isEqualTo("Accounts Payable");
        assertThat(message.get("replyTo").get(0).get("emailAddress").get("address").asText())
                .isEqualTo("payments@lookalike-pay.example");
        assertThat(message.get("hasAttachments").asBoolean()).isTrue();
        assertThat(message.get("internetMessageId").asText()).isEqualTo("<inv-4471@fabrikarn-test.example>");
        assertThat(message.get("internetMessageHeaders").toString()).contains("Reply-To");
        assertThat(message.has("body")).isFalse();

        String newsletter = messageIdBySubject("This week in widgets – issue 12");
        assertThat(newsletter).isNotNull();
    }

    @Test
    void moveReturns201WithANewIdAndTheOldIdIsGone() {
        String oldId = messageIdBySubject("Q1 budget review");
        HttpResponse<String> moved = http.postJson(http.graph("/users/" + PAT + "/messages/" + oldId + "/move"), token,
                "{\"destinationId\":\"deleteditems\"}");
        assertThat(moved.statusCode()).isEqualTo(201);
        JsonNode copy = json(moved.body());
        assertThat(copy.get("id").asText()).isNotEqualTo(oldId);
        assertThat(copy.get("@odata.type").asText()).isEqualTo("#microsoft.graph.message");
        assertThat(copy.get("subject").asText()).isEqualTo("Q1 budget review");
        String deletedItems = json(http.get(http.graph("/users/" + PAT + "/mailFolders/deleteditems"), token).body())
                .get("id").asText();
        assertThat(copy.get("parentFolderId").asText()).isEqualTo(deletedItems);

        HttpResponse<String> old = http.get(http.graph("/users/" + PAT + "/messages/" + oldId), token);
        assertThat(old.statusCode()).isEqualTo(404);
        assertThat(json(old.body()).get("error").get("code").asText()).isEqualTo("ErrorItemNotFound");
        assertThat(http.get(http.graph("/users/" + PAT + "/messages/" + copy.get("id").asText()), token).statusCode())
                .isEqualTo(200);
    }

    @Test
    void childFoldersAreCreatedOnceAndListedWithWellKnownFolders() {
        HttpResponse<String> created = http.postJson(http.graph("/users/" + PAT + "/mailFolders/inbox/childFolders"),
                token, "{\"displayName\":\"Mailmoat Quarantine\",\"isHidden\":false}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode folder = json(created.body());
        String inboxId = json(http.get(http.graph("/users/" + PAT + "/mailFolders/inbox"), token).body()).get("id").asText();
        assertThat(folder.get("parentFolderId").asText()).isEqualTo(inboxId);
        assertThat(folder.get("totalItemCount").asInt()).isZero();

        HttpResponse<String> again = http.postJson(http.graph("/users/" + PAT + "/mailFolders/inbox/childFolders"),
                token, "{\"displayName\":\"mailmoat quarantine\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again.body()).get("error").get("code").asText()).isEqualTo("ErrorFolderExists");

        JsonNode children = json(http.get(http.graph("/users/" + PAT
                + "/mailFolders/inbox/childFolders?$filter=displayName eq 'Mailmoat Quarantine'"), token).body());
        assertThat(children.get("value")).hasSize(1);

        JsonNode top = json(http.get(http.graph("/users/" + PAT + "/mailFolders"), token).body());
        List<String> names = new ArrayList<>();
        top.get("value").forEach(f -> names.add(f.get("displayName").asText()));
        assertThat(names).contains("Inbox", "Deleted Items", "Junk Email", "Sent Items", "Archive");
        assertThat(top.get("@odata.context").asText()).endsWith("/$metadata#users('" + PAT + "')/mailFolders");
    }

    @Test
    void filterAndOrderByFollowGraphsInefficientFilterRule() {
        HttpResponse<String> bad = http.get(http.graph("/users/" + PAT + "/messages?$filter=isRead eq false"
                + "&$orderby=receivedDateTime desc"), token);
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode error = json(bad.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("InefficientFilter");
        assertThat(error.get("message").asText()).isEqualTo("The restriction or sort order is too complex for this operation.");

        JsonNode ascending = json(http.get(http.graph("/users/" + PAT + "/messages?$filter=receivedDateTime ge "
                + "2026-01-05T00:00:00Z&$orderby=receivedDateTime asc&$select=subject"), token).body());
        List<String> subjects = new ArrayList<>();
        ascending.get("value").forEach(m -> subjects.add(m.get("subject").asText()));
        assertThat(subjects).containsSubsequence("Q1 budget review", "Overdue invoice 4471")
                .doesNotContain("This week in widgets – issue 12");
    }

    @Test
    void mailOfUnknownUsersAndUsersWithoutMailboxesIsRefusedAsGraphDoes() {
        HttpResponse<String> unknown = http.get(http.graph("/users/nobody@fabrikam-test.example/messages"), token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).get("error").get("code").asText()).isEqualTo("ErrorInvalidUser");
        HttpResponse<String> noMailbox = http.get(http.graph("/users/scanner-svc@fabrikam-test.example/messages"), token);
        assertThat(noMailbox.statusCode()).isEqualTo(404);
        assertThat(json(noMailbox.body()).get("error").get("code").asText()).isEqualTo("MailboxNotEnabledForRESTAPI");
    }

    private String messageIdBySubject(String subject) {
        JsonNode page = json(http.get(http.graph("/users/" + PAT + "/messages?$select=subject&$top=100"), token).body());
        for (JsonNode message : page.get("value")) {
            if (message.get("subject").asText().equals(subject)) {
                return message.get("id").asText();
            }
        }
        throw new AssertionError("No message with subject " + subject + " in " + page);
    }
}
