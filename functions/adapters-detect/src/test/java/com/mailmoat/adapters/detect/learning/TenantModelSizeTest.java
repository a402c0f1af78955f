package com.mailmoat.adapters.detect.learning;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.learning.FeedbackKind;
import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.detect.TenantContext;
import com.mailmoat.detect.model.DetectionModel;
import com.mailmoat.detect.model.MessageFeatures;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A tenant whose administrators act on hundreds of long, wordy messages: its model still fits one
 * database item (before the bound, it grew past 400 KB after about 450 such messages and could no
 * longer be saved, so the tenant stopped learning), and what it was taught last still counts after
 * it is saved and loaded again.
 */
class TenantModelSizeTest {
    private static final DetectionEngine ENGINE = DetectionEngine.withDefaultRules();
    private static final DetectionModel BASE = DetectionModel.empty(DetectionModel.DEFAULT_HASH_BITS, 4, "no base");

    /** A message of 400 words drawn from a large vocabulary, so that nearly every word is new to the model. */
    private static byte[] wordy(Random random, int i) {
        StringBuilder body = new StringBuilder();
        for (int w = 0; w < 400; w++) {
            body.append('w').append(Integer.toString(random.nextInt(2_000_000), 36)).append(' ');
        }
        return ("From: sender" + i + "@supplier" + i + ".example\r\nTo: megan@northwind.example\r\nSubject: Batch " + i
                + " of the catalogue\r\nDate: Fri, 04 Dec 2026 09:00:00 +0000\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static MessageFeatures features(byte[] mime, DetectionModel model) {
        return ENGINE.assess(mime, TenantContext.empty(), model).features();
    }

    @Test
    void aModelTaughtHundredsOfWordyMessagesFitsOneItemAndKeepsItsLatestLesson() throws Exception {
        TenantModel model = TenantModel.fresh(BASE, "acc-wordy");
        Random random = new Random(7);
        byte[] last = null;
        for (int i = 0; i < 700; i++) {
            last = wordy(random, i);
            FeedbackKind kind = i % 2 == 0 ? FeedbackKind.RELEASED : FeedbackKind.REPORTED;
            model.learn("message-" + i, features(last, model.layer()), kind, 4);
        }
        double taught = model.layer().contribution(features(last, model.layer()), false);

        byte[] saved = model.toBytes();
        assertThat(saved.length).isLessThanOrEqualTo(TenantModel.MAX_BYTES);

        TenantModel loaded = TenantModel.fromBytes(saved, BASE);
        assertThat(loaded.learnedFrom()).isEqualTo(TenantModel.MAX_REMEMBERED);
        double afterReload = loaded.layer().contribution(features(last, loaded.layer()), false);
        // the last message was reported as a threat: the reloaded model still raises it, by most of what it did
        assertThat(taught).isGreaterThan(1.0);
        assertThat(afterReload).isGreaterThan(taught * 0.6);
    }

    @Test
    void aSmallModelIsSavedWhole() throws Exception {
        TenantModel model = TenantModel.fresh(BASE, "acc-small");
        Random random = new Random(8);
        for (int i = 0; i < 5; i++) {
            byte[] mime = wordy(random, i);
            model.learn("message-" + i, features(mime, model.layer()), FeedbackKind.REPORTED, 4);
        }
        TenantModel loaded = TenantModel.fromBytes(model.toBytes(), BASE);
        assertThat(loaded.layer().size()).isEqualTo(model.layer().size());
    }
}
