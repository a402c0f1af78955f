package com.mailmoat.core.learning;

import com.mailmoat.core.detection.TenantProfile;

/**
 * Teaches an account's model one message (the detection engine behind a port, so core needs no
 * engine types). The message is judged as the scan judges it, then learnt with its verdict until
 * the model, applied to that very message, agrees (within the model's bounds); a message it had
 * learnt before with the other verdict is re-labelled (the latest verdict wins).
 */
public interface ModelTrainer {

    /** What training produced: the new bytes and the counts the console shows. */
    record Trained(byte[] bytes, long learnedFrom, long legitimate, long malicious) {
    }

    /**
     * @param current the stored model's bytes, or null for none (or when they could not be read)
     * @param key     the message's key (a message learnt twice is counted once)
     * @param kind    the verdict and how it was given (its label is what is learnt)
     */
    Trained learn(byte[] current, byte[] mime, TenantProfile tenant, String key, FeedbackKind kind);
}
