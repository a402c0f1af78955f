package com.mailmoat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.simulator.generate.GeneratedTenant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant learning through the local runtime, with two connected tenants receiving the same
 * mail: Northwind releases a detected payroll message and reports a supplier message Mailmoat left
 * alone (which is then removed to quarantine); on the next scan Northwind's look-alikes of the first are no longer flagged and its
 * look-alikes of the second are, saying why, while Fabrikam's copies are judged exactly as before.
 */
class LearningJourneyTest {
    private static LocalStack stack;
    private static TenantJourney northwind;
    private static TenantJourney fabrikam;
    /** A mailbox of each tenant the first scan read (it found a planted threat there). */
    private static String nwBox;
    private static String fbBox;
    private static String nwAdmin;

    @BeforeAll
    static void twoConnectedTenants() {
        GeneratedTenant a = TenantJourney.generate(TenantJourney.temporaryDirectory(), 11, "northwind-learn.example");
        GeneratedTenant b = TenantJourney.generate(TenantJourney.temporaryDirectory(), 12, "fabrikam-learn.example");
        stack = LocalStack.startWith(List.of("--sim-tenant", a.dir().toString(), "--sim-tenant", b.dir().toString()));
        northwind = TenantJourney.signUp(stack, a);
        nwAdmin = a.globalAdmin();
        fabrikam = TenantJourney.signUp(stack, b);
        // Both already have mail from the supplier, so its later message is no first contact: a missed
        // threat from a known correspondent is what the rules leave alone.
        deliver(northwind, a.globalAdmin(), shipped(a.globalAdmin()));
        deliver(fabrikam, b.globalAdmin(), shipped(b.globalAdmin()));
        northwind.connect();
        fabrikam.connect();
        JsonNode first = northwind.awaitScan();
        assertThat(first.path("status").asText()).isEqualTo("COMPLETED");
        nwBox = northwind.detections(first.path("id").asText()).get(0).path("mailbox").asText();
        first = fabrikam.awaitScan();
        assertThat(first.path("status").asText()).isEqualTo("COMPLETED");
        fbBox = fabrikam.detections(first.path("id").asText()).get(0).path("mailbox").asText();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A payroll "confirm your details" message: the rules find it SUSPICIOUS (5 points). */
    static String payroll(String to, String greeting, String path, String id) {
        return "From: \"Payroll Desk\" <payroll@hr-portal-updates.example>\r\nTo: " + to + "\r\n"
                + "Subject: Confirm your payroll details\r\nMessage-ID: <" + id + "@hr-portal-updates.example>\r\n"
                + "Date: Fri, 04 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + "<p>" + greeting + "</p><p>Your payroll details must be confirmed before the next payment run. Please "
                + "verify your account today to avoid suspension of your salary.</p><p><a href=\"http://hr-portal-updates"
                + ".example/" + path + "\">Confirm details</a></p><p>Payroll Desk</p>\r\n";
    }

    /** The supplier's ordinary mail, before the scans: clean, so the supplier becomes a known correspondent. */
    static String shipped(String to) {
        return "From: \"Office Supplies\" <orders@stationery-deals.example>\r\nTo: " + to + "\r\n"
                + "Subject: Your order has shipped\r\nMessage-ID: <shipped-" + UUID.randomUUID()
                + "@stationery-deals.example>\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello,\r\n\r\nYour order of printer paper and toner "
                + "left our warehouse today and should arrive on Thursday.\r\n\r\nRegards, Office Supplies\r\n";
    }

    /** A supplier-portal message from that known supplier: the rules leave it CLEAN (3.5 points). */
    static String supplier(String to, String greeting, String when, String id) {
        return "From: \"Office Supplies\" <orders@stationery-deals.example>\r\nTo: " + to + "\r\n"
                + "Subject: Your quarterly supplies invoice\r\nMessage-ID: <" + id + "@stationery-deals.example>\r\n"
                + "Date: Fri, 04 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + "<p>" + greeting + "</p><p>Please find the quarterly invoice for office supplies on our portal. To see it, "
                + "verify your account on the supplier portal at <a href=\"http://stationery-deals.example/portal\">"
                + "the portal</a> and settle the balance " + when + ".</p><p>Regards, Office Supplies</p>\r\n";
    }

    @Test
    void releasesAndMissedThreatsTeachOnlyTheirOwnTenant() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // The same two messages reach both tenants.
        deliver(northwind, nwBox, payroll(nwBox, "Hello,", "confirm", "p1-nw-" + tag));
        deliver(northwind, nwBox, supplier(nwBox, "Hello,", "this week", "s1-nw-" + tag));
        // A copy of the missed threat also reached the administrator (another mailbox, or the same one twice).
        deliver(northwind, nwAdmin, supplier(nwAdmin, "Hello,", "this week", "s1-nw-" + tag));
        deliver(fabrikam, fbBox, payroll(fbBox, "Hello,", "confirm", "p1-fb-" + tag));
        deliver(fabrikam, fbBox, supplier(fbBox, "Hello,", "this week", "s1-fb-" + tag));
        JsonNode nwScan = scanAgain(northwind);
        scanAgain(fabrikam);

        JsonNode payrollDetection = only(northwind.detections(nwScan.path("id").asText()), "<p1-nw-" + tag + "@hr-portal-updates.example>");
        assertThat(payrollDetection).as("the rules flag the payroll message; scan " + nwScan + "; in the mailbox: "
                + northwind.message(nwBox, "<p1-nw-" + tag + "@hr-portal-updates.example>")).isNotNull();
        assertThat(payrollDetection.path("level").asText()).isEqualTo("SUSPICIOUS");
        assertThat(northwind.learning().path("learnedFrom").asInt()).isZero();

        // Northwind: the payroll message is wanted (removed, then released), the supplier message was a missed threat.
        String id = payrollDetection.path("id").asText();
        northwind.remediateAndWait(Map.of("action", "REMOVE", "detectionIds", List.of(id), "confirm", true));
        northwind.remediateAndWait(Map.of("action", "RELEASE", "detectionIds", List.of(id), "confirm", true));
        Browser.Response missed = northwind.console.postJson("/api/feedback/missed",
                Map.of("internetMessageId", "<s1-nw-" + tag + "@stationery-deals.example>"));
        assertThat(missed.status()).as(missed.toString()).isEqualTo(202);
        assertThat(missed.json().path("verdict").asText()).isEqualTo("MALICIOUS");
        assertThat(missed.json().path("history").get(0).path("by").asText()).isEqualTo(northwind.email);

        JsonNode learnt = TenantJourney.await("Northwind's model to learn both verdicts", Duration.ofMinutes(2),
                northwind::learning, l -> l.path("learnedFrom").asInt() == 2 && l.path("pending").asInt() == 0);
        assertThat(learnt.path("legitimate").asInt()).isEqualTo(1);
        assertThat(learnt.path("malicious").asInt()).isEqualTo(1);
        assertThat(learnt.path("updatedAt").asText()).isNotBlank();
        assertThat(learnt.path("recent").findValuesAsText("action")).contains("RELEASED", "REPORTED");
        assertThat(learnt.path("recent").findValuesAsText("by")).containsOnly(northwind.email);
        assertThat(fabrikam.learning().path("learnedFrom").asInt()).as("Fabrikam taught nothing").isZero();
        // The panel names each message by its subject (a reported one's once Graph found it).
        assertThat(learnt.path("recent").findValuesAsText("subject")).contains("Your quarterly supplies invoice");
        assertThat(learnt.path("recent").findValuesAsText("status")).containsOnly("LEARNED");

        // A Message-ID no mailbox has: nothing is learnt, and the panel says why.
        String unknownId = "<never-sent-" + tag + "@stationery-deals.example>";
        assertThat(northwind.console.postJson("/api/feedback/missed", Map.of("internetMessageId", unknownId)).status())
                .isEqualTo(202);
        JsonNode notFound = TenantJourney.await("the unknown message's verdict to be settled", Duration.ofMinutes(2),
                northwind::learning, l -> l.path("pending").asInt() == 0).path("recent").findParents("internetMessageId")
                .stream().filter(f -> f.path("internetMessageId").asText().equals(unknownId)).findFirst().orElseThrow();
        assertThat(notFound.path("status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(notFound.path("reason").asText()).isEqualTo("No mailbox has a message with this Message-ID.");
        assertThat(northwind.learning().path("learnedFrom").asInt()).as("nothing learnt from it").isEqualTo(2);
        // The reported message and its copy are removed to quarantine on the reporter's behalf and listed as reported.
        String reportedId = "<s1-nw-" + tag + "@stationery-deals.example>";
        TenantJourney.await("both copies of the reported message in quarantine", Duration.ofMinutes(2),
                () -> java.util.stream.Stream.of(nwBox, nwAdmin).distinct().flatMap(box -> northwind.messages(box).stream())
                        .filter(m -> m.path("internetMessageId").asText().equals(reportedId)).toList(),
                copies -> copies.size() == 2 && copies.stream()
                        .allMatch(m -> "Mailmoat Quarantine".equals(m.path("folder").asText())));
        JsonNode reportedDetection = northwind.console.get("/api/detections?q=" + java.net.URLEncoder.encode(
                "Your quarterly supplies invoice", java.nio.charset.StandardCharsets.UTF_8)).json().path("items").findParents("internetMessageId")
                .stream().filter(d -> d.path("internetMessageId").asText().equals(reportedId)).findFirst().orElseThrow();
        JsonNode reportedDetail = northwind.detection(reportedDetection.path("id").asText());
        assertThat(reportedDetail.path("source").asText()).isEqualTo("REPORTED");
        assertThat(reportedDetail.path("status").asText()).isEqualTo("REMOVED");
        assertThat(reportedDetail.path("history").get(0).path("by").asText()).isEqualTo(northwind.email);

        // A scan worker re-reads an account's model version at most every 5 s (TenantModels): a scan started
        // sooner after the learning could still judge with the model of the first scan (none).
        Outbox.sleep(Duration.ofSeconds(6).toMillis());

        // Look-alikes reach both tenants; the next scans judge them.
        deliver(northwind, nwBox, payroll(nwBox, "Hello Megan,", "confirm-now", "p2-nw-" + tag));
        deliver(northwind, nwBox, supplier(nwBox, "Hello Megan,", "by Friday", "s2-nw-" + tag));
        deliver(fabrikam, fbBox, payroll(fbBox, "Hello Megan,", "confirm-now", "p2-fb-" + tag));
        deliver(fabrikam, fbBox, supplier(fbBox, "Hello Megan,", "by Friday", "s2-fb-" + tag));
        List<JsonNode> nw = northwind.detections(scanAgain(northwind).path("id").asText());
        List<JsonNode> fb = fabrikam.detections(scanAgain(fabrikam).path("id").asText());

        // Northwind: the released message's look-alike is no longer flagged; the missed threat's is, and says why.
        assertThat(only(nw, "<p2-nw-" + tag + "@hr-portal-updates.example>")).as("payroll look-alike at Northwind").isNull();
        JsonNode raised = only(nw, "<s2-nw-" + tag + "@stationery-deals.example>");
        assertThat(raised).as("supplier look-alike at Northwind").isNotNull();
        JsonNode raisedDetail = northwind.detection(raised.path("id").asText());
        assertThat(raisedDetail.path("reasons").findValuesAsText("message"))
                .contains("Your organisation reported 1 message similar to this one as a threat");

        // Fabrikam: exactly as the rules say, nothing learnt from Northwind.
        JsonNode same = only(fb, "<p2-fb-" + tag + "@hr-portal-updates.example>");
        assertThat(same).as("payroll look-alike at Fabrikam").isNotNull();
        assertThat(same.path("level").asText()).isEqualTo("SUSPICIOUS");
        assertThat(fabrikam.detection(same.path("id").asText()).path("reasons").findValuesAsText("rule"))
                .doesNotContain("TENANT_MODEL");
        assertThat(only(fb, "<s2-fb-" + tag + "@stationery-deals.example>")).as("supplier look-alike at Fabrikam").isNull();

        // "Not a threat" reverses Northwind's own earlier verdict... on another message: the trail keeps who and when.
        Browser.Response notThreat = northwind.console.postJson("/api/detections/" + raised.path("id").asText()
                + "/not-a-threat", Map.of());
        assertThat(notThreat.status()).as(notThreat.toString()).isEqualTo(202);
        assertThat(notThreat.json().path("verdict").asText()).isEqualTo("LEGITIMATE");
        assertThat(fabrikam.console.postJson("/api/detections/" + raised.path("id").asText() + "/not-a-threat", Map.of())
                .status()).as("another account's detection is unknown").isEqualTo(404);

        // The hourly sweep of verdicts whose queue message was lost runs (nothing here is stalled: a fresh
        // verdict is left to its own queue message); then every verdict is learnt and none is left pending.
        northwind.fireSchedule("LearningSweepFunction.Hourly");
        TenantJourney.await("Northwind's model to learn the reversed verdict", Duration.ofMinutes(2),
                northwind::learning, l -> l.path("learnedFrom").asInt() == 3 && l.path("pending").asInt() == 0);
    }

    private static JsonNode scanAgain(TenantJourney admin) {
        Browser.Response started = admin.console.postJson("/api/scans", Map.of());
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.json().path("id").asText();
        return TenantJourney.await("scan " + id, Duration.ofMinutes(4), () -> {
            Browser.Response scan = admin.console.get("/api/scans/" + id);
            return scan.status() == 200 ? scan.json() : null;
        }, TenantJourney::scanFinished);
    }

    private static JsonNode only(List<JsonNode> detections, String internetMessageId) {
        List<JsonNode> found = detections.stream()
                .filter(d -> d.path("internetMessageId").asText().equals(internetMessageId)).toList();
        assertThat(found.size()).as("detections of " + internetMessageId).isLessThanOrEqualTo(1);
        return found.isEmpty() ? null : found.get(0);
    }

    private static void deliver(TenantJourney admin, String upn, String eml) {
        String simulator = stack.startupValue("Microsoft 365 simulator").replaceAll("/$", "");
        try {
            HttpResponse<String> answer = MicrosoftConsentTest.MICROSOFT.send(HttpRequest.newBuilder(
                            URI.create(simulator + "/_sim/tenants/" + admin.tenant.tenantId() + "/deliver"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Browser.write(Map.of("to", upn, "eml", eml, "folder", "inbox",
                            // a minute ago: a scan's window ends at the second it starts (exclusive)
                            "receivedDateTime", java.time.Instant.now().minusSeconds(60).truncatedTo(
                                    java.time.temporal.ChronoUnit.SECONDS).toString()))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
