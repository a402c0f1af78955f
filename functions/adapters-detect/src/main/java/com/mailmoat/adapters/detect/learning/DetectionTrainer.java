package com.mailmoat.adapters.detect.learning;

import com.mailmoat.adapters.detect.EngineInspector;
import com.mailmoat.core.detection.TenantProfile;
import com.mailmoat.core.learning.FeedbackKind;
import com.mailmoat.core.learning.ModelTrainer;
import com.mailmoat.detect.Assessment;
import com.mailmoat.detect.DetectionEngine;
import com.mailmoat.detect.model.DetectionModel;
import com.mailmoat.detect.model.ModelFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core's {@link ModelTrainer} on the detection engine: the message is judged as the scan judges it
 * (same engine, same tenant context) to get its features, which the account's {@link TenantModel}
 * learns. Stored bytes that cannot be read are replaced by a fresh model (logged).
 */
public final class DetectionTrainer implements ModelTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionTrainer.class);

    private final DetectionEngine engine;
    private final DetectionModel base;

    public DetectionTrainer(DetectionEngine engine, DetectionModel base) {
        this.engine = engine;
        this.base = base;
    }

    @Override
    public Trained learn(byte[] current, byte[] mime, TenantProfile tenant, String key, FeedbackKind kind) {
        String accountId = tenant == null ? "" : String.valueOf(tenant.accountId());
        TenantModel model;
        if (current == null) {
            model = TenantModel.fresh(base, accountId);
        } else {
            try {
                model = TenantModel.fromBytes(current, base);
            } catch (ModelFormatException e) {
                LOG.warn("Account {}: stored learnt model unreadable ({}); starting a new one", accountId, e.getMessage());
                model = TenantModel.fresh(base, accountId);
            }
        }
        Assessment assessed = engine.assess(mime, EngineInspector.context(tenant), model.layer());
        model.learn(key, assessed.features(), kind, engine.rules().suspiciousAt());
        return new Trained(model.toBytes(), model.learnedFrom(), model.count(false), model.count(true));
    }
}
