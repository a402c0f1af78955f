package com.mailmoat.consoleapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.AccountService;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.checks.OutboundRegions;
import com.mailmoat.core.checks.SetupChecks;
import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.domains.DomainVerification;
import com.mailmoat.core.microsoft.Mailbox;
import com.mailmoat.core.notify.InAppNotification;
import com.mailmoat.core.notify.NotificationKind;
import com.mailmoat.core.remediation.RemediationNotices;
import com.mailmoat.core.remediation.JobStatus;
import com.mailmoat.core.remediation.RemediationRequests;
import com.mailmoat.core.remediation.RemediationWork;
import com.mailmoat.core.remediation.RemediationWorker;
import com.mailmoat.core.scan.Scan;
import com.mailmoat.core.scan.ScanKind;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.core.setup.LiveDomainEvidence;
import com.mailmoat.core.setup.SetupChecklist;
import com.mailmoat.lambda.Json;
import com.mailmoat.lambda.http.SessionRoutes;
import com.mailmoat.testkit.FakeMailboxes;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryBrandings;
import com.mailmoat.testkit.InMemoryDetections;
import com.mailmoat.testkit.InMemoryDns;
import com.mailmoat.testkit.InMemoryDomains;
import com.mailmoat.testkit.InMemoryInAppNotifications;
import com.mailmoat.testkit.InMemoryRemediations;
import com.mailmoat.testkit.InMemoryScans;
import com.mailmoat.testkit.InMemoryTokens;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingNotificationQueue;
import com.mailmoat.testkit.RecordingRemediationQueue;
import com.mailmoat.testkit.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The remediation, notification-area and branding routes of the console API, as the console calls them. */
class RemediationRoutesTest {
    private static final String CONSOLE = "https://console.mailmoat.example/";
    private static final String SCAN = "20261123T170000Z-1a2b3c4d";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T17:30:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final Sessions sessions = new Sessions(new InMemoryTokens(), clock);
    private final InMemoryScans scans = new InMemoryScans();
    private final InMemoryDetections detections = new InMemoryDetections();
    private final InMemoryRemediations jobs = new InMemoryRemediations(detections);
    private final RecordingRemediationQueue queue = new RecordingRemediationQueue();
    private final InMemoryInAppNotifications notices = new InMemoryInAppNotifications();
    private final FakeMailboxes mail = new FakeMailboxes();
    private final RemediationWorker worker = new RemediationWorker(jobs, accounts, mail,
            new RemediationNotices(jobs, new RecordingNotificationQueue(), clock, CONSOLE), clock);
    private final ConsoleApiHandler handler;
    private final List<Detection> threats = new ArrayList<>();
    private Detection theirs;
    private String mine;
    private String other;
    private boolean queueDown;

    RemediationRoutesTest() {
        InMemoryDns dns = new InMemoryDns();
        DomainVerification domains = new DomainVerification(new InMemoryDomains(), dns);
        AccountService accountService = new AccountService(accounts,
                new SetupChecklist(new LiveDomainEvidence(domains, new SetupChecks(dns, OutboundRegions.defaults()))), clock);
        handler = new ConsoleApiHandler(sessions, SessionRoutes.of(
                new AccountRoutes(accountService, notices, new InMemoryBrandings()),
                new DetectionRoutes(detections),
                new RemediationRoutes(new RemediationRequests(accounts, detections, scans, jobs, items -> {
                    if (queueDown) {
                        throw new IllegalStateException("the queue did not answer");
                    }
                    queue.enqueue(items);
                }, clock), jobs)), CONSOLE);
    }

    @BeforeEach
    void twoAccountsEachWithThreats() {
        mine = signedIn("acct-1", "admin@contoso.example", FakeMicrosoft.TENANT);
        other = signedIn("acct-2", "admin@fabrikam.example", "tenant-2");
        Mailbox adele = mail.addMailbox("adele@contoso.example");
        Mailbox zoe = mail.addMailbox("zoe@fabrikam.example");
        scans.create(Scan.started("acct-1", SCAN, FakeMicrosoft.TENANT, ScanKind.FIRST,
                clock.instant().minus(Duration.ofDays(30)), clock.instant(), clock.instant(), 1));
        for (int i = 0; i < 3; i++) {
            threats.add(threat("acct-1", adele, mail.deliver(adele.id(), clock.instant().minusSeconds(100 + i), "PHISH")));
        }
        theirs = threat("acct-2", zoe, mail.deliver(zoe.id(), clock.instant().minusSeconds(50), "PHISH"));
    }

    private String signedIn(String accountId, String email, String tenant) {
        accounts.create(Account.signedUp(accountId, email, "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById(accountId).orElseThrow().withTenant(tenant, List.of("contoso.example")));
        return "mm_session=" + sessions.issue(accountId).token();
    }

    private Detection threat(String accountId, Mailbox box, FakeMailboxes.Message message) {
        Detection d = new Detection(accountId, Detection.idFor(box.id(), message.id), accountId.equals("acct-1") ? SCAN : null,
                DetectionSource.SCAN, box.id(), box.mail(), message.id, "<x@evil.example>", "ceo@evil.example", "CEO",
                "Wire today", message.received, mail.inboxOf(box.id()), ThreatLevel.MALICIOUS, 12, Set.of("BEC"), List.of(),
                DetectionStatus.DETECTED, clock.instant());
        detections.putIfAbsent(d);
        return d;
    }

    private APIGatewayV2HTTPResponse post(String body, String cookie) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-remove-threats.json");
        event.setBody(body);
        event.setCookies(List.of(cookie));
        return handler.handleRequest(event, null);
    }

    private APIGatewayV2HTTPResponse call(String method, String route, Map<String, String> path, String body, String cookie) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample(method.equals("GET")
                ? "ConsoleApiFunction-remediations.json" : "ConsoleApiFunction-remove-threats.json");
        event.setRouteKey(method + " " + route);
        event.getRequestContext().getHttp().setMethod(method);
        event.setPathParameters(path);
        event.setBody(body);
        event.setCookies(List.of(cookie));
        return handler.handleRequest(event, null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String ids(Detection... selected) {
        return String.join(",", java.util.Arrays.stream(selected).map(d -> "\"" + d.detectionId() + "\"").toList());
    }

    @Test
    void withoutConfirmationNothingHappens() {
        for (String body : List.of("{\"action\":\"REMOVE\",\"scanId\":\"" + SCAN + "\"}",
                "{\"action\":\"REMOVE\",\"scanId\":\"" + SCAN + "\",\"confirm\":false}",
                "{\"action\":\"REMOVE\",\"scanId\":\"" + SCAN + "\",\"confirm\":\"true\"}")) {
            APIGatewayV2HTTPResponse response = post(body, mine);
            assertThat(response.getStatusCode()).as(body).isEqualTo(400);
            assertThat(json(response).path("error").asText()).isEqualTo("confirmation_required");
        }
        assertThat(queue.sent).isEmpty();
        assertThat(jobs.recent("acct-1", 10)).isEmpty();
    }

    @Test
    void malformedSelectionsAre400WithTheFieldNamed() {
        Map<String, String> cases = Map.of(
                "{\"action\":\"REMOVE\",\"detectionIds\":[],\"confirm\":true}", "detectionIds",
                "{\"action\":\"REMOVE\",\"confirm\":true}", "detectionIds",
                "{\"action\":\"REMOVE\",\"detectionIds\":[\"a\"],\"scanId\":\"" + SCAN + "\",\"confirm\":true}", "scanId",
                "{\"action\":\"DELETE\",\"scanId\":\"" + SCAN + "\",\"confirm\":true}", "action",
                "{\"action\":\"REMOVE\",\"detectionIds\":[1,2],\"confirm\":true}", "detectionIds",
                "{\"action\":\"REMOVE\",\"detectionIds\":\"abc\",\"confirm\":true}", "detectionIds");
        cases.forEach((body, field) -> {
            APIGatewayV2HTTPResponse response = post(body, mine);
            assertThat(response.getStatusCode()).as(body).isEqualTo(400);
            assertThat(response.getBody()).as(body).contains("\"field\":\"" + field + "\"");
        });
        assertThat(queue.sent).isEmpty();
    }

    @Test
    void anotherAccountsDetectionIdsAre404AndNothingIsTouched() {
        APIGatewayV2HTTPResponse response = post("{\"action\":\"REMOVE\",\"detectionIds\":[" + ids(threats.get(0), theirs)
                + "],\"confirm\":true}", mine);
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).doesNotContain(theirs.detectionId()); // ids are not repeated back
        // An id that cannot be ours is unknown without a lookup.
        assertThat(post("{\"action\":\"REMOVE\",\"detectionIds\":[\"a/b\"],\"confirm\":true}", mine).getStatusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/api/remediations/{id}", Map.of("id", "x".repeat(3000)), null, mine).getStatusCode())
                .isEqualTo(404);
        assertThat(queue.sent).isEmpty();
        assertThat(jobs.recent("acct-1", 10)).isEmpty();
        assertThat(detections.find("acct-2", theirs.detectionId()).orElseThrow().status()).isEqualTo(DetectionStatus.DETECTED);
        // Nor may they use our scan id.
        assertThat(post("{\"action\":\"REMOVE\",\"scanId\":\"" + SCAN + "\",\"confirm\":true}", other).getStatusCode())
                .isEqualTo(404);
    }

    private JsonNode preview(String sender, String cookie) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-remediations.json");
        event.setRouteKey("GET /api/remediations/preview");
        event.setQueryStringParameters(sender == null ? null : Map.of("sender", sender));
        event.setCookies(List.of(cookie));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        JsonNode body = json(response);
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_status", response.getStatusCode());
        return body;
    }

    /** Audit 7: "remove all from this sender": counted first, then one job over every scan, this account only. */
    @Test
    void everyWaitingMessageFromOneSenderIsCountedThenRemovedInOneJob() {
        String adele = threats.get(0).mailboxId();
        FakeMailboxes.Message message = mail.deliver(adele, clock.instant().minusSeconds(10), "PHISH");
        Detection realTime = new Detection("acct-1", Detection.idFor(adele, message.id), null, DetectionSource.REAL_TIME,
                adele, threats.get(0).mailbox(), message.id,
                "<rt@evil.example>", "CEO@evil.example", "CEO", "Still waiting?", message.received, mail.inboxOf(adele),
                ThreatLevel.MALICIOUS, 12, Set.of("BEC"), List.of(), DetectionStatus.DETECTED, clock.instant());
        detections.putIfAbsent(realTime);

        JsonNode counted = preview("ceo@EVIL.example", mine);
        assertThat(counted.path("_status").asInt()).isEqualTo(200);
        assertThat(counted.path("total").asInt()).as("the scan's three and the real-time one; not the other account's")
                .isEqualTo(4);
        assertThat(preview("", mine).path("_status").asInt()).isEqualTo(400);
        assertThat(preview(null, mine).path("details").get(0).path("field").asText()).isEqualTo("sender");

        assertThat(post("{\"action\":\"RELEASE\",\"sender\":\"ceo@evil.example\",\"confirm\":true}", mine)
                .getBody()).contains("\"field\":\"action\"");
        assertThat(post("{\"action\":\"REMOVE\",\"sender\":\"ceo@evil.example\",\"scanId\":\"" + SCAN
                + "\",\"confirm\":true}", mine).getBody()).contains("\"field\":\"sender\"");
        assertThat(post("{\"action\":\"REMOVE\",\"sender\":\"ceo@evil.example\"}", mine).getStatusCode())
                .as("confirmation first").isEqualTo(400);
        assertThat(queue.sent).isEmpty();

        APIGatewayV2HTTPResponse created = post("{\"action\":\"REMOVE\",\"sender\":\"ceo@evil.example\",\"confirm\":true}", mine);
        assertThat(created.getStatusCode()).isEqualTo(202);
        assertThat(json(created).path("total").asInt()).isEqualTo(4);
        assertThat(queue.sent).hasSize(4).noneMatch(work -> work.accountId().equals("acct-2"));
        for (RemediationWork work : queue.drain()) {
            worker.process(work);
        }
        assertThat(detections.find("acct-1", realTime.detectionId()).orElseThrow().status()).isEqualTo(DetectionStatus.REMOVED);
        assertThat(detections.find("acct-2", theirs.detectionId()).orElseThrow().status()).isEqualTo(DetectionStatus.DETECTED);

        assertThat(preview("ceo@evil.example", mine).path("total").asInt()).isZero();
        APIGatewayV2HTTPResponse again = post("{\"action\":\"REMOVE\",\"sender\":\"ceo@evil.example\",\"confirm\":true}", mine);
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(json(again).path("details").path("message").asText()).startsWith("No message from this sender is waiting");
    }

    private JsonNode previewQuarantine(String value, String cookie) {
        APIGatewayV2HTTPEvent event = SampleEvents.httpSample("ConsoleApiFunction-remediations.json");
        event.setRouteKey("GET /api/remediations/preview");
        event.setQueryStringParameters(Map.of("inQuarantine", value));
        event.setCookies(List.of(cookie));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        JsonNode body = json(response);
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_status", response.getStatusCode());
        return body;
    }

    /** "Release them all first" (offboarding) and Detections' "Release all": counted, then one job, this account only. */
    @Test
    void everythingInQuarantineIsCountedThenReleasedInOneJobThatASecondRequestJoins() {
        String release = "{\"action\":\"RELEASE\",\"inQuarantine\":true,\"confirm\":true}";
        assertThat(previewQuarantine("true", mine).path("total").asInt()).as("nothing removed yet").isZero();
        APIGatewayV2HTTPResponse empty = post(release, mine);
        assertThat(empty.getStatusCode()).isEqualTo(409);
        assertThat(json(empty).path("error").asText()).isEqualTo("nothing_to_do");
        assertThat(json(empty).path("details").path("message").asText()).startsWith("Nothing is in quarantine");

        post("{\"action\":\"REMOVE\",\"detectionIds\":[" + ids(threats.get(0), threats.get(1)) + "],\"confirm\":true}", mine);
        assertThat(post("{\"action\":\"REMOVE\",\"detectionIds\":[" + ids(theirs) + "],\"confirm\":true}", other)
                .getStatusCode()).isEqualTo(202);
        queue.drain().forEach(worker::process);

        JsonNode counted = previewQuarantine("true", mine);
        assertThat(counted.path("_status").asInt()).isEqualTo(200);
        assertThat(counted.path("action").asText()).isEqualTo("RELEASE");
        assertThat(counted.path("total").asInt()).as("our two; not the other account's").isEqualTo(2);
        assertThat(counted.path("more").asBoolean()).isFalse();
        assertThat(counted.path("max").asInt()).isEqualTo(RemediationRequests.MAX_IN_QUARANTINE);
        assertThat(previewQuarantine("yes", mine).path("_status").asInt()).isEqualTo(400);

        Map<String, String> refused = Map.of(
                "{\"action\":\"REMOVE\",\"inQuarantine\":true,\"confirm\":true}", "action",
                "{\"action\":\"RELEASE\",\"inQuarantine\":false,\"confirm\":true}", "inQuarantine",
                "{\"action\":\"RELEASE\",\"inQuarantine\":\"true\",\"confirm\":true}", "inQuarantine",
                "{\"action\":\"RELEASE\",\"inQuarantine\":true,\"scanId\":\"" + SCAN + "\",\"confirm\":true}", "inQuarantine");
        refused.forEach((body, field) -> {
            APIGatewayV2HTTPResponse response = post(body, mine);
            assertThat(response.getStatusCode()).as(body).isEqualTo(400);
            assertThat(response.getBody()).as(body).contains("\"field\":\"" + field + "\"");
        });
        assertThat(post("{\"action\":\"RELEASE\",\"inQuarantine\":true}", mine).getBody())
                .as("confirmation first").contains("confirmation_required");
        assertThat(queue.sent).as("nothing queued by a refused request").hasSize(3);

        APIGatewayV2HTTPResponse first = post(release, mine);
        APIGatewayV2HTTPResponse second = post(release, mine);
        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(json(first).path("total").asInt()).isEqualTo(2);
        assertThat(json(first).path("inQuarantine").asBoolean()).isTrue();
        assertThat(json(first).path("moreInQuarantine").asBoolean()).isFalse();
        assertThat(json(first).path("joined").asBoolean()).isFalse();
        assertThat(second.getStatusCode()).isEqualTo(202);
        assertThat(json(second).path("joined").asBoolean()).as("the running job is followed, not a second started").isTrue();
        String id = json(first).path("id").asText();
        assertThat(json(second).path("id").asText()).isEqualTo(id);
        List<RemediationWork> items = queue.drain();
        assertThat(items).extracting(RemediationWork::detectionId).as("each of ours once")
                .containsExactlyInAnyOrder(threats.get(0).detectionId(), threats.get(1).detectionId());
        items.forEach(worker::process);

        JsonNode done = json(call("GET", "/api/remediations/{id}", Map.of("id", id), null, mine));
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("action").asText()).isEqualTo("RELEASE");
        assertThat(done.path("inQuarantine").asBoolean()).isTrue();
        assertThat(done.path("done").asInt()).isEqualTo(2);
        for (Detection threat : List.of(threats.get(0), threats.get(1))) {
            assertThat(detections.find("acct-1", threat.detectionId()).orElseThrow().status()).isEqualTo(DetectionStatus.RELEASED);
            assertThat(mail.folderOf(threat.mailboxId(), threat.messageId())).isEqualTo(threat.folderId());
        }
        assertThat(detections.find("acct-2", theirs.detectionId()).orElseThrow().status()).isEqualTo(DetectionStatus.REMOVED);
        assertThat(previewQuarantine("true", mine).path("total").asInt()).isZero();
        assertThat(previewQuarantine("true", other).path("total").asInt()).isEqualTo(1);
        assertThat(post(release, mine).getStatusCode()).isEqualTo(409);
    }

    @Test
    void theMailboxesWithAQuarantineFolderTheirUsersCanSeeAreListedForTheirAccountOnly() {
        JsonNode none = json(call("GET", "/api/quarantine/folders", null, null, mine));
        assertThat(none.path("visible").asInt()).isZero();
        assertThat(none.path("mailboxes")).isEmpty();

        jobs.sawQuarantineFolder("acct-1", "mbx-adele", "adele@contoso.example", true, clock.instant());
        jobs.sawQuarantineFolder("acct-1", "mbx-ben", "ben@contoso.example", false, clock.instant());
        jobs.sawQuarantineFolder("acct-2", "mbx-zoe", "zoe@fabrikam.example", true, clock.instant());
        JsonNode ours = json(call("GET", "/api/quarantine/folders", null, null, mine));
        assertThat(ours.path("visible").asInt()).isEqualTo(1);
        assertThat(ours.path("atLeast").asBoolean()).isFalse();
        assertThat(ours.path("mailboxes").findValuesAsText("mailbox")).containsExactly("adele@contoso.example");
        assertThat(ours.path("mailboxes").get(0).path("seenAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(json(call("GET", "/api/quarantine/folders", null, null, other)).path("mailboxes")
                .findValuesAsText("mailbox")).containsExactly("zoe@fabrikam.example");
    }

    @Test
    void aConfirmedRemovalIs202WithTheJobThatTheConsoleThenWatches() {
        APIGatewayV2HTTPResponse created = post("{\"action\":\"REMOVE\",\"scanId\":\"" + SCAN + "\",\"confirm\":true}", mine);
        assertThat(created.getStatusCode()).isEqualTo(202);
        JsonNode body = json(created);
        String id = body.path("id").asText();
        assertThat(body.path("total").asInt()).isEqualTo(3);
        assertThat(queue.sent).hasSize(3);

        JsonNode running = json(call("GET", "/api/remediations/{id}", Map.of("id", id), null, mine));
        assertThat(running.path("status").asText()).isEqualTo("RUNNING");
        assertThat(running.path("action").asText()).isEqualTo("REMOVE");
        assertThat(running.path("requestedBy").asText()).isEqualTo("admin@contoso.example");
        assertThat(running.path("done").asInt()).isZero();

        mail.delete(threats.get(2).mailboxId(), threats.get(2).messageId());
        for (RemediationWork work : queue.drain()) {
            worker.process(work);
        }
        JsonNode done = json(call("GET", "/api/remediations/{id}", Map.of("id", id), null, mine));
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("total").asInt()).isEqualTo(3);
        assertThat(done.path("done").asInt()).isEqualTo(2);
        assertThat(done.path("alreadyGone").asInt()).isEqualTo(1);
        assertThat(done.path("failed").asInt()).isZero();
        assertThat(done.path("failures").isArray()).isTrue();
        assertThat(done.path("finishedAt").asText()).isNotBlank();
        assertThat(json(call("GET", "/api/remediations", null, null, mine)).path("items").get(0).path("id").asText())
                .isEqualTo(id);
        assertThat(json(call("GET", "/api/remediations/current", null, null, mine)).path("id").asText()).isEqualTo(id);
        // Not visible to another account.
        assertThat(call("GET", "/api/remediations/{id}", Map.of("id", id), null, other).getStatusCode()).isEqualTo(404);
        assertThat(json(call("GET", "/api/remediations", null, null, other)).path("items")).isEmpty();

        // The detection says what happened, who did it, when, and where the message is now.
        JsonNode detection = json(call("GET", "/api/detections/{id}", Map.of("id", threats.get(0).detectionId()), null, mine));
        assertThat(detection.path("status").asText()).isEqualTo("REMOVED");
        assertThat(detection.path("folderId").asText()).isNotEqualTo(threats.get(0).folderId());
        assertThat(detection.path("originalFolderId").asText()).isEqualTo(threats.get(0).folderId());
        assertThat(detection.path("history").get(0).path("action").asText()).isEqualTo("REMOVE");
        assertThat(detection.path("history").get(0).path("by").asText()).isEqualTo("admin@contoso.example");
        assertThat(detection.path("history").get(0).path("jobId").asText()).isEqualTo(id);
        assertThat(detection.path("history").get(0).path("at").asText()).isNotBlank();

        // Repeating the same request moves nothing.
        APIGatewayV2HTTPResponse again = post("{\"action\":\"REMOVE\",\"scanId\":\"" + SCAN + "\",\"confirm\":true}", mine);
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(json(again).path("error").asText()).isEqualTo("nothing_to_do");
        assertThat(queue.drain()).isEmpty();

        // Release one.
        APIGatewayV2HTTPResponse release = post("{\"action\":\"RELEASE\",\"detectionIds\":[" + ids(threats.get(0))
                + "],\"confirm\":true}", mine);
        assertThat(release.getStatusCode()).isEqualTo(202);
        queue.drain().forEach(worker::process);
        JsonNode released = json(call("GET", "/api/detections/{id}", Map.of("id", threats.get(0).detectionId()), null, mine));
        assertThat(released.path("status").asText()).isEqualTo("RELEASED");
        assertThat(released.path("folderId").asText()).isEqualTo(threats.get(0).folderId());
    }

    @Test
    void theSameRemovalSubmittedTwiceWhileItRunsAnswersTheRunningJobMarkedJoined() {
        String body = "{\"action\":\"REMOVE\",\"detectionIds\":[" + ids(threats.get(0)) + "],\"confirm\":true}";
        APIGatewayV2HTTPResponse first = post(body, mine);
        APIGatewayV2HTTPResponse second = post(body, mine);

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(json(first).path("joined").asBoolean()).isFalse();
        assertThat(second.getStatusCode()).isEqualTo(202);
        assertThat(json(second).path("joined").asBoolean()).isTrue();
        assertThat(json(second).path("id").asText()).isEqualTo(json(first).path("id").asText());
        assertThat(queue.sent).as("the message is queued once").hasSize(1);
        assertThat(jobs.recent("acct-1", 10)).hasSize(1);
    }

    @Test
    void noRemediationYetIs404ForCurrent() {
        assertThat(call("GET", "/api/remediations/current", null, null, mine).getStatusCode()).isEqualTo(404);
    }

    @Test
    void notificationsComeNewestFirstWithReadStateAndTheUnreadCount() {
        for (int i = 0; i < 3; i++) {
            notices.save(new InAppNotification("n-" + i, "acct-1", NotificationKind.REMEDIATION_COMPLETE, "Threats removed",
                    "Moved " + i, clock.instant().plusSeconds(i)));
        }
        notices.save(new InAppNotification("n-theirs", "acct-2", NotificationKind.TRIAL_ENDING, "Trial", "Ends",
                clock.instant()));
        JsonNode list = json(call("GET", "/api/notifications", null, null, mine));
        assertThat(list.path("unread").asInt()).isEqualTo(3);
        assertThat(list.path("notifications").findValuesAsText("id")).containsExactly("n-2", "n-1", "n-0");
        assertThat(list.path("notifications").get(0).path("read").asBoolean()).isFalse();

        APIGatewayV2HTTPResponse read = call("POST", "/api/notifications/{id}/read", Map.of("id", "n-1"), "{}", mine);
        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(json(read).path("unread").asInt()).isEqualTo(2);
        assertThat(call("POST", "/api/notifications/{id}/read", Map.of("id", "n-theirs"), "{}", mine).getStatusCode())
                .isEqualTo(404);
        assertThat(call("POST", "/api/notifications/{id}/read", Map.of("id", "nope"), "{}", mine).getStatusCode())
                .isEqualTo(404);
        JsonNode all = json(call("POST", "/api/notifications/read-all", null, "{}", mine));
        assertThat(all.path("unread").asInt()).isZero();
        assertThat(json(call("GET", "/api/notifications", null, null, mine)).path("notifications").findValuesAsText("read"))
                .containsOnly("true");
        assertThat(json(call("GET", "/api/notifications", null, null, other)).path("unread").asInt()).isEqualTo(1);
    }

    @Test
    void brandingIsValidatedStoredAndShownWithTheAccount() {
        APIGatewayV2HTTPResponse ok = call("PUT", "/api/account/branding", null,
                "{\"logoUrl\":\"https://contoso.example/logo.png\",\"accentColor\":\"#0F6CBD\"}", mine);
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(json(ok).path("accentColor").asText()).isEqualTo("#0F6CBD");
        JsonNode account = json(call("GET", "/api/account", null, null, mine));
        assertThat(account.path("branding").path("logoUrl").asText()).isEqualTo("https://contoso.example/logo.png");
        assertThat(account.path("trialDaysLeft").asInt()).isEqualTo(30);
        assertThat(json(call("GET", "/api/account", null, null, other)).path("branding").path("logoUrl").isNull()).isTrue();

        APIGatewayV2HTTPResponse bad = call("PUT", "/api/account/branding", null,
                "{\"logoUrl\":\"javascript:alert(1)\",\"accentColor\":\"red\"}", mine);
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(bad.getBody()).contains("\"field\":\"logoUrl\"").contains("\"field\":\"accentColor\"");
        assertThat(call("PUT", "/api/account/branding", null, "{\"logoUrl\":\"http://contoso.example/x.png\"}", mine)
                .getStatusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/account/branding", null, "{\"logoUrl\":\"https://x.example/" + "a".repeat(490) + "\"}",
                mine).getStatusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/account/branding", null, "{\"logoUrl\":42}", mine).getStatusCode()).isEqualTo(400);
        assertThat(json(call("GET", "/api/account", null, null, mine)).path("branding").path("accentColor").asText())
                .isEqualTo("#0F6CBD");

        APIGatewayV2HTTPResponse cleared = call("PUT", "/api/account/branding", null,
                "{\"logoUrl\":null,\"accentColor\":null}", mine);
        assertThat(cleared.getStatusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/api/account", null, null, mine)).path("branding").path("logoUrl").isNull()).isTrue();
    }

    @Test
    void aRemovalWhoseMessagesCannotBeQueuedIs503AndLeavesNoJobRunning() {
        queueDown = true;
        APIGatewayV2HTTPResponse refused = post("{\"action\":\"REMOVE\",\"scanId\":\"" + SCAN + "\",\"confirm\":true}", mine);
        assertThat(refused.getStatusCode()).isEqualTo(503);
        assertThat(json(refused).path("error").asText()).isEqualTo("unavailable");
        assertThat(json(refused).path("details").asText()).contains("no message was moved");
        assertThat(jobs.recent("acct-1", 10)).singleElement()
                .satisfies(job -> assertThat(job.status()).isEqualTo(JobStatus.COMPLETED));

        queueDown = false;
        assertThat(post("{\"action\":\"REMOVE\",\"scanId\":\"" + SCAN + "\",\"confirm\":true}", mine).getStatusCode())
                .as("asked again").isEqualTo(202);
        assertThat(queue.sent).hasSize(3);
    }
}
