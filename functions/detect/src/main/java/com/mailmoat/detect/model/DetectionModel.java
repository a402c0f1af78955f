package com.mailmoat.detect.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The learning layer: a logistic-regression model over hashed {@link MessageFeatures}, stacked
 * on the rules. It estimates the log-odds that a message is malicious as
 *
 * <pre>  z = bias + ruleScale × ruleScore + Σ weight[slot] × feature[slot]</pre>
 *
 * and contributes to the verdict, beside the rules, the part the rules did not already say, in
 * rule-score points: {@code (z − ruleScale × ruleScore) / ruleScale + offset}, bounded by
 * {@code [−maxLower, +maxRaise]} (and by {@code maxRaiseGuarded} for mail an organisation sent
 * from its own domain about its own site, where word statistics mislead most). Bounded, the model
 * can tip a message the rules found doubtful, or reassure about one they found borderline; with the
 * default bound (the SUSPICIOUS threshold) a model that is sure may make a message no rule found
 * anything in SUSPICIOUS, but never MALICIOUS alone, and it cannot clear mail with strong evidence. The
 * contribution appears in the verdict as reason {@code MODEL_CONTENT} with the features that
 * weighed most as evidence ({@link #explain}).
 *
 * <h2>Use</h2>
 * <pre>{@code
 * // load once at start (an operator's base model), fall back to rules on bad bytes
 * DetectionModel base;
 * try { base = DetectionModel.fromBytes(bytes); } catch (ModelFormatException e) { base = null; }
 *
 * // one engine for all tenants; the model travels with each evaluation
 * Verdict v = engine.evaluate(mime, TenantContext.builder().domains(...).model(base).build());
 * Verdict w = engine.evaluate(mime, ctx, tenantModel);           // same, as an argument
 *
 * // per-tenant learning: a layer over the base holds only what the tenant taught it
 * DetectionModel tenant = base.newLayer("tenant 42");
 * Assessment a = engine.assess(mime, ctx, tenant);                // verdict + features, one parse
 * tenant.learn(a.features(), false, 1.0);                          // the admin released it
 * byte[] saved = tenant.toBytes();                                 // small: the layer's own weights
 * DetectionModel again = DetectionModel.fromBytes(saved, base);    // needs the same base
 *
 * // training a base model (what "mailmoat-detect train --labels L.csv --out model.bin" does)
 * List<DetectionModel.Example> examples = new ArrayList<>();
 * examples.add(new DetectionModel.Example(engine.assess(mime, TenantContext.empty(), null).features(), true, 1.0));
 * DetectionModel trained = DetectionModel.train(examples,
 *         DetectionModel.TrainingOptions.defaults(engine.rules().suspiciousAt(), "base model, 2026-12"));
 *
 * // a tenant with no base model starts empty (it contributes nothing until it has learnt)
 * DetectionModel fresh = DetectionModel.empty(DetectionModel.DEFAULT_HASH_BITS, engine.rules().suspiciousAt(), "tenant 7");
 * }</pre>
 *
 * Learning from the features of {@link com.mailmoat.detect.Assessment} avoids parsing the message
 * twice; keep them (or the message) until the administrator's decision is known. A layer keeps at
 * most {@value #MAX_LAYER_WEIGHTS} weights; beyond that it stops adding new ones (the base still
 * applies). Never ship or share a model trained on mail that must not leave a tenant.
 *
 * <h2>Format</h2>
 * {@link #toBytes()} writes a versioned file: the magic {@code MMDM}, the file version
 * ({@value #FILE_VERSION}) and the feature format ({@link MessageFeatures#FORMAT}), then a deflated
 * body (kind, hash bits, description, base fingerprint, parameters, calibration, counts, and the
 * non-zero weights as slot deltas and floats), then a CRC-32 of all of it. Loading checks all of
 * them and throws {@link ModelFormatException} with the reason.
 *
 * <h2>Threads</h2>
 * Scoring is thread-safe and lock-free. {@link #learn} serialises learners on the model; a
 * score computed while another thread learns sees each weight before or after the update.
 * Several engines and threads may share a model.
 */
public final class DetectionModel {

    /** Version of the file format written by {@link #toBytes()}. */
    public static final int FILE_VERSION = 1;
    /** Default bits of the feature hash: 2<sup>18</sup> slots, 1 MB of weights for a base model. */
    public static final int DEFAULT_HASH_BITS = 18;
    /** Most weights a tenant layer keeps (about 16 bytes each in memory, 8 in the file). */
    public static final int MAX_LAYER_WEIGHTS = 50_000;

    private static final byte[] MAGIC = {'M', 'M', 'D', 'M'};
    private static final int KIND_BASE = 0;
    private static final int KIND_LAYER = 1;
    /** Step of the bias relative to the learning rate. */
    private static final double BIAS_RATE = 0.2;
    /** Weights smaller than this are not written (they change no verdict). */
    private static final float PRUNE_BELOW = 2e-3f;

    /**
     * How the model's log-odds become a contribution in rule-score points.
     *
     * @param offset          added to the content log-odds (in points) so that, with the rules'
     *                        thresholds, the operating point lands where training chose it
     * @param maxRaise        most points the model may add
     * @param maxLower        most points the model may take away
     * @param maxRaiseGuarded most points it may add to mail an organisation sent about itself
     *                        (authenticated or own-domain sender whose links stay at home)
     */
    public record Calibration(double offset, double maxRaise, double maxLower, double maxRaiseGuarded) {
        /** Defaults for a model that was not calibrated (a fresh tenant model without base). */
        public static final Calibration DEFAULT = new Calibration(0, 2, 3, 0);
    }

    /**
     * One labelled message for training.
     *
     * @param features  its features
     * @param malicious true for phish, malware, spam; false for wanted mail
     * @param weight    how much it counts (1 for an ordinary example)
     */
    public record Example(MessageFeatures features, boolean malicious, double weight) {
    }

    /**
     * How {@link #train} learns.
     *
     * @param hashBits      feature hash bits (must match the features)
     * @param epochs        passes over the examples
     * @param learningRate  AdaGrad's step size
     * @param l2            L2 penalty per update
     * @param seed          shuffling seed (training is deterministic for a seed)
     * @param suspiciousAt  the rules' SUSPICIOUS threshold, for calibration
     * @param confidence    how sure (probability of malicious, with the classes weighed equally)
     *                      the model must be, together with the rules, before it may tip a message
     *                      over the SUSPICIOUS threshold
     * @param maxRaise      see {@link Calibration}
     * @param maxLower      see {@link Calibration}
     * @param maxRaiseGuarded see {@link Calibration}
     * @param description   stored in the model (where and when it was trained)
     */
    public record TrainingOptions(int hashBits, int epochs, double learningRate, double l2, long seed,
                                  double suspiciousAt, double confidence, double maxRaise, double maxLower,
                                  double maxRaiseGuarded, String description) {
        /**
         * Defaults (chosen by two-fold cross-validation inside a tuning set): 18 bits, 8 epochs, rate 1,
         * L2 1e-6, 98% confidence, raise ≤ 4 (with the rules' SUSPICIOUS threshold at 4, a model that
         * is sure may flag mail no rule found anything in; ≤ 3 missed 0.4 points of recall in both
         * folds, ≤ 5 changed nothing), lower ≤ 3, own mail never raised.
         */
        public static TrainingOptions defaults(double suspiciousAt, String description) {
            return new TrainingOptions(DEFAULT_HASH_BITS, 8, 1.0, 1e-6, 20250101L, suspiciousAt, 0.98, 4, 3, 0,
                    description);
        }

        public TrainingOptions withCalibrationBounds(double raise, double lower, double raiseGuarded) {
            return new TrainingOptions(hashBits, epochs, learningRate, l2, seed, suspiciousAt, confidence, raise, lower,
                    raiseGuarded, description);
        }

        public TrainingOptions withConfidence(double p) {
            return new TrainingOptions(hashBits, epochs, learningRate, l2, seed, suspiciousAt, p, maxRaise, maxLower,
                    maxRaiseGuarded, description);
        }

        public TrainingOptions withEpochs(int n, double rate, double penalty) {
            return new TrainingOptions(hashBits, n, rate, penalty, seed, suspiciousAt, confidence, maxRaise, maxLower,
                    maxRaiseGuarded, description);
        }
    }

    /**
     * One feature's share of a contribution.
     *
     * @param feature its readable name
     * @param points  its contribution in rule-score points (positive: towards malicious)
     */
    public record Evidence(String feature, double points) {
    }

    private final int hashBits;
    private final DetectionModel base;
    private final Weights own;
    private volatile double bias;
    private volatile double biasAccumulator;
    private volatile double ruleScale;
    private volatile double ruleScaleAccumulator;
    private volatile Calibration calibration;
    private final String description;
    private volatile long examples;
    private volatile long positives;
    private final double learningRate;
    private final double l2;

    private DetectionModel(int hashBits, DetectionModel base, Weights own, double bias, double ruleScale,
                           Calibration calibration, String description, long examples, long positives,
                           double learningRate, double l2) {
        this.hashBits = hashBits;
        this.base = base;
        this.own = own;
        this.bias = bias;
        this.ruleScale = ruleScale;
        this.calibration = calibration;
        this.description = description == null ? "" : description;
        this.examples = examples;
        this.positives = positives;
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    /**
     * An untrained base model (it learns only from {@link #learn}); its contribution starts at
     * zero and grows as it sees examples.
     */
    public static DetectionModel empty(int hashBits, double suspiciousAt, String description) {
        checkBits(hashBits);
        // z = ruleScore - suspiciousAt at first: even odds exactly at the rules' threshold, and a
        // contribution of zero until it learns something
        return new DetectionModel(hashBits, null, new Weights.Dense(1 << hashBits), -suspiciousAt, 1.0,
                new Calibration(suspiciousAt, 2, 3, 0), description, 0, 0, 0.1, 1e-6);
    }

    /**
     * A tenant layer over this model: it starts as this model and learns on its own weights,
     * which are all {@link #toBytes()} writes, so it stays small.
     */
    public DetectionModel newLayer(String layerDescription) {
        return new DetectionModel(hashBits, this, new Weights.Sparse(MAX_LAYER_WEIGHTS), 0, ruleScale(), calibration(),
                layerDescription, 0, 0, learningRate, l2);
    }

    private static void checkBits(int bits) {
        if (bits < 10 || bits > 24) {
            throw new IllegalArgumentException("hash bits must be between 10 and 24: " + bits);
        }
    }

    /** Bits of the feature hash (features must be extracted with the same). */
    public int hashBits() {
        return hashBits;
    }

    /** The base this layer learns over, or null for a base model. */
    public DetectionModel base() {
        return base;
    }

    /** What the model is (given when it was trained or layered). */
    public String description() {
        return description;
    }

    /** Examples learned by this model itself (not its base). */
    public long examples() {
        return examples;
    }

    /** Of which malicious. */
    public long positives() {
        return positives;
    }

    /** Non-zero weights of this model itself. */
    public int size() {
        return own.nonZero();
    }

    /** The calibration in force (a layer's is its base's unless set). */
    public Calibration calibration() {
        return calibration;
    }

    /** Replaces the calibration (an operator tuning the model's reach). */
    public void calibrate(Calibration c) {
        this.calibration = c;
    }

    /** Log-odds per rule-score point. */
    public double ruleScale() {
        return base != null ? base.ruleScale() : ruleScale;
    }

    private float weight(int slot) {
        return base != null ? base.weight(slot) + own.get(slot) : own.get(slot);
    }

    private double totalBias() {
        return base != null ? base.totalBias() + bias : bias;
    }

    /** Content log-odds: everything but the rules' share. */
    public double contentLogit(MessageFeatures f) {
        check(f);
        double z = totalBias();
        for (int i = 0; i < f.size(); i++) {
            z += weight(f.index(i)) * f.value(i);
        }
        return z;
    }

    /** Log-odds that the message is malicious, rules included. */
    public double logit(MessageFeatures f) {
        return contentLogit(f) + ruleScale() * f.ruleScore();
    }

    /** Probability that the message is malicious. */
    public double probability(MessageFeatures f) {
        return 1 / (1 + Math.exp(-logit(f)));
    }

    /**
     * The model's contribution to the verdict's score, in rule-score points, within the
     * calibration's bounds.
     *
     * @param guarded true for mail an organisation sent about itself (see {@link Calibration})
     */
    public double contribution(MessageFeatures f, boolean guarded) {
        return contribution(contentLogit(f), guarded);
    }

    double contribution(double contentLogit, boolean guarded) {
        Calibration c = calibration;
        double scale = Math.max(1e-3, ruleScale());
        double points = contentLogit / scale + c.offset();
        double max = guarded ? Math.min(c.maxRaise(), c.maxRaiseGuarded()) : c.maxRaise();
        return Math.max(-c.maxLower(), Math.min(max, points));
    }

    /**
     * The {@code top} features that weighed most in the direction of the contribution (towards
     * malicious when {@code towardsMalicious}), in rule-score points.
     */
    public List<Evidence> explain(MessageFeatures f, boolean towardsMalicious, int top) {
        return explained(f, false, top).evidence(towardsMalicious);
    }

    /**
     * {@link #contribution(MessageFeatures, boolean)} and {@link #explain} from one pass over the
     * features: a verdict wants both, and reading every feature's weight twice cost more than
     * the rest of the model's work on a message.
     */
    public Explained explained(MessageFeatures f, boolean guarded, int top) {
        check(f);
        double scale = Math.max(1e-3, ruleScale());
        Explained out = new Explained(f, top);
        double z = totalBias();
        for (int i = 0; i < f.size(); i++) {
            float product = weight(f.index(i)) * f.value(i);
            z += product; // the same terms in the same order as contentLogit: the same sum
            double share = product / scale;
            if (!(share <= 0)) {
                out.towardsMalicious.offer(i, share);
            }
            if (!(share >= 0)) {
                out.towardsWanted.offer(i, share);
            }
        }
        out.contribution = contribution(z, guarded);
        return out;
    }

    /** A contribution and the features that weighed most on either side of it (see {@link #explained}). */
    public static final class Explained {
        private final MessageFeatures features;
        private final Strongest towardsMalicious;
        private final Strongest towardsWanted;
        private double contribution;

        private Explained(MessageFeatures features, int top) {
            this.features = features;
            this.towardsMalicious = new Strongest(Math.max(0, top));
            this.towardsWanted = new Strongest(Math.max(0, top));
        }

        /** As {@link DetectionModel#contribution(MessageFeatures, boolean)}. */
        public double contribution() {
            return contribution;
        }

        /** As {@link DetectionModel#explain}: features are named only when asked for. */
        public List<Evidence> evidence(boolean malicious) {
            Strongest side = malicious ? towardsMalicious : towardsWanted;
            List<Evidence> out = new ArrayList<>(side.found);
            for (int i = 0; i < side.found; i++) {
                out.add(new Evidence(features.name(side.feature[i]), side.share[i]));
            }
            return out;
        }
    }

    /**
     * The few largest shares of one sign, largest first, the earlier feature first among equals:
     * kept in small arrays, since sorting every feature of every message cost more than scoring it.
     */
    private static final class Strongest {
        final int[] feature;
        final double[] share;
        int found;

        Strongest(int k) {
            feature = new int[k];
            share = new double[k];
        }

        void offer(int i, double s) {
            int k = feature.length;
            double size = Math.abs(s);
            if (found < k) {
                found++;
            } else if (k == 0 || size <= Math.abs(share[k - 1])) {
                return;
            }
            int at = found - 1;
            while (at > 0 && Math.abs(share[at - 1]) < size) {
                feature[at] = feature[at - 1];
                share[at] = share[at - 1];
                at--;
            }
            feature[at] = i;
            share[at] = s;
        }
    }

    private void check(MessageFeatures f) {
        if (f.hashBits() != hashBits) {
            throw new IllegalArgumentException("features hashed with " + f.hashBits() + " bits, model uses " + hashBits);
        }
    }

    /**
     * Learns from one labelled message: one AdaGrad step of logistic regression on this model's
     * own weights (a layer never changes its base).
     *
     * @param malicious true when the message is malicious or unwanted, false when it is wanted
     * @param weight    how much the example counts (1 ordinary; more for an administrator's
     *                  explicit decision); 0 or less is ignored
     */
    public synchronized void learn(MessageFeatures f, boolean malicious, double weight) {
        learn(f, malicious, weight, true);
    }

    /**
     * As {@link #learn(MessageFeatures, boolean, double)}; with {@code intercept} false the bias
     * stays put, so only the message's own features move: what a tenant layer wants when it learns
     * an administrator's verdict on one message, which says nothing about the tenant's mail at large.
     */
    public synchronized void learn(MessageFeatures f, boolean malicious, double weight, boolean intercept) {
        check(f);
        if (!(weight > 0)) {
            return;
        }
        step(f, malicious, weight, learningRate, l2, base == null, intercept);
        fingerprint = 0;
        examples++;
        if (malicious) {
            positives++;
        }
    }

    /** One AdaGrad step; {@code learnScale} also adapts the rules' scale (base models only). */
    private void step(MessageFeatures f, boolean malicious, double weight, double rate, double penalty, boolean learnScale) {
        step(f, malicious, weight, rate, penalty, learnScale, true);
    }

    private void step(MessageFeatures f, boolean malicious, double weight, double rate, double penalty, boolean learnScale,
                      boolean intercept) {
        double z = logit(f);
        double p = 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));
        double g = (p - (malicious ? 1 : 0)) * weight;
        for (int i = 0; i < f.size(); i++) {
            int slot = f.index(i);
            double gi = g * f.value(i) + penalty * own.get(slot);
            own.accumulate(slot, (float) (gi * gi));
            double acc = own.accumulator(slot);
            own.add(slot, (float) (-rate * gi / Math.sqrt(acc + 1e-8)));
        }
        // the bias is one number every example moves: a plain step, not AdaGrad's shrinking one,
        // or the frequent words end up carrying the intercept (and crowd every explanation)
        if (intercept) {
            bias -= rate * BIAS_RATE * g;
        }
        if (learnScale) {
            double gs = g * f.ruleScore();
            ruleScaleAccumulator += gs * gs;
            ruleScale = Math.max(0.05, ruleScale - rate * gs / Math.sqrt(ruleScaleAccumulator + 1e-8));
        }
    }

    /**
     * Trains a base model on labelled examples and calibrates it: the offset puts the operating
     * point where the model, with the rules' score, is {@code confidence} sure the message is
     * malicious (classes weighed equally): {@code offset = suspiciousAt − logit(confidence) / ruleScale}.
     * A fixed probability, rather than a rate of false positives measured on the training mail,
     * because that rate depends on how easy the training ham was, and the tenant's mail is not it.
     */
    public static DetectionModel train(List<Example> data, TrainingOptions o) {
        checkBits(o.hashBits());
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no examples to train on");
        }
        if (!(o.confidence() > 0.5 && o.confidence() < 1)) {
            throw new IllegalArgumentException("confidence must be between 0.5 and 1: " + o.confidence());
        }
        List<Example> shuffled = new ArrayList<>(data);
        java.util.Collections.shuffle(shuffled, new Random(o.seed()));
        DetectionModel model = fit(shuffled, o);
        double offset = o.suspiciousAt() - Math.log(o.confidence() / (1 - o.confidence())) / Math.max(1e-3, model.ruleScale());
        model.calibration = new Calibration(Math.round(offset * 1000) / 1000.0, o.maxRaise(), o.maxLower(), o.maxRaiseGuarded());
        return model;
    }

    private static DetectionModel fit(List<Example> data, TrainingOptions o) {
        DetectionModel m = new DetectionModel(o.hashBits(), null, new Weights.Dense(1 << o.hashBits()), -o.suspiciousAt(),
                1.0, Calibration.DEFAULT, o.description(), 0, 0, o.learningRate(), o.l2());
        long pos = data.stream().filter(Example::malicious).count();
        long neg = data.size() - pos;
        // balance the classes so that the operating point, not the class ratio, decides
        double wPos = pos == 0 ? 1 : data.size() / (2.0 * pos);
        double wNeg = neg == 0 ? 1 : data.size() / (2.0 * neg);
        List<Example> order = new ArrayList<>(data);
        Random r = new Random(o.seed() + 1);
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            java.util.Collections.shuffle(order, r);
            for (Example e : order) {
                m.step(e.features(), e.malicious(), e.weight() * (e.malicious() ? wPos : wNeg), o.learningRate(), o.l2(), true);
            }
        }
        m.examples = data.size();
        m.positives = pos;
        return m;
    }

    // ------------------------------------------------------------------ bytes

    /** The model as a versioned, checksummed file (see the class comment). */
    public byte[] toBytes() {
        return toBytes(PRUNE_BELOW);
    }

    /**
     * As {@link #toBytes()}, at most {@code maxBytes} long: when the whole model would be larger,
     * only the weights of largest magnitude (those that move verdicts most) are written, as many as
     * fit. A layer reloaded from such a file has room to learn new features again.
     *
     * @throws IllegalArgumentException when not even a model without weights fits
     */
    public byte[] toBytes(int maxBytes) {
        byte[] all = toBytes(PRUNE_BELOW);
        if (all.length <= maxBytes) {
            return all;
        }
        float[] magnitudes = new float[own.nonZero()];
        int[] n = {0};
        own.forEach((slot, value, acc) -> {
            if (Math.abs(value) >= PRUNE_BELOW && n[0] < magnitudes.length) {
                magnitudes[n[0]++] = Math.abs(value);
            }
        });
        float[] sorted = Arrays.copyOf(magnitudes, n[0]);
        Arrays.sort(sorted); // ascending: keeping k weights means a threshold of sorted[length - k]
        // the file's size is close to proportional to the weights written; aim a little low, then step down
        int keep = (int) (sorted.length * (double) maxBytes / all.length * 0.97);
        while (keep > 0) {
            byte[] pruned = toBytes(sorted[sorted.length - keep]);
            if (pruned.length <= maxBytes) {
                return pruned;
            }
            keep = (int) (keep * 0.9);
        }
        byte[] empty = toBytes(Float.POSITIVE_INFINITY);
        if (empty.length > maxBytes) {
            throw new IllegalArgumentException("a model without weights takes " + empty.length + " bytes, over " + maxBytes);
        }
        return empty;
    }

    /** The file with the weights whose magnitude is at least {@code keepFrom}. */
    private byte[] toBytes(float keepFrom) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(body);
            out.writeByte(base == null ? KIND_BASE : KIND_LAYER);
            out.writeByte(hashBits);
            out.writeUTF(description.length() > 2000 ? description.substring(0, 2000) : description);
            out.writeLong(base == null ? 0 : base.fingerprint());
            out.writeDouble(bias);
            out.writeDouble(biasAccumulator);
            out.writeDouble(ruleScale);
            Calibration c = calibration;
            out.writeDouble(c.offset());
            out.writeDouble(c.maxRaise());
            out.writeDouble(c.maxLower());
            out.writeDouble(c.maxRaiseGuarded());
            out.writeLong(examples);
            out.writeLong(positives);
            out.writeDouble(learningRate);
            out.writeDouble(l2);
            boolean layer = base != null;
            int[] count = {0};
            ByteArrayOutputStream weights = new ByteArrayOutputStream();
            DataOutputStream w = new DataOutputStream(weights);
            int[] last = {-1};
            own.forEach((slot, value, acc) -> {
                if (Math.abs(value) < keepFrom) {
                    return;
                }
                try {
                    writeVarint(w, slot - last[0]);
                    w.writeFloat(value);
                    if (layer) {
                        w.writeFloat(acc); // a tenant's learning continues where it stopped
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                last[0] = slot;
                count[0]++;
            });
            out.writeInt(count[0]);
            w.flush();
            out.write(weights.toByteArray());
            out.flush();
            byte[] deflated = deflate(body.toByteArray());
            ByteArrayOutputStream file = new ByteArrayOutputStream(deflated.length + 16);
            DataOutputStream f = new DataOutputStream(file);
            f.write(MAGIC);
            f.writeShort(FILE_VERSION);
            f.writeShort(MessageFeatures.FORMAT);
            f.writeInt(deflated.length);
            f.write(deflated);
            CRC32 crc = new CRC32();
            crc.update(file.toByteArray());
            f.writeInt((int) crc.getValue());
            f.flush();
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
    }

    /** Loads a base model written by {@link #toBytes()}. */
    public static DetectionModel fromBytes(byte[] bytes) throws ModelFormatException {
        return fromBytes(bytes, null);
    }

    /**
     * Loads a model written by {@link #toBytes()}; a tenant layer needs the base it was trained
     * over (checked by fingerprint), a base model ignores {@code base}.
     *
     * @throws ModelFormatException when the bytes are not a usable model; the message says why
     */
    public static DetectionModel fromBytes(byte[] bytes, DetectionModel base) throws ModelFormatException {
        if (bytes == null || bytes.length < 16) {
            throw new ModelFormatException("not a model: " + (bytes == null ? "no bytes" : bytes.length + " bytes"));
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new ModelFormatException("not a Mailmoat detection model (bad magic)");
            }
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ((bytes[bytes.length - 4] & 0xff) << 24) | ((bytes[bytes.length - 3] & 0xff) << 16)
                | ((bytes[bytes.length - 2] & 0xff) << 8) | (bytes[bytes.length - 1] & 0xff);
        if ((int) crc.getValue() != stored) {
            throw new ModelFormatException("model file corrupted (checksum mismatch)");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 4, bytes.length - 8));
            int version = in.readUnsignedShort();
            if (version != FILE_VERSION) {
                throw new ModelFormatException("model file version " + version + " is not supported (this engine reads "
                        + FILE_VERSION + ")");
            }
            int features = in.readUnsignedShort();
            if (features != MessageFeatures.FORMAT) {
                throw new ModelFormatException("model was trained on feature format " + features + ", this engine extracts "
                        + MessageFeatures.FORMAT + ": retrain it");
            }
            int length = in.readInt();
            if (length < 0 || length > bytes.length) {
                throw new ModelFormatException("model file corrupted (bad length)");
            }
            byte[] deflated = new byte[length];
            in.readFully(deflated);
            DataInputStream b = new DataInputStream(new ByteArrayInputStream(inflate(deflated)));
            int kind = b.readUnsignedByte();
            int bits = b.readUnsignedByte();
            if (bits < 10 || bits > 24 || (kind != KIND_BASE && kind != KIND_LAYER)) {
                throw new ModelFormatException("model file corrupted (kind " + kind + ", " + bits + " bits)");
            }
            String description = b.readUTF();
            long baseFingerprint = b.readLong();
            double bias = b.readDouble();
            double biasAcc = b.readDouble();
            double ruleScale = b.readDouble();
            Calibration c = new Calibration(b.readDouble(), b.readDouble(), b.readDouble(), b.readDouble());
            long examples = b.readLong();
            long positives = b.readLong();
            double rate = b.readDouble();
            double l2 = b.readDouble();
            if (!Double.isFinite(bias) || !Double.isFinite(ruleScale) || !Double.isFinite(c.offset()) || !Double.isFinite(rate)) {
                throw new ModelFormatException("model file corrupted (non-finite parameters)");
            }
            DetectionModel layerBase = null;
            Weights weights;
            if (kind == KIND_LAYER) {
                if (base == null) {
                    throw new ModelFormatException("this is a tenant layer: load it with its base model");
                }
                if (base.hashBits != bits || base.fingerprint() != baseFingerprint) {
                    throw new ModelFormatException("this layer was trained over another base model (fingerprint "
                            + Long.toHexString(baseFingerprint) + ", given " + Long.toHexString(base.fingerprint()) + ")");
                }
                layerBase = base;
                weights = new Weights.Sparse(MAX_LAYER_WEIGHTS);
            } else {
                weights = new Weights.Dense(1 << bits);
            }
            int count = b.readInt();
            if (count < 0 || count > (1 << bits)) {
                throw new ModelFormatException("model file corrupted (" + count + " weights)");
            }
            int slot = -1;
            for (int i = 0; i < count; i++) {
                slot += readVarint(b);
                if (slot < 0 || slot >= (1 << bits)) {
                    throw new ModelFormatException("model file corrupted (weight slot out of range)");
                }
                float v = b.readFloat();
                if (!Float.isFinite(v)) {
                    throw new ModelFormatException("model file corrupted (non-finite weight)");
                }
                weights.add(slot, v);
                if (kind == KIND_LAYER) {
                    weights.accumulate(slot, b.readFloat());
                }
            }
            DetectionModel m = new DetectionModel(bits, layerBase, weights, bias, ruleScale, c, description, examples,
                    positives, rate, l2);
            m.biasAccumulator = biasAcc;
            return m;
        } catch (EOFException e) {
            throw new ModelFormatException("model file truncated", e);
        } catch (IOException e) {
            throw new ModelFormatException("model file unreadable: " + e.getMessage(), e);
        }
    }

    /** A 64-bit digest of this model's parameters: a layer names its base by it. Cached until it learns. */
    public long fingerprint() {
        long f = fingerprint;
        if (f == 0) {
            f = computeFingerprint();
            fingerprint = f;
        }
        return f;
    }

    private volatile long fingerprint;

    private long computeFingerprint() {
        long[] h = {0xcbf29ce484222325L};
        java.util.function.LongConsumer mix = v -> {
            h[0] ^= v;
            h[0] *= 0x100000001b3L;
        };
        mix.accept(hashBits);
        mix.accept(Double.doubleToLongBits(bias));
        mix.accept(Double.doubleToLongBits(ruleScale));
        own.forEach((slot, value, acc) -> {
            if (Math.abs(value) >= PRUNE_BELOW) {
                mix.accept(slot);
                mix.accept(Float.floatToIntBits(value));
            }
        });
        if (base != null) {
            mix.accept(base.fingerprint());
        }
        return h[0] == 0 ? 1 : h[0];
    }

    private static void writeVarint(DataOutputStream out, int v) throws IOException {
        int x = v;
        while ((x & ~0x7f) != 0) {
            out.writeByte((x & 0x7f) | 0x80);
            x >>>= 7;
        }
        out.writeByte(x);
    }

    private static int readVarint(DataInputStream in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new ModelFormatException("model file corrupted (bad varint)");
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** Inflates at most 64 MB: a corrupted or hostile file cannot exhaust memory. */
    private static byte[] inflate(byte[] data) throws ModelFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 3);
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new ModelFormatException("model file truncated (deflate stream)");
                }
                out.write(buf, 0, n);
                if (out.size() > 64 * 1024 * 1024) {
                    throw new ModelFormatException("model file too large once inflated");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new ModelFormatException("model file corrupted (deflate): " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    @Override
    public String toString() {
        return "DetectionModel[" + (base == null ? "base" : "layer") + ", " + hashBits + " bits, " + size() + " weights, "
                + examples + " examples, \"" + description + "\"]";
    }
}
