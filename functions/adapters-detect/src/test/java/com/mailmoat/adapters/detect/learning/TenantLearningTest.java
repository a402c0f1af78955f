package com.mailmoat.adapters.detect.learning;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.adapters.detect.EngineInspector;
import com.mailmoat.core.detection.Assessment;
import com.mailmoat.core.detection.Evidence;
import com.mailmoat.core.detection.TenantProfile;
import com.mailmoat.core.detection.ThreatLevel;
import com.mailmoat.core.learning.FeedbackKind;
import com.mailmoat.core.learning.ModelTrainer;
import com.mailmoat.core.learning.StoredModel;
import com.mailmoat.core.learning.TenantModelStore;
import com.mailmoat.detect.DetectionEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Each account's learnt model, as the scan applies it: a released message's look-alikes are judged
 * lower for that account only and say why; a reported missed threat's look-alikes higher; the latest
 * verdict wins; and a model that is missing, corrupted or unreachable leaves the rules in charge.
 */
class TenantLearningTest {
    static final DetectionEngine ENGINE = DetectionEngine.withDefaultRules();
    static final TenantProfile NORTHWIND = TenantProfile.of(Set.of("northwind.example"), List.of()).withAccount("acc-northwind");
    static final TenantProfile FABRIKAM = TenantProfile.of(Set.of("fabrikam.example"), List.of()).withAccount("acc-fabrikam");

    /** A payroll "confirm your details" message the rules find SUSPICIOUS (5 points), and its variants. */
    static byte[] payroll(String greeting, String path, String id) {
        return ("From: \"Payroll Desk\" <payroll@hr-portal-updates.example>\r\nTo: megan@northwind.example\r\n"
                + "Subject: Confirm your payroll details\r\nMessage-ID: <" + id + "@hr-portal-updates.example>\r\n"
                + "Date: Fri, 04 Dec 2026 09:00:00 +0000\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + "<p>" + greeting + "</p><p>Your payroll details must be confirmed before the next payment run. Please "
                + "verify your account today to avoid suspension of your salary.</p><p><a href=\"http://hr-portal-updates"
                + ".example/" + path + "\">Confirm details</a></p><p>Payroll Desk</p>").getBytes(StandardCharsets.UTF_8);
    }

    /** A supplier-portal message the rules leave CLEAN (3.5 points), and its variants. */
    static byte[] supplier(String greeting, String when, String id) {
        return ("From: \"Office Supplies\" <orders@stationery-deals.example>\r\nTo: megan@northwind.example\r\n"
                + "Subject: Your quarterly supplies invoice\r\nMessage-ID: <" + id + "@stationery-deals.example>\r\n"
                + "Date: Fri, 04 Dec 2026 09:00:00 +0000\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + "<p>" + greeting + "</p><p>Please find the quarterly invoice for office supplies on our portal. To see it, "
                + "verify your account on the supplier portal at <a href=\"http://stationery-deals.example/portal\">"
                + "the portal</a> and settle the balance " + when + ".</p><p>Regards, Office Supplies</p>")
                .getBytes(StandardCharsets.UTF_8);
    }

    static final class MemoryStore implements TenantModelStore {
        final Map<String, StoredModel> models = new ConcurrentHashMap<>();
        final AtomicLong loads = new AtomicLong();
        volatile RuntimeException failure;

        @Override
        public Optional<StoredModel> load(String accountId) {
            if (failure != null) {
                throw failure;
            }
            loads.incrementAndGet();
            return Optional.ofNullable(models.get(accountId));
        }

        @Override
        public OptionalLong version(String accountId) {
            if (failure != null) {
                throw failure;
            }
            StoredModel m = models.get(accountId);
            return m == null ? OptionalLong.empty() : OptionalLong.of(m.version());
        }

        @Override
        public boolean save(StoredModel model, long expectedVersion) {
            StoredModel current = models.get(model.accountId());
            if ((current == null ? 0 : current.version()) != expectedVersion) {
                return false;
            }
            models.put(model.accountId(), model);
            return true;
        }

        void learn(ModelTrainer trainer, TenantProfile tenant, byte[] mime, String key, FeedbackKind kind) {
            StoredModel current = models.get(tenant.accountId());
            ModelTrainer.Trained t = trainer.learn(current == null ? null : current.bytes(), mime, tenant, key, kind);
            long version = current == null ? 1 : current.version() + 1;
            assertThat(save(new StoredModel(tenant.accountId(), t.bytes(), version, t.learnedFrom(), t.legitimate(),
                    t.malicious(), Instant.now()), version - 1)).isTrue();
        }
    }

    final MemoryStore store = new MemoryStore();
    final AtomicLong now = new AtomicLong();
    final TenantModels models = new TenantModels(store, TenantModels.emptyBase(ENGINE), 16, Duration.ofSeconds(5), now::get);
    final EngineInspector inspector = new EngineInspector(ENGINE, models);
    final DetectionTrainer trainer = new DetectionTrainer(ENGINE, models.base());

    private void later() {
        now.addAndGet(Duration.ofSeconds(6).toNanos());
    }

    @Test
    void releasingAMessageLowersItsLookAlikesForThatAccountOnlyAndSaysSo() {
        byte[] released = payroll("Hello,", "confirm", "p-1");
        byte[] lookAlike = payroll("Hello Megan,", "confirm-now", "p-2");
        assertThat(inspector.inspect(lookAlike, NORTHWIND).level()).isEqualTo(ThreatLevel.SUSPICIOUS);

        store.learn(trainer, NORTHWIND, released, "d-1", FeedbackKind.RELEASED);
        later();

        Assessment mine = inspector.inspect(lookAlike, NORTHWIND);
        Assessment theirs = inspector.inspect(lookAlike, FABRIKAM);
        assertThat(mine.level()).isEqualTo(ThreatLevel.CLEAN);
        assertThat(mine.score()).isLessThan(theirs.score());
        assertThat(mine.reasons()).extracting(Evidence::rule).contains(EngineInspector.TENANT_MODEL_RULE);
        assertThat(mine.reasons()).extracting(Evidence::message)
                .contains("Your organisation released 1 message similar to this one");
        assertThat(theirs.level()).isEqualTo(ThreatLevel.SUSPICIOUS);
        assertThat(theirs.score()).isEqualTo(5.0);
        assertThat(theirs.reasons()).extracting(Evidence::rule).doesNotContain(EngineInspector.TENANT_MODEL_RULE);
    }

    @Test
    void reportingAMissedThreatRaisesItsLookAlikesForThatAccountOnly() {
        byte[] reported = supplier("Hello,", "this week", "s-1");
        byte[] lookAlike = supplier("Hello Megan,", "by Friday", "s-2");
        assertThat(inspector.inspect(lookAlike, NORTHWIND).level()).isEqualTo(ThreatLevel.CLEAN);

        store.learn(trainer, NORTHWIND, reported, "missed-1", FeedbackKind.REPORTED);
        later();

        Assessment mine = inspector.inspect(lookAlike, NORTHWIND);
        assertThat(mine.level()).isEqualTo(ThreatLevel.SUSPICIOUS);
        assertThat(mine.reasons()).extracting(Evidence::message)
                .contains("Your organisation reported 1 message similar to this one as a threat");
        assertThat(inspector.inspect(lookAlike, FABRIKAM).level()).isEqualTo(ThreatLevel.CLEAN);
    }

    @Test
    void theLatestVerdictOnAMessageWins() {
        byte[] message = payroll("Hello,", "confirm", "p-1");
        store.learn(trainer, NORTHWIND, message, "d-1", FeedbackKind.RELEASED);
        store.learn(trainer, NORTHWIND, message, "d-1", FeedbackKind.REMOVED);
        later();

        Assessment now = inspector.inspect(payroll("Hello Megan,", "confirm-now", "p-2"), NORTHWIND);
        assertThat(now.level()).isNotEqualTo(ThreatLevel.CLEAN);
        assertThat(store.models.get("acc-northwind").learnedFrom()).isEqualTo(1);
        assertThat(store.models.get("acc-northwind").malicious()).isEqualTo(1);
    }

    @Test
    void aCorruptedMissingOrUnreachableModelLeavesTheRulesInCharge() {
        byte[] lookAlike = payroll("Hello Megan,", "confirm-now", "p-2");
        Assessment rules = new EngineInspector(ENGINE).inspect(lookAlike, NORTHWIND);

        // missing
        assertThat(inspector.inspect(lookAlike, NORTHWIND)).isEqualTo(rules);

        // corrupted: a stored model whose bytes are not a model (and the log says so)
        store.models.put("acc-northwind", new StoredModel("acc-northwind", "garbage".getBytes(StandardCharsets.UTF_8),
                7, 3, 3, 0, Instant.now()));
        later();
        String logged = stderrOf(() -> assertThat(inspector.inspect(lookAlike, NORTHWIND)).isEqualTo(rules));
        assertThat(logged).contains("acc-northwind").contains("learnt model version 7 is unreadable")
                .contains("judging by the rules alone");

        // truncated: a real model cut short
        store.learn(trainer, FABRIKAM, payroll("Hello,", "confirm", "p-1"), "d-1", FeedbackKind.RELEASED);
        byte[] whole = store.models.get("acc-fabrikam").bytes();
        store.models.put("acc-northwind", new StoredModel("acc-northwind", java.util.Arrays.copyOf(whole, whole.length / 2),
                8, 1, 1, 0, Instant.now()));
        later();
        assertThat(inspector.inspect(lookAlike, NORTHWIND)).isEqualTo(rules);

        // the store fails
        store.failure = new IllegalStateException("DynamoDB unavailable");
        later();
        assertThat(inspector.inspect(lookAlike, NORTHWIND)).isEqualTo(rules);

        // the learner starts afresh over unreadable bytes
        store.failure = null;
        ModelTrainer.Trained fresh = trainer.learn("garbage".getBytes(StandardCharsets.UTF_8), lookAlike, NORTHWIND, "d-9",
                FeedbackKind.NOT_A_THREAT);
        assertThat(fresh.learnedFrom()).isEqualTo(1);
    }

    /** What {@code action} wrote to standard error (slf4j-simple's target in tests). */
    private static String stderrOf(Runnable action) {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theCacheReReadsOnlyTheVersionUntilItChanges() {
        store.learn(trainer, NORTHWIND, payroll("Hello,", "confirm", "p-1"), "d-1", FeedbackKind.RELEASED);
        byte[] lookAlike = payroll("Hello Megan,", "confirm-now", "p-2");
        inspector.inspect(lookAlike, NORTHWIND);
        inspector.inspect(lookAlike, NORTHWIND);
        later();
        inspector.inspect(lookAlike, NORTHWIND);
        assertThat(store.loads.get()).as("one full read; then the version only").isEqualTo(1);
        store.learn(trainer, NORTHWIND, supplier("Hello,", "this week", "s-1"), "m-1", FeedbackKind.REPORTED);
        later();
        inspector.inspect(lookAlike, NORTHWIND);
        assertThat(store.loads.get()).isEqualTo(2);
    }
}
