package com.mailmoat.adapters.aws.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.core.detection.Detection;
import com.mailmoat.core.detection.DetectionEvent;
import com.mailmoat.core.detection.DetectionPage;
import com.mailmoat.core.detection.DetectionQuery;
import com.mailmoat.core.detection.DetectionSource;
import com.mailmoat.core.detection.DetectionStatus;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.validation.InvalidInputException;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Detections against DynamoDB Local: stored once, paged newest first, filtered, never across accounts. */
class DynamoDetectionRepositoryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static String table;
    private final DynamoDetectionRepository detections = new DynamoDetectionRepository(LocalDynamoDb.client(), table);

    @BeforeAll
    static void tables() {
        table = LocalDynamoDb.tables().get("DetectionsTable");
    }

    private static String unique(String name) {
        return name + "-" + System.nanoTime();
    }

    private static Detection detection(String account, String scan, int i, ThreatLevel level, String subject, String sender) {
        String messageId = "AAMkAGI2THVSAAA=" + i;
        // The last few arrived in real time; the rest were found by the scan.
        return new Detection(account, Detection.idFor("mbx-" + (i % 3), messageId), scan,
                i >= 20 ? DetectionSource.REAL_TIME : DetectionSource.SCAN,
                "mbx-" + (i % 3), "user" + (i % 3) + "@contoso.example", messageId, "<" + i + "@x>", sender, "Sender " + i,
                subject, NOW.minus(Duration.ofHours(i)), "inbox-id", level, level == ThreatLevel.MALICIOUS ? 12 : 5,
                level == ThreatLevel.MALICIOUS ? Set.of("MALWARE", "PHISHING") : Set.of("SPAM"),
                List.of(new Evidence("url", "URL_IP_LITERAL", "Links to a bare IP address", "http://203.0.113.9/x", 4.5)),
                DetectionStatus.DETECTED, NOW);
    }

    @Test
    void aDetectionIsStoredOnceAndReadBackWhole() {
        String account = unique("acct");
        Detection d = detection(account, "s1", 1, ThreatLevel.MALICIOUS, "Invoice overdue", "billing@evil.example");
        assertThat(detections.putIfAbsent(d)).isTrue();
        assertThat(detections.putIfAbsent(d)).isFalse();
        assertThat(detections.find(account, d.detectionId())).contains(d);
        assertThat(detections.find(unique("other"), d.detectionId())).isEmpty();
    }

    @Test
    void searchPagesNewestFirstThroughEveryItemWithFiltersAndText() {
        String account = unique("acct");
        for (int i = 0; i < 23; i++) {
            detections.putIfAbsent(detection(account, i < 20 ? "s1" : "s2", i, i % 2 == 0 ? ThreatLevel.MALICIOUS : ThreatLevel.SUSPICIOUS,
                    i == 7 ? "Your Microsoft password expires" : "Invoice " + i, i == 9 ? "ceo@lookalike.example" : "billing@evil.example"));
        }
        detections.putIfAbsent(detection(unique("other"), "s1", 1, ThreatLevel.MALICIOUS, "Invoice 1", "billing@evil.example"));

        List<Detection> all = new ArrayList<>();
        String cursor = null;
        do {
            DetectionPage page = detections.search(account, new DetectionQuery(5, cursor, null, null, null, null, null, null, null, null, null));
            assertThat(page.items().size()).isLessThanOrEqualTo(5);
            all.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        assertThat(all).hasSize(23).extracting(Detection::receivedAt).isSortedAccordingTo((a, b) -> b.compareTo(a));

        assertThat(detections.search(account, new DetectionQuery(50, null, ThreatLevel.MALICIOUS, null, null, null, null, null, null, null, null)).items())
                .hasSize(12).allSatisfy(d -> assertThat(d.level()).isEqualTo(ThreatLevel.MALICIOUS));
        assertThat(detections.search(account, new DetectionQuery(50, null, null, "malware", null, null, null, null, null, null, null)).items()).hasSize(12);
        assertThat(detections.search(account, new DetectionQuery(50, null, null, null, null, null, null, "PASSWORD", null, null, null)).items())
                .singleElement().satisfies(d -> assertThat(d.subject()).contains("password"));
        assertThat(detections.search(account, new DetectionQuery(50, null, null, null, null, null, "lookalike", null, null, null, null)).items()).hasSize(1);
        assertThat(detections.search(account, new DetectionQuery(50, null, null, null, null, "USER1@contoso.example", null, null, null, null, null)).items())
                .allSatisfy(d -> assertThat(d.mailbox()).isEqualTo("user1@contoso.example")).isNotEmpty();
        assertThat(detections.search(account, new DetectionQuery(50, null, null, null, null, null, null, null, null, null, "s2")).items()).hasSize(3);
        assertThat(detections.search(account, new DetectionQuery(50, null, null, null, DetectionStatus.REMOVED, null, null, null, null, null, null)).items()).isEmpty();
        assertThat(detections.search(account, new DetectionQuery(50, null, null, null, null, null, null, null,
                NOW.minus(Duration.ofHours(5)), NOW.minus(Duration.ofHours(2)), null)).items()).hasSize(4);
        assertThat(detections.forScan(account, "s1")).hasSize(20);
        assertThat(detections.search(account, new DetectionQuery(50, null, null, null, null, null, null, null, null, null, null,
                DetectionSource.REAL_TIME)).items()).hasSize(3).allSatisfy(d -> assertThat(d.source()).isEqualTo(DetectionSource.REAL_TIME));
        assertThat(detections.search(account, new DetectionQuery(50, null, ThreatLevel.MALICIOUS, null, null, null, null, null,
                null, null, null, DetectionSource.SCAN)).items()).hasSize(10);
    }

    @Test
    void aNextPageIsOfferedOnlyWhenSomethingIsOnIt() {
        String account = unique("acct");
        for (int i = 0; i < 10; i++) {
            detections.putIfAbsent(detection(account, "s1", i, ThreatLevel.MALICIOUS, "Invoice " + i, "billing@evil.example"));
        }
        // Older ones the filter leaves out: DynamoDB reads past them, and they must not make a next page either.
        for (int i = 10; i < 40; i++) {
            detections.putIfAbsent(detection(account, "s1", i, ThreatLevel.SUSPICIOUS, "Newsletter " + i, "news@ads.example"));
        }

        DetectionPage exactlyAll = detections.search(account, new DetectionQuery(10, null, ThreatLevel.MALICIOUS, null, null, null, null, null, null, null, null));
        assertThat(exactlyAll.items()).hasSize(10);
        assertThat(exactlyAll.nextCursor()).isEmpty();

        DetectionPage first = detections.search(account, new DetectionQuery(5, null, ThreatLevel.MALICIOUS, null, null, null, null, null, null, null, null));
        assertThat(first.items()).hasSize(5);
        DetectionPage second = detections.search(account, new DetectionQuery(5, first.nextCursor().orElseThrow(), ThreatLevel.MALICIOUS, null, null, null, null, null, null, null, null));
        assertThat(second.items()).hasSize(5).doesNotContainAnyElementsOf(first.items());
        assertThat(second.nextCursor()).as("the last full page leads nowhere").isEmpty();

        DetectionPage wholeAccount = detections.search(account, new DetectionQuery(40, null, null, null, null, null, null, null, null, null, null));
        assertThat(wholeAccount.items()).hasSize(40);
        assertThat(wholeAccount.nextCursor()).isEmpty();
    }

    @Test
    void timesWithAndWithoutAFractionOfASecondSortAndFilterInTimeOrder() {
        String account = unique("acct");
        Detection onTheSecond = detection(account, "s1", 0, ThreatLevel.MALICIOUS, "On the second", "a@evil.example");
        Detection halfASecondLater = withReceivedAt(detection(account, "s1", 1, ThreatLevel.MALICIOUS, "Half a second later",
                "b@evil.example"), NOW.plusMillis(500));
        Detection aSecondLater = withReceivedAt(detection(account, "s1", 2, ThreatLevel.MALICIOUS, "A second later",
                "c@evil.example"), NOW.plusSeconds(1));
        List.of(onTheSecond, halfASecondLater, aSecondLater).forEach(detections::putIfAbsent);

        assertThat(detections.search(account, new DetectionQuery(50, null, null, null, null, null, null, null, null, null, null))
                .items()).extracting(Detection::subject).containsExactly("A second later", "Half a second later", "On the second");
        assertThat(detections.search(account, new DetectionQuery(50, null, null, null, null, null, null, null,
                NOW.plusMillis(1), null, null)).items()).extracting(Detection::subject)
                .containsExactly("A second later", "Half a second later");
        assertThat(detections.search(account, new DetectionQuery(50, null, null, null, null, null, null, null,
                null, NOW, "s1")).items()).extracting(Detection::subject).containsExactly("On the second");
    }

    private static Detection withReceivedAt(Detection d, Instant receivedAt) {
        return new Detection(d.accountId(), d.detectionId(), d.scanId(), d.source(), d.mailboxId(), d.mailbox(), d.messageId(),
                d.internetMessageId(), d.sender(), d.senderName(), d.subject(), receivedAt, d.folderId(), d.level(), d.score(),
                d.categories(), d.reasons(), d.status(), d.detectedAt(), d.trail());
    }

    @Test
    void aDetectionStillWaitingMovesToTheLaterScanThatFoundItAgainAndASettledOneStays() {
        String account = unique("acct");
        Detection waiting = detection(account, "s1", 1, ThreatLevel.MALICIOUS, "Invoice overdue", "billing@evil.example");
        Detection released = detection(account, "s1", 2, ThreatLevel.MALICIOUS, "Invoice 2", "billing@evil.example");
        released = new Detection(released.accountId(), released.detectionId(), released.scanId(), released.source(),
                released.mailboxId(), released.mailbox(), released.messageId(), released.internetMessageId(), released.sender(),
                released.senderName(), released.subject(), released.receivedAt(), released.folderId(), released.level(),
                released.score(), released.categories(), released.reasons(), DetectionStatus.RELEASED, released.detectedAt(),
                released.trail());
        detections.putIfAbsent(waiting);
        detections.putIfAbsent(released);

        // The later scan judged it differently: it now says what that scan said, so its figures and list agree.
        Detection rejudged = new Detection(account, waiting.detectionId(), "s2", DetectionSource.SCAN, waiting.mailboxId(),
                waiting.mailbox(), waiting.messageId(), waiting.internetMessageId(), waiting.sender(), waiting.senderName(),
                waiting.subject(), waiting.receivedAt(), waiting.folderId(), ThreatLevel.SUSPICIOUS, 5.5, Set.of("SPAM"),
                List.of(new Evidence("language", "LANG_URGENCY", "Urgent payment language", "overdue", 5.5)),
                DetectionStatus.DETECTED, NOW.plus(Duration.ofDays(1)));
        assertThat(detections.moveToScan(rejudged)).isTrue();
        assertThat(detections.moveToScan(released.rejudgedBy(rejudged))).isFalse();
        assertThat(detections.moveToScan(new Detection(account, "no-such-detection", "s2", DetectionSource.SCAN, "mbx-9",
                "x@contoso.example", "m", "", "", "", "", NOW, "inbox-id", ThreatLevel.SUSPICIOUS, 5, Set.of(), List.of(),
                DetectionStatus.DETECTED, NOW))).isFalse();
        assertThat(detections.forScan(account, "s2")).singleElement().satisfies(moved -> {
            assertThat(moved.detectionId()).isEqualTo(waiting.detectionId());
            assertThat(moved.level()).isEqualTo(ThreatLevel.SUSPICIOUS);
            assertThat(moved.score()).isEqualTo(5.5);
            assertThat(moved.categories()).containsExactly("SPAM");
            assertThat(moved.reasons()).extracting(Evidence::rule).containsExactly("LANG_URGENCY");
            assertThat(moved.detectedAt()).as("when it was first found").isEqualTo(NOW);
            assertThat(moved.status()).isEqualTo(DetectionStatus.DETECTED);
        });
        assertThat(detections.search(account, new DetectionQuery(50, null, ThreatLevel.MALICIOUS, null, null, null, null, null,
                null, null, "s2")).items()).as("the level filter follows the new judgement").isEmpty();
        assertThat(detections.forScan(account, "s1")).extracting(Detection::detectionId).containsExactly(released.detectionId());
        assertThat(detections.search(account, new DetectionQuery(50, null, null, null, null, null, null, null, null, null, "s2"))
                .items()).extracting(Detection::scanId).containsExactly("s2");

        // "Not a threat": marked once, with the event in its history; a settled one is left alone.
        DetectionEvent said = new DetectionEvent("NOT_A_THREAT", "DONE", "admin@contoso.example", NOW, "", null, "");
        assertThat(detections.markNotAThreat(account, waiting.detectionId(), said)).isTrue();
        assertThat(detections.markNotAThreat(account, waiting.detectionId(), said)).isFalse();
        assertThat(detections.markNotAThreat(account, released.detectionId(), said)).isFalse();
        Detection marked = detections.find(account, waiting.detectionId()).orElseThrow();
        assertThat(marked.status()).isEqualTo(DetectionStatus.NOT_A_THREAT);
        assertThat(marked.trail().history()).containsExactly(said);
        assertThat(detections.moveToScan(waiting)).as("no longer waiting").isFalse();
        assertThat(detections.find(account, waiting.detectionId()).orElseThrow().scanId()).isEqualTo("s2");
    }

    @Test
    void aCursorThatIsNotOneOfOursIsBadInput() {
        assertThatThrownBy(() -> detections.search("a", new DetectionQuery(5, "%%%not-base64", null, null, null, null, null, null, null, null, null)))
                .isInstanceOf(InvalidInputException.class);
    }
}
