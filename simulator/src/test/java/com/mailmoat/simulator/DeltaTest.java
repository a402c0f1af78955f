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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Message delta per folder: pages, the delta link, changes since, and expired sync state. */
class DeltaTest {

    private static final String IMMUTABLE = "IdType=\"ImmutableId\"";

    private Simulator simulator;
    private SimHttp http;
    private String token;
    private String inboxId;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorOptions.defaults());
        simulator.loadTenant(FABRIKAM);
        simulator.grantConsent(FABRIKAM_ID);
        http = new SimHttp(simulator);
        token = http.appToken(FABRIKAM_ID);
        for (int i = 0; i < 3; i++) {
            deliver("Seeded " + i);
        }
        inboxId = json(http.get(http.graph("/users/" + PAT + "/mailFolders/inbox"), token).body()).get("id").asText();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aRoundPagesWithNextLinksAndEndsWithADeltaLinkThenReportsChangesSince() {
        Round first = round(http.graph("/users/" + PAT + "/mailFolders/" + inboxId
                + "/messages/delta?$select=subject,isRead"), "odata.maxpagesize=2");
        assertThat(first.pages).isEqualTo(3); // 5 messages in the inbox, two per page
        assertThat(first.subjects).hasSize(5).contains("Q1 budget review", "Seeded 2");
        assertThat(first.deltaLink).contains("/mailfolders('" + inboxId + "')/messages/delta?$deltatoken=");

        // Nothing changed: an empty round, a new delta link.
        Round quiet = round(first.deltaLink, null);
        assertThat(quiet.items).isEmpty();

        SimMessage moved = simulator.messages(FABRIKAM_ID, PAT).stream()
                .filter(m -> m.subject().equals("Seeded 0")).findFirst().orElseThrow();
        simulator.moveMessage(FABRIKAM_ID, PAT, moved.id(), "archive");
        SimMessage deleted = simulator.messages(FABRIKAM_ID, PAT).stream()
                .filter(m -> m.subject().equals("Seeded 1")).findFirst().orElseThrow();
        simulator.deleteMessage(FABRIKAM_ID, PAT, deleted.immutableId());
        SimMessage arrived = deliver("Fresh");
        SimMessage junk = simulator.messages(FABRIKAM_ID, PAT).stream()
                .filter(m -> m.folder().equals("Junk Email")).findFirst().orElseThrow();
        SimMessage movedIn = simulator.moveMessage(FABRIKAM_ID, PAT, junk.id(), "inbox");

        Round changes = round(quiet.deltaLink, null);
        List<String> removed = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (JsonNode item : changes.items) {
            assertThat(item.get("@odata.type").asText()).isEqualTo("#microsoft.graph.message");
            if (item.has("@removed")) {
                assertThat(item.get("@removed").get("reason").asText()).isEqualTo("deleted");
                removed.add(item.get("id").asText());
            } else {
                assertThat(item.has("subject")).as("$select travels with the delta token").isTrue();
                assertThat(item.has("body")).isFalse();
                present.add(item.get("id").asText());
            }
        }
        // Without the immutable-id preference a removal names the REST id last seen.
        assertThat(removed).containsExactlyInAnyOrder(moved.id(), deleted.id());
        assertThat(present).containsExactlyInAnyOrder(arrived.id(), movedIn.id());
    }

    @Test
    void withThePreferenceIdsAreImmutableAndARemovalNamesTheImmutableId() {
        // The Kiota-generated Graph SDKs call the function with parentheses: delta().
        Round first = round(http.graph("/users/" + PAT + "/mailFolders/inbox/messages/delta()"), IMMUTABLE);
        Set<String> immutableIds = new HashSet<>();
        simulator.messages(FABRIKAM_ID, PAT).forEach(m -> immutableIds.add(m.immutableId()));
        first.items.forEach(item -> assertThat(immutableIds).contains(item.get("id").asText()));
        assertThat(first.items.get(0).has("body")).as("no $select: the full message").isTrue();

        SimMessage moved = simulator.messages(FABRIKAM_ID, PAT).stream().filter(m -> m.folder().equals("Inbox"))
                .findFirst().orElseThrow();
        simulator.moveMessage(FABRIKAM_ID, PAT, moved.id(), "Deleted Items");
        Round next = round(first.deltaLink, IMMUTABLE);
        assertThat(next.items).hasSize(1);
        assertThat(next.items.get(0).get("id").asText()).isEqualTo(moved.immutableId());
        assertThat(next.items.get(0).has("@removed")).isTrue();
    }

    @Test
    void filterOnReceivedDateTimeIsTheOnlyFilterAndChangeTypeNarrowsTheRound() {
        Round recent = round(http.graph("/users/" + PAT + "/mailFolders/inbox/messages/delta?$select=subject"
                + "&$filter=receivedDateTime ge 2026-01-06T00:00:00Z"), null);
        assertThat(recent.subjects).contains("Overdue invoice 4471", "Seeded 0").doesNotContain("Q1 budget review");

        HttpResponse<String> other = http.get(http.graph("/users/" + PAT + "/mailFolders/inbox/messages/delta"
                + "?$filter=isRead eq false"), token);
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(json(other.body()).get("error").get("code").asText()).isEqualTo("ErrorInvalidUrlQuery");
        assertThat(http.get(http.graph("/users/" + PAT + "/mailFolders/inbox/messages/delta?$orderby=subject"), token)
                .statusCode()).isEqualTo(400);

        Round created = round(http.graph("/users/" + PAT + "/mailFolders/inbox/messages/delta?changeType=deleted"),
                null);
        assertThat(created.items).isEmpty();
        SimMessage any = simulator.messages(FABRIKAM_ID, PAT).get(0);
        simulator.deleteMessage(FABRIKAM_ID, PAT, any.id());
        deliver("Not reported: only deletions were asked for");
        Round deletions = round(created.deltaLink, null);
        assertThat(deletions.items).hasSize(1);
        assertThat(deletions.items.get(0).get("id").asText()).isEqualTo(any.id());
    }

    @Test
    void expiredOrUnknownTokensAnswer410SyncStateNotFound() {
        HttpResponse<String> firstPage = http.get(http.graph("/users/" + PAT + "/mailFolders/inbox/messages/delta"),
                token, "Prefer", "odata.maxpagesize=2");
        String next = json(firstPage.body()).get("@odata.nextLink").asText();
        Round whole = round(http.graph("/users/" + PAT + "/mailFolders/inbox/messages/delta"), null);

        HttpResponse<String> expired = http.send("POST", simulator.baseUrl() + "/_sim/tenants/" + FABRIKAM_ID
                + "/delta/expire", null);
        assertThat(expired.statusCode()).isEqualTo(200);
        assertThat(json(expired.body()).get("expired").asInt()).isPositive();
        for (String link : List.of(next, whole.deltaLink, http.graph("/users/" + PAT
                + "/mailFolders/inbox/messages/delta?$deltatoken=nonsense"))) {
            HttpResponse<String> gone = http.get(link, token);
            assertThat(gone.statusCode()).as(link).isEqualTo(410);
            JsonNode error = json(gone.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("SyncStateNotFound");
            assertThat(error.get("message").asText()).startsWith("The sync state generation is not found");
        }
        // A token of another folder is no good there either.
        Round archive = round(http.graph("/users/" + PAT + "/mailFolders/archive/messages/delta"), null);
        String wrongFolder = archive.deltaLink.replaceAll("mailfolders\\('[^']*'\\)", "mailfolders('" + inboxId + "')");
        assertThat(http.get(wrongFolder, token).statusCode()).isEqualTo(410);
    }

    private SimMessage deliver(String subject) {
        return simulator.deliverMessage(FABRIKAM_ID, PAT, ("From: someone@elsewhere.example\r\nTo: " + PAT
                + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject.hashCode() + "@elsewhere.example>\r\n\r\nhi\r\n")
                .getBytes(StandardCharsets.US_ASCII), Instant.now(), "inbox");
    }

    /** Follows a delta round from its first URL to the delta link. */
    private Round round(String url, String prefer) {
        Round round = new Round();
        String next = url;
        while (next != null) {
            HttpResponse<String> response = prefer == null ? http.get(next, token) : http.get(next, token, "Prefer", prefer);
            assertThat(response.statusCode()).as(next + " " + response.body()).isEqualTo(200);
            JsonNode page = json(response.body());
            assertThat(page.get("@odata.context").asText()).endsWith("/$metadata#Collection(message)");
            round.pages++;
            page.get("value").forEach(item -> {
                round.items.add(item);
                if (item.has("subject")) {
                    round.subjects.add(item.get("subject").asText());
                }
            });
            if (page.has("@odata.nextLink")) {
                assertThat(page.get("@odata.nextLink").asText()).contains("/messages/delta?$skiptoken=");
                next = page.get("@odata.nextLink").asText();
            } else {
                round.deltaLink = page.get("@odata.deltaLink").asText();
                next = null;
            }
        }
        return round;
    }

    private static final class Round {
        int pages;
        final List<JsonNode> items = new ArrayList<>();
        final List<String> subjects = new ArrayList<>();
        String deltaLink;
    }
}
