package com.mailmoat.detect.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.mailmoat.detect.Assessment;
import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.detect.Fixtures;
import com.mailmoat.detect.Reason;
import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.TrainingMail;
import com.mailmoat.detect.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The learning layer: training, contribution and explanation, file format, tenant layers, learning. */
class DetectionModelTest {

    private static final DetectionEngine ENGINE = Fixtures.ENGINE;
    private static DetectionModel model;
    private static List<TrainingMail.Labelled> unseen;

    @BeforeAll
    static void train() {
        model = TrainingMail.trainedModel(ENGINE, 12, 7L);
        unseen = TrainingMail.generate(3, 99L); // other variations of the same families
    }

    private static MessageFeatures features(byte[] mime) {
        return ENGINE.assess(mime, TenantContext.empty(), null).features();
    }

    @Nested
    class Scoring {
        @Test
        void malicious_messages_get_a_higher_content_score_than_wanted_ones() {
            double worstPhish = Double.MAX_VALUE;
            double bestHam = -Double.MAX_VALUE;
            for (TrainingMail.Labelled m : unseen) {
                double z = model.contentLogit(features(m.mime()));
                if (m.malicious()) {
                    worstPhish = Math.min(worstPhish, z);
                } else {
                    bestHam = Math.max(bestHam, z);
                }
            }
            assertThat(worstPhish).isGreaterThan(bestHam);
        }

        @Test
        void the_contribution_stays_within_the_calibrated_bounds() {
            DetectionModel.Calibration c = model.calibration();
            for (TrainingMail.Labelled m : unseen) {
                MessageFeatures f = features(m.mime());
                assertThat(model.contribution(f, false)).isBetween(-c.maxLower(), c.maxRaise());
                assertThat(model.contribution(f, true)).isLessThanOrEqualTo(Math.max(0, c.maxRaiseGuarded()));
            }
        }

        @Test
        void a_verdict_with_the_model_explains_it_as_MODEL_CONTENT_with_its_top_features() {
            byte[] phish = unseen.stream().filter(TrainingMail.Labelled::malicious).findFirst().orElseThrow().mime();
            Verdict v = ENGINE.evaluate(phish, TenantContext.builder().model(model).build());
            Reason r = v.reasons().stream().filter(x -> x.rule().equals(DetectionEngine.MODEL_RULE)).findFirst().orElseThrow();
            assertThat(r.analyzer()).isEqualTo("model");
            assertThat(r.weight()).isPositive();
            assertThat(r.evidence()).startsWith("more like malicious mail").containsAnyOf("subject:", "body:", "link host:", "rule:");
            double sum = v.reasons().stream().mapToDouble(Reason::weight).sum();
            assertThat(v.score()).isCloseTo(sum, within(0.01));
        }

        @Test
        void the_model_in_the_context_and_as_an_argument_give_the_same_verdict_and_none_means_rules_only() {
            byte[] mime = unseen.get(0).mime();
            Verdict inContext = ENGINE.evaluate(mime, TenantContext.empty().withModel(model));
            Verdict asArgument = ENGINE.evaluate(mime, TenantContext.empty(), model);
            Verdict rulesOnly = ENGINE.evaluate(mime, TenantContext.empty());
            assertThat(asArgument).isEqualTo(inContext);
            assertThat(rulesOnly.reasons()).noneMatch(r -> r.rule().equals(DetectionEngine.MODEL_RULE));
        }

        @Test
        void an_organisations_own_mail_about_itself_is_never_raised() {
            // a brand's own domain, every link at home: word statistics must not flag a real receipt
            String mime = "From: Amazon.com <shipment-tracking@amazon.com>\r\nTo: ann@contoso.com\r\n"
                    + "Subject: Verify your account: your package could not be delivered\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: text/html; charset=utf-8\r\n\r\n<p>Your mailbox password expires, verify your account to"
                    + " restore delivery of your package. <a href=\"https://www.amazon.com/gp/your-account\">Your orders</a></p>\r\n";
            Assessment a = ENGINE.assess(mime.getBytes(StandardCharsets.UTF_8), TenantContext.empty(), model);
            assertThat(a.features().guarded()).isTrue();
            assertThat(a.verdict().reasons()).noneMatch(r -> r.rule().equals(DetectionEngine.MODEL_RULE) && r.weight() > 0);
        }
    }

    @Nested
    class Bytes {
        @Test
        void a_saved_model_loads_back_to_the_same_scores() throws Exception {
            byte[] bytes = model.toBytes();
            DetectionModel loaded = DetectionModel.fromBytes(bytes);
            assertThat(loaded.fingerprint()).isEqualTo(model.fingerprint());
            assertThat(loaded.calibration()).isEqualTo(model.calibration());
            for (TrainingMail.Labelled m : unseen) {
                MessageFeatures f = features(m.mime());
                assertThat(loaded.contribution(f, false)).isCloseTo(model.contribution(f, false), within(0.01)); // tiny weights are not written
            }
            assertThat(bytes.length).isLessThan(200_000);
        }

        @Test
        void corrupted_truncated_or_foreign_bytes_are_refused_with_a_reason() {
            byte[] good = model.toBytes();
            byte[] flipped = good.clone();
            flipped[good.length / 2] ^= 0x40;
            assertThatThrownBy(() -> DetectionModel.fromBytes(flipped)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("checksum");
            assertThatThrownBy(() -> DetectionModel.fromBytes(Arrays.copyOf(good, good.length - 9)))
                    .isInstanceOf(ModelFormatException.class);
            assertThatThrownBy(() -> DetectionModel.fromBytes("not a model at all, just text".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining("magic");
            assertThatThrownBy(() -> DetectionModel.fromBytes(new byte[3])).isInstanceOf(ModelFormatException.class);
            assertThatThrownBy(() -> DetectionModel.fromBytes(null)).isInstanceOf(ModelFormatException.class);
        }

        @Test
        void another_file_version_is_refused_by_name() {
            byte[] bytes = model.toBytes();
            bytes[5] = 9; // version field, then a valid checksum again
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes, 0, bytes.length - 4);
            int c = (int) crc.getValue();
            bytes[bytes.length - 4] = (byte) (c >>> 24);
            bytes[bytes.length - 3] = (byte) (c >>> 16);
            bytes[bytes.length - 2] = (byte) (c >>> 8);
            bytes[bytes.length - 1] = (byte) c;
            assertThatThrownBy(() -> DetectionModel.fromBytes(bytes)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("version 9");
        }
    }

    @Nested
    class TenantLayers {
        @Test
        void a_layer_learns_a_tenants_verdicts_without_changing_its_base_and_saves_small() throws Exception {
            DetectionModel base = DetectionModel.fromBytes(model.toBytes());
            DetectionModel tenant = base.newLayer("tenant 42");
            // the tenant's newsletter that the base finds phishy: the administrator releases it
            String newsletter = "From: Contoso Rewards <rewards@contoso-rewards.example>\r\nTo: ann@contoso.com\r\n"
                    + "Subject: Congratulations, you have won this month's reward\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n\r\nYou have been selected as the winner of the staff draw."
                    + " Claim your prize at the front desk.\r\n";
            byte[] mime = newsletter.getBytes(StandardCharsets.UTF_8);
            Assessment before = ENGINE.assess(mime, TenantContext.empty(), tenant);
            MessageFeatures f = before.features();
            double baseBefore = base.contentLogit(f);
            double tenantBefore = tenant.contentLogit(f);
            for (int i = 0; i < 5; i++) {
                tenant.learn(f, false, 2.0);
            }
            assertThat(tenant.contentLogit(f)).isLessThan(tenantBefore);
            assertThat(base.contentLogit(f)).isEqualTo(baseBefore);
            assertThat(tenant.examples()).isEqualTo(5);

            byte[] saved = tenant.toBytes();
            assertThat(saved.length).isLessThan(8_000);
            DetectionModel reloaded = DetectionModel.fromBytes(saved, base);
            assertThat(reloaded.contentLogit(f)).isCloseTo(tenant.contentLogit(f), within(1e-5));
            assertThatThrownBy(() -> DetectionModel.fromBytes(saved)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("base model");
            DetectionModel otherBase = TrainingMail.trainedModel(ENGINE, 4, 5L);
            assertThatThrownBy(() -> DetectionModel.fromBytes(saved, otherBase)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("another base");
        }

        @Test
        void an_empty_model_contributes_nothing_until_it_learns() {
            DetectionModel empty = DetectionModel.empty(DetectionModel.DEFAULT_HASH_BITS, ENGINE.rules().suspiciousAt(), "fresh");
            TrainingMail.Labelled phish = unseen.stream().filter(TrainingMail.Labelled::malicious).findFirst().orElseThrow();
            MessageFeatures f = features(phish.mime());
            assertThat(empty.contribution(f, false)).isCloseTo(0, within(1e-9));
            for (TrainingMail.Labelled m : TrainingMail.generate(4, 3L)) {
                empty.learn(features(m.mime()), m.malicious(), 1.0);
            }
            assertThat(empty.contribution(f, false)).isPositive();
        }

        @Test
        void scoring_while_another_thread_learns_is_safe() throws Exception {
            DetectionModel tenant = model.newLayer("busy tenant");
            List<MessageFeatures> all = new ArrayList<>();
            for (TrainingMail.Labelled m : unseen) {
                all.add(features(m.mime()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> learner = pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        tenant.learn(all.get(i % all.size()), i % 2 == 0, 1.0);
                    }
                });
                Future<?> scorer = pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        assertThat(Double.isFinite(tenant.contribution(all.get(i % all.size()), false))).isTrue();
                    }
                });
                learner.get();
                scorer.get();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
