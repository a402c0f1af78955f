package com.mailmoat.detect.model;

import java.util.Arrays;

/**
 * One message as the learning layer sees it: a sparse vector of hashed features (words and word
 * pairs of the subject, sender name and body, link and sender hosts, the rules that fired and a
 * few structural facts), the rules' score, and enough to name any feature again when a verdict
 * explains itself. Immutable; small (about 16 bytes per feature, a few thousand at most).
 *
 * <p>Obtained from {@link com.mailmoat.detect.DetectionEngine#assess} together with the verdict,
 * so a caller that wants to both score a message and learn from it (an administrator releasing
 * or reporting it) parses it once: keep the features, and later pass them to
 * {@link DetectionModel#learn(MessageFeatures, boolean, double)}. Features are only meaningful to
 * models of the same {@link #FORMAT feature format}; the model checks.
 */
public final class MessageFeatures {

    /**
     * Version of the feature extraction. A model trained on features of another version would
     * read them as noise, so models record the version they were trained with and refuse others.
     */
    public static final int FORMAT = 1;

    private final int[] indices;
    private final float[] values;
    private final long[] spans;
    private final String[] sources;
    private final double ruleScore;
    private final int hashBits;
    private final boolean guarded;

    MessageFeatures(int[] indices, float[] values, long[] spans, String[] sources, double ruleScore, int hashBits,
                    boolean guarded) {
        this.indices = indices;
        this.values = values;
        this.spans = spans;
        this.sources = sources;
        this.ruleScore = ruleScore;
        this.hashBits = hashBits;
        this.guarded = guarded;
    }

    /**
     * True for mail an organisation sent about itself (its own domain, its links at home, nothing
     * forged): the learning layer may add little to such mail, because word statistics learnt
     * from phish mistake a real brand's newsletters and receipts for the phish imitating them.
     */
    public boolean guarded() {
        return guarded;
    }

    /** No features (input that is not an email). */
    public static MessageFeatures empty(int hashBits) {
        return new MessageFeatures(new int[0], new float[0], new long[0], new String[] {"", "", "", ""}, 0, hashBits, false);
    }

    /** Number of distinct features. */
    public int size() {
        return indices.length;
    }

    /** The score the rules gave the message (the learning layer's offset). */
    public double ruleScore() {
        return ruleScore;
    }

    /** Bits of the feature hash these features were extracted with. */
    public int hashBits() {
        return hashBits;
    }

    /** The hashed index of feature {@code i}. */
    public int index(int i) {
        return indices[i];
    }

    /** The value of feature {@code i}. */
    public float value(int i) {
        return values[i];
    }

    /** A readable name of feature {@code i} ({@code subject:"verify account"}, {@code link host:xyz.top}). */
    public String name(int i) {
        long span = spans[i];
        int source = (int) (span >>> 48);
        int start = (int) ((span >>> 24) & 0xffffff);
        int end = (int) (span & 0xffffff);
        String kind = FeatureExtractor.kindName(source);
        String text = sources[FeatureExtractor.sourceSlot(source)];
        if (FeatureExtractor.isListSource(source)) {
            return kind + text.substring(start, end);
        }
        return kind + "\"" + text.substring(start, end) + "\"";
    }

    @Override
    public String toString() {
        return "MessageFeatures[" + indices.length + " features, rule score " + ruleScore + ", first "
                + Arrays.toString(Arrays.copyOf(indices, Math.min(5, indices.length))) + "]";
    }
}
