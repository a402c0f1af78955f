package com.mailmoat.adapters.aws.learning;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.learning.Feedback;
import com.mailmoat.core.learning.FeedbackEntry;
import com.mailmoat.core.learning.FeedbackKind;
import com.mailmoat.core.learning.FeedbackLabel;
import com.mailmoat.core.learning.FeedbackStatus;
import com.mailmoat.core.learning.FeedbackStore;
import com.mailmoat.core.learning.LearningWork;
import com.mailmoat.core.learning.StoredModel;
import com.mailmoat.testkit.LocalDynamoDb;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verdicts with their audit trail and the versioned model, against DynamoDB Local. */
class DynamoLearningStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");

    private DynamoLearningStore store;
    private String account;

    @BeforeEach
    void store() {
        store = new DynamoLearningStore(LocalDynamoDb.client(), LocalDynamoDb.tables().get("LearningTable"));
        account = "acct-" + System.nanoTime();
    }

    private Feedback proposed(String key) {
        return new Feedback(account, key, key, "mbx-1", "msg-1", "<m@x.example>", FeedbackLabel.LEGITIMATE,
                FeedbackStatus.PENDING, 1, 0, List.of());
    }

    @Test
    void aLaterOppositeVerdictWinsTheSameOneOnlyExtendsTheTrail() {
        FeedbackStore.Recorded first = store.record(proposed("d-1"),
                new FeedbackEntry(FeedbackKind.RELEASED, "admin@x.example", NOW, "job-1"));
        assertThat(first.changed()).isTrue();
        assertThat(first.feedback().sequence()).isEqualTo(1);

        FeedbackStore.Recorded again = store.record(proposed("d-1"),
                new FeedbackEntry(FeedbackKind.NOT_A_THREAT, "admin@x.example", NOW.plusSeconds(5), ""));
        assertThat(again.changed()).isFalse();

        assertThat(store.update(again.feedback().withStatus(FeedbackStatus.LEARNED, 1))).isTrue();
        FeedbackStore.Recorded reversed = store.record(proposed("d-1"),
                new FeedbackEntry(FeedbackKind.REMOVED, "other@x.example", NOW.plusSeconds(10), "job-2"));
        assertThat(reversed.changed()).isTrue();

        Feedback stored = store.find(account, "d-1").orElseThrow();
        assertThat(stored.label()).isEqualTo(FeedbackLabel.MALICIOUS);
        assertThat(stored.status()).isEqualTo(FeedbackStatus.PENDING);
        assertThat(stored.sequence()).isEqualTo(2);
        assertThat(stored.learnedSequence()).isEqualTo(1);
        assertThat(stored.history()).extracting(FeedbackEntry::kind)
                .containsExactly(FeedbackKind.RELEASED, FeedbackKind.NOT_A_THREAT, FeedbackKind.REMOVED);
        assertThat(stored.latest().by()).isEqualTo("other@x.example");
        assertThat(stored.latest().jobId()).isEqualTo("job-2");

        // The learner's progress on the older verdict no longer lands.
        assertThat(store.update(first.feedback().withStatus(FeedbackStatus.LEARNED, 1))).isFalse();
        assertThat(store.recent(account, 10)).extracting(Feedback::key).containsExactly("d-1");
    }

    @Test
    void theNewestVerdictsComeFirstAndEveryNotAThreatCountsHoweverOld() {
        // Keys in the opposite order to time, so the table's own order would be wrong.
        for (int i = 0; i < 12; i++) {
            FeedbackKind kind = i % 2 == 0 ? FeedbackKind.NOT_A_THREAT : FeedbackKind.REMOVED;
            store.record(proposed("d-" + (char) ('z' - i)), new FeedbackEntry(kind, "admin@x.example", NOW.plusSeconds(i), ""));
        }
        // A whole second apart from its neighbour: Instant.toString() would write it without a fraction.
        store.record(proposed("d-a"), new FeedbackEntry(FeedbackKind.REMOVED, "admin@x.example", NOW.plusMillis(11_500), ""));
        assertThat(store.recent(account, 3)).extracting(Feedback::key).containsExactly("d-a", "d-o", "d-p");

        // Given again, the oldest verdict is the newest; reversed, a "not a threat" no longer counts.
        store.record(proposed("d-z"), new FeedbackEntry(FeedbackKind.RELEASED, "admin@x.example", NOW.plusSeconds(60), "job-1"));
        store.record(proposed("d-x"), new FeedbackEntry(FeedbackKind.REMOVED, "admin@x.example", NOW.plusSeconds(61), "job-2"));
        assertThat(store.recent(account, 2)).extracting(Feedback::key).containsExactly("d-x", "d-z");
        assertThat(store.recent(account, 100)).hasSize(13);
        assertThat(store.recent("acct-other-" + System.nanoTime(), 5)).isEmpty();

        // A reported message (no detection) is not a detection to spare.
        store.record(new Feedback(account, "reported", "", "", "", "<r@x.example>", FeedbackLabel.LEGITIMATE,
                FeedbackStatus.PENDING, 1, 0, List.of()), new FeedbackEntry(FeedbackKind.NOT_A_THREAT, "admin@x.example", NOW, ""));
        assertThat(store.legitimateDetections(account)).containsExactlyInAnyOrder("d-z", "d-v", "d-t", "d-r", "d-p");
    }

    @Test
    void onlyVerdictsStillWaitingLongAfterTheyWereGivenOrLastTakenUpAreStalled() {
        // Given long before every other test's verdicts, so the shared index lists these first.
        Instant longAgo = Instant.parse("2020-01-01T09:00:00Z");
        Instant cutoff = longAgo.plusSeconds(3600);
        FeedbackStore.Recorded learnt = store.record(proposed("d-learnt"),
                new FeedbackEntry(FeedbackKind.RELEASED, "admin@x.example", longAgo, "job-1"));
        store.record(proposed("d-stalled"), new FeedbackEntry(FeedbackKind.RELEASED, "admin@x.example", longAgo.plusSeconds(60), "job-1"));
        store.record(proposed("d-recent"), new FeedbackEntry(FeedbackKind.RELEASED, "admin@x.example", cutoff.plusSeconds(3600), "job-2"));
        assertThat(store.update(learnt.feedback().withStatus(FeedbackStatus.LEARNED, 1))).isTrue();

        assertThat(mine(store.stalled(cutoff, 100))).containsExactly(new LearningWork(account, "d-stalled"));

        // Reversed after it was learnt: waiting for the learner again.
        store.record(proposed("d-learnt"), new FeedbackEntry(FeedbackKind.REMOVED, "admin@x.example", longAgo.plusSeconds(120), "job-3"));
        assertThat(mine(store.stalled(cutoff, 100))).containsExactly(new LearningWork(account, "d-stalled"),
                new LearningWork(account, "d-learnt"));
        assertThat(mine(store.stalled(cutoff, 1))).as("oldest first, at most the limit").hasSizeLessThanOrEqualTo(1);

        // A learner takes one up: it is not idle any more; taking up a learnt one changes nothing.
        store.takenUp(account, "d-learnt", cutoff.plusSeconds(5));
        assertThat(mine(store.stalled(cutoff, 100))).containsExactly(new LearningWork(account, "d-stalled"));
        assertThat(mine(store.stalled(cutoff.plusSeconds(10), 100))).containsExactly(new LearningWork(account, "d-stalled"),
                new LearningWork(account, "d-learnt"));
        assertThat(store.update(store.find(account, "d-learnt").orElseThrow().withStatus(FeedbackStatus.LEARNED, 2))).isTrue();
        store.takenUp(account, "d-learnt", cutoff.plusSeconds(6));
        assertThat(store.find(account, "d-learnt").orElseThrow().status()).isEqualTo(FeedbackStatus.LEARNED);

        Feedback unreadable = store.find(account, "d-stalled").orElseThrow().withStatus(FeedbackStatus.UNAVAILABLE, 0);
        assertThat(store.update(unreadable)).isTrue();
        assertThat(mine(store.stalled(cutoff.plusSeconds(10), 100))).isEmpty();
    }

    private List<LearningWork> mine(List<FeedbackStore.Stalled> stalled) {
        return stalled.stream().map(FeedbackStore.Stalled::work).filter(w -> w.accountId().equals(account)).toList();
    }

    private List<Integer> requeuesOfMine(List<FeedbackStore.Stalled> stalled) {
        return stalled.stream().filter(v -> v.work().accountId().equals(account)).map(FeedbackStore.Stalled::requeues).toList();
    }

    @Test
    void requeuesAreCountedUntilAVerdictIsGivenUpWhichKeepsItsReasonUntilTheVerdictIsGivenAgain() {
        Instant longAgo = Instant.parse("2020-02-01T09:00:00Z");
        Instant cutoff = longAgo.plusSeconds(3600);
        Feedback withSubject = new Feedback(account, "d-1", "d-1", "mbx-1", "msg-1", "<m@x.example>",
                FeedbackLabel.LEGITIMATE, FeedbackStatus.PENDING, 1, 0, List.of(), "Quarterly figures", "");
        store.record(withSubject, new FeedbackEntry(FeedbackKind.RELEASED, "admin@x.example", longAgo, "job-1"));
        assertThat(requeuesOfMine(store.stalled(cutoff, 100))).containsExactly(0);

        store.requeued(account, "d-1", longAgo.plusSeconds(60));
        assertThat(mine(store.stalled(longAgo.plusSeconds(60), 100))).as("idle from its requeue").isEmpty();
        store.requeued(account, "d-1", longAgo.plusSeconds(120));
        assertThat(requeuesOfMine(store.stalled(cutoff, 100))).containsExactly(2);

        Feedback failed = store.find(account, "d-1").orElseThrow().notLearnt(FeedbackStatus.FAILED, "Could not learn it.");
        assertThat(store.update(failed)).isTrue();
        assertThat(mine(store.stalled(cutoff, 100))).as("given up: out of the index").isEmpty();
        store.requeued(account, "d-1", cutoff);
        Feedback stored = store.find(account, "d-1").orElseThrow();
        assertThat(stored.status()).isEqualTo(FeedbackStatus.FAILED);
        assertThat(stored.reason()).isEqualTo("Could not learn it.");
        assertThat(stored.subject()).isEqualTo("Quarterly figures");
        assertThat(store.recent(account, 5)).extracting(Feedback::reason).containsExactly("Could not learn it.");

        // The same verdict again: learnt anew, its count starts afresh.
        FeedbackStore.Recorded again = store.record(proposed("d-1"),
                new FeedbackEntry(FeedbackKind.NOT_A_THREAT, "admin@x.example", longAgo.plusSeconds(180), ""));
        assertThat(again.changed()).isTrue();
        assertThat(again.feedback().status()).isEqualTo(FeedbackStatus.PENDING);
        assertThat(again.feedback().reason()).isEmpty();
        assertThat(again.feedback().subject()).isEqualTo("Quarterly figures");
        assertThat(requeuesOfMine(store.stalled(cutoff, 100))).containsExactly(0);
    }

    @Test
    void theModelIsSavedOnlyOverTheVersionItWasLearntFrom() {
        assertThat(store.load(account)).isEmpty();
        assertThat(store.version(account)).isEmpty();
        assertThat(store.save(new StoredModel(account, new byte[] {1, 2, 3}, 1, 1, 1, 0, NOW), 0)).isTrue();
        assertThat(store.save(new StoredModel(account, new byte[] {9}, 1, 1, 1, 0, NOW), 0)).as("created twice").isFalse();
        assertThat(store.save(new StoredModel(account, new byte[] {4, 5}, 2, 2, 1, 1, NOW), 1)).isTrue();
        assertThat(store.save(new StoredModel(account, new byte[] {6}, 2, 2, 1, 1, NOW), 1)).as("stale").isFalse();
        StoredModel loaded = store.load(account).orElseThrow();
        assertThat(loaded.bytes()).containsExactly(4, 5);
        assertThat(loaded.version()).isEqualTo(2);
        assertThat(loaded.learnedFrom()).isEqualTo(2);
        assertThat(loaded.malicious()).isEqualTo(1);
        assertThat(loaded.updatedAt()).isEqualTo(NOW);
        assertThat(store.version(account)).hasValue(2);
        assertThat(store.load("another-" + account)).isEmpty();
    }

    @Test
    void theSenderHistoryGrowsBySetsAcrossItsShardsAndTwiceIsOnce() {
        assertThat(store.knownDomains(account)).isEmpty();
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add("supplier-" + i + ".example");
        }
        store.remember(account, many);
        store.remember(account, List.of("supplier-1.example", "fabrikam.example"));

        assertThat(store.knownDomains(account)).hasSize(301).contains("supplier-0.example", "supplier-299.example",
                "fabrikam.example");
        assertThat(store.knownDomains("another-" + account)).isEmpty();
    }
}
